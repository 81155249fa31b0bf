import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Which Chromium the end-to-end tests and the renderer benchmark drive. Playwright never downloads
// one here; the first of these that exists wins:
//   1. CHROMIUM_PATH (a wrong value is an error, not a fallback: the developer asked for it)
//   2. Debian's /usr/bin/chromium (CI)
//   3. an installed Google Chrome or Chromium (macOS /Applications, ~/Applications; common Linux paths)
//   4. a browser Playwright installed earlier (`npx playwright install chromium`), if present
// README.md ("Browsers for the end-to-end tests") says how to get one on macOS and Linux.

export type BrowserSource = 'CHROMIUM_PATH' | 'debian' | 'installed' | 'playwright';

export type BrowserLookup =
  | { readonly kind: 'found'; readonly path: string; readonly source: BrowserSource }
  | { readonly kind: 'missing'; readonly message: string; readonly tried: readonly string[] };

export interface BrowserLookupOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly home?: string;
  /** Whether a file exists and may be run; the real file system unless a test says otherwise. */
  readonly isExecutable?: (file: string) => boolean;
  /** Where Playwright keeps the Chromium it installed (whether or not it is there). */
  readonly playwrightBrowser?: () => string | null;
}

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Installed Chrome and Chromium builds, in the order they are tried. */
export function installedBrowserPaths(platform: NodeJS.Platform, home: string): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    return [...apps.map((app) => path.join('/Applications', app)), ...apps.map((app) => path.join(home, 'Applications', app))];
  }
  if (platform === 'win32') return [];
  return [
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
    '/usr/local/bin/chromium',
    '/var/lib/flatpak/exports/bin/org.chromium.Chromium',
  ];
}

const realIsExecutable = (file: string): boolean => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

export function findBrowser(options: BrowserLookupOptions = {}): BrowserLookup {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const isExecutable = options.isExecutable ?? realIsExecutable;

  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    if (isExecutable(explicit)) return { kind: 'found', path: explicit, source: 'CHROMIUM_PATH' };
    return {
      kind: 'missing',
      tried: [explicit],
      message: `CHROMIUM_PATH is ${explicit}, which is not an executable file. Point it at a Chrome or Chromium binary, or unset it.`,
    };
  }
  const tried: string[] = [];
  const candidates: [string, BrowserSource][] = [
    [DEBIAN_CHROMIUM, 'debian'],
    ...installedBrowserPaths(platform, options.home ?? os.homedir()).map((file): [string, BrowserSource] => [file, 'installed']),
  ];
  const playwright = options.playwrightBrowser?.() ?? null;
  if (playwright) candidates.push([playwright, 'playwright']);
  for (const [file, source] of candidates) {
    tried.push(file);
    if (isExecutable(file)) return { kind: 'found', path: file, source };
  }
  return {
    kind: 'missing',
    tried,
    message:
      'No Chrome or Chromium found for the end-to-end tests. Install one (README.md, "Browsers for the end-to-end tests") ' +
      `or set CHROMIUM_PATH. Looked in: ${tried.join(', ')}`,
  };
}

/** The browser to launch, or an Error that says what to do. */
export function browserExecutable(options: BrowserLookupOptions = {}): string {
  const found = findBrowser(options);
  if (found.kind === 'missing') throw new Error(found.message);
  return found.path;
}
