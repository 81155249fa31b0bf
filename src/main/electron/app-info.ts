// What the desktop app says about itself: `--version` on its command line and the native About
// panel. Pure (type-only Electron import) so tests check the text on plain Node.
import type { AboutPanelOptionsOptions } from 'electron';

export interface AppIdentity {
  readonly name: string;
  readonly version: string;
  readonly electronVersion: string;
  readonly chromeVersion: string;
}

/** `Enrollment Bench 0.1.0 (Electron 45.5.0)`: the line `--version` prints. */
export function versionLine(identity: AppIdentity): string {
  return `${identity.name} ${identity.version} (Electron ${identity.electronVersion})`;
}

/** True when the app was started only to print its version (`--version`, as the CLI has). */
export function wantsVersion(argv: readonly string[]): boolean {
  return argv.includes('--version');
}

export function aboutPanelOptions(identity: AppIdentity, year: number): AboutPanelOptionsOptions {
  return {
    applicationName: identity.name,
    applicationVersion: identity.version,
    // macOS shows this in brackets after the version; Linux shows it as the build.
    version: `Electron ${identity.electronVersion}, Chromium ${identity.chromeVersion}`,
    copyright: `Copyright © ${year} Enrollment Bench contributors`,
    credits: 'Stages Intune direct-enrollment profiles on attached Macs. Works offline.',
  };
}
