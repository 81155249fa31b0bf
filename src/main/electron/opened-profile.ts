// Opening a .mobileconfig with the app (Finder's "Open With", a drop on the Dock icon, or a path
// on the command line): the shell asks the core to inspect the file and offers to import it.
// The app is only an alternate viewer for the type (electron-builder.yml), so this never stands
// between a double-click and System Settings' own installer. Pure (type-only imports).
import path from 'node:path';
import type { ProfileInspection } from '../../shared/models/profile';

export const PROFILE_EXTENSION = '.mobileconfig';

/** The profile paths in a command line (the first launch on Linux, or a second instance's argv). */
export function profilePathsFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(PROFILE_EXTENSION))
    .map((arg) => path.resolve(cwd, arg));
}

export interface OpenedProfilePrompt {
  readonly message: string;
  readonly detail: string;
  /** "Import" first when importing makes sense; always a way to close. */
  readonly buttons: readonly string[];
  readonly importButton: number | null;
  readonly type: 'question' | 'warning';
}

function when(iso: string): string {
  return new Date(iso).toUTCString().replace(/:\d\d GMT$/, ' UTC');
}

/** What the dialog says about an opened file: what it is, whether it can enroll a Mac, and until when. */
export function openedProfilePrompt(inspection: ProfileInspection, filePath: string): OpenedProfilePrompt {
  const fileName = path.basename(filePath);
  const name = inspection.displayName ?? fileName;
  const lines: string[] = [];
  if (inspection.organization) lines.push(`From ${inspection.organization}.`);
  if (!inspection.isEnrollmentProfile) {
    lines.push(`This is not an enrollment profile: ${inspection.notEnrollmentReason ?? 'it has no MDM payload'}.`);
  } else if (inspection.expiry.status === 'expired') {
    lines.push(`It expired on ${when(inspection.expiry.expiresAt)}. Download it again from Intune before staging.`);
  } else {
    lines.push(`Valid until ${when(inspection.expiry.expiresAt)}${inspection.expiry.status === 'expiring' ? ' (soon)' : ''}.`);
  }
  for (const error of inspection.errors.slice(0, 3)) lines.push(`• ${error.message}`);
  const importable = inspection.isEnrollmentProfile;
  return {
    message: importable ? `Import “${name}” into the bench's profile library?` : `“${name}” cannot be used to enroll a Mac.`,
    detail: lines.join('\n'),
    buttons: importable ? ['Import', 'Cancel'] : ['Close'],
    importButton: importable ? 0 : null,
    type: importable && inspection.usable ? 'question' : 'warning',
  };
}
