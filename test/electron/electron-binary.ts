import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/temp';

/**
 * Where the Electron binary is: ELECTRON_PATH when set, else the electron package's download,
 * found without triggering it (requiring the `electron` package downloads it on first use, which
 * these build machines cannot do).
 */
export function electronBinary(): { path: string | null; reason: string } {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) {
    return fs.existsSync(fromEnv) ? { path: fromEnv, reason: '' } : { path: null, reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  }
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { path: null, reason: 'no Electron binary: ELECTRON_PATH is not set and node_modules/electron/path.txt is missing (it cannot be downloaded on this machine)' };
  }
  const binary = path.join(pkg, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(binary)) return { path: null, reason: `the Electron binary ${binary} is missing` };
  return { path: binary, reason: '' };
}

/** The better-sqlite3 build for Electron that `npm start` leaves in .cache/electron-native/. */
export function electronSqliteBinding(): string | undefined {
  try {
    const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const file = path.join(REPO_ROOT, '.cache', 'electron-native', `electron-${version}-${process.platform}-${process.arch}`, 'better_sqlite3.node');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The packaged app's executable from `npm run dist -- --test-build` (dist/), or the one named by
 * ENROLLMENT_BENCH_PACKAGED_APP. Test builds keep Electron's fuses so Playwright can attach.
 */
export function packagedApp(): { path: string | null; reason: string } {
  const fromEnv = process.env.ENROLLMENT_BENCH_PACKAGED_APP;
  if (fromEnv) return fs.existsSync(fromEnv) ? { path: fromEnv, reason: '' } : { path: null, reason: `ENROLLMENT_BENCH_PACKAGED_APP=${fromEnv} does not exist` };
  const dist = path.join(REPO_ROOT, 'dist');
  const candidates =
    process.platform === 'darwin'
      ? [`mac-${process.arch}`, 'mac', 'mac-universal'].map((dir) => path.join(dist, dir, 'Enrollment Bench.app', 'Contents', 'MacOS', 'Enrollment Bench'))
      : [path.join(dist, process.arch === 'arm64' ? 'linux-arm64-unpacked' : 'linux-unpacked', 'enrollment-bench')];
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  return found
    ? { path: found, reason: '' }
    : { path: null, reason: 'no packaged app: run `npm run dist -- --test-build` first (needs an Electron download; see docs/RELEASING.md)' };
}
