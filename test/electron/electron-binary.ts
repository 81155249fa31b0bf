import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/temp';

/**
 * Where the Electron binary would be, without triggering its download (requiring the `electron`
 * package downloads it on first use, which these build machines cannot do).
 */
export function electronBinary(): { path: string | null; reason: string } {
  const pkg = path.join(REPO_ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { path: null, reason: 'the Electron binary is not downloaded (node_modules/electron/path.txt missing); it cannot be fetched on this machine' };
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
