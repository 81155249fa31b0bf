import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Real file systems for tests, mounted only when running as root (CI and this machine are).
export const IS_ROOT = process.getuid?.() === 0;

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const CAN_LOOP_MOUNT = IS_ROOT && hasCommand('mkfs.ext4') && hasCommand('losetup');

/** Mount a tmpfs of `sizeKb` at `dir` (created if missing). Returns an unmount function. */
export function mountTmpfs(dir: string, sizeKb: number, options: { readOnly?: boolean } = {}): () => void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k${options.readOnly ? ',ro' : ''}`, 'tmpfs', dir]);
  return () => unmount(dir);
}

/** Create an ext4 image of `sizeMb` and loop-mount it at `dir`. Returns an unmount function. */
export function mountExt4Image(image: string, dir: string, sizeMb = 8): () => void {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('truncate', ['-s', `${sizeMb}M`, image]);
  execFileSync('mkfs.ext4', ['-q', '-F', image]);
  execFileSync('mount', ['-o', 'loop', image, dir]);
  return () => {
    unmount(dir);
    fs.rmSync(image, { force: true });
  };
}

export function remountReadOnly(dir: string): void {
  execFileSync('mount', ['-o', 'remount,ro', dir]);
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', [dir], { stdio: 'ignore' });
  } catch {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  }
}

/**
 * Unmount whatever a test left mounted inside `dir` (deepest first), so that removing the folder
 * afterwards cannot fail with EBUSY: a test that timed out never reached its own `finally`.
 * Linux only (mountinfo); elsewhere nothing is mounted by the tests.
 */
export function unmountAllUnder(dir: string): void {
  let table: string;
  try {
    table = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return;
  }
  const prefix = `${path.resolve(dir)}/`;
  const points = table
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
    .filter((p) => p.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
  for (const point of points) {
    try {
      unmount(point);
    } catch {
      // Gone already.
    }
  }
}
