// Real volume trees for discovery tests: folders shaped like a Mac's System and Data volumes or a
// carrier stick, and (as root) real tmpfs and loop-mounted ext4 file systems under a mount root.
// Trees are built beside the root and renamed into it, so a volume appears at once with its
// contents, as a mount does.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { SYSTEM_VERSION_PATH } from '../../src/main/devices/system-version';
import { CORPUS_ROOT } from './temp';

export const SYSTEM_VERSION_CORPUS = path.join(CORPUS_ROOT, 'systemversion');

/** A System volume: System/Library/CoreServices/SystemVersion.plist from the corpus (or given text). */
export function writeSystemVolume(dir: string, plist: string | { corpus: string }): void {
  const file = path.join(dir, ...SYSTEM_VERSION_PATH);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (typeof plist === 'string') fs.writeFileSync(file, plist);
  else fs.copyFileSync(path.join(SYSTEM_VERSION_CORPUS, plist.corpus), file);
}

/** A Data volume: Users/Shared (world-writable, sticky, as on a Mac) and a little else. */
export function writeDataVolume(dir: string): void {
  fs.mkdirSync(path.join(dir, 'Users', 'Shared'), { recursive: true });
  fs.chmodSync(path.join(dir, 'Users', 'Shared'), 0o1777);
  fs.mkdirSync(path.join(dir, 'Library'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'private', 'var'), { recursive: true });
}

export function writeCarrier(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.txt'), 'Enrollment carrier stick\n');
}

/** Build a volume in `staging` (same file system as `root`), then rename it into `root`. */
export function appear(root: string, staging: string, name: string, build: (dir: string) => void): string {
  const building = fs.mkdtempSync(path.join(staging, 'vol-'));
  build(building);
  const target = path.join(root, name);
  fs.renameSync(building, target);
  return target;
}

/**
 * The opposite of appear: each volume leaves at once (renamed out of `root`, then deleted), the
 * way an unmount takes a volume away whole. A recursive delete in place would show the scanner a
 * half-empty volume for a moment, which no real unplug does.
 */
export function disappear(root: string, ...names: string[]): void {
  for (const name of names) {
    const volume = path.join(root, name);
    if (!fs.existsSync(volume)) continue;
    const gone = fs.mkdtempSync(path.join(path.dirname(root), 'gone-'));
    fs.renameSync(volume, path.join(gone, 'volume'));
    fs.rmSync(gone, { recursive: true, force: true });
  }
}

// ── real mounts (root only) ────────────────────────────────────────────────────────────────

const MKFS_EXT4 = ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4'].find((p) => fs.existsSync(p)) ?? null;

/** Why mount tests cannot run here, or null when they can (root that may mount tmpfs, mkfs.ext4). */
export function mountUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'mount tests need Linux (tmpfs, loop devices)';
  if (process.getuid?.() !== 0) return 'mount tests need root (run the suite as root to mount tmpfs and ext4 images)';
  if (!MKFS_EXT4) return 'mount tests need mkfs.ext4 (e2fsprogs)';
  const probe = fs.mkdtempSync('/tmp/eb-mount-probe-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `this root may not mount file systems (${String(error).split('\n')[0]})`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

/** Mounts made by a test, undone by `unmountAll` in afterEach — even when the test failed. */
export class Mounts {
  private readonly points: string[] = [];

  tmpfs(dir: string, options: { sizeKb: number; readOnly?: boolean }): void {
    fs.mkdirSync(dir, { recursive: true });
    const opts = [`size=${options.sizeKb}k`, 'mode=0755', ...(options.readOnly ? ['ro'] : [])].join(',');
    execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir], { stdio: 'pipe' });
    this.points.push(dir);
  }

  /** A fresh ext4 image with a known UUID, loop-mounted on `dir`. */
  ext4(image: string, dir: string, uuid: string, sizeMb = 8): void {
    fs.writeFileSync(image, Buffer.alloc(0));
    fs.truncateSync(image, sizeMb * 1024 * 1024);
    execFileSync(MKFS_EXT4 as string, ['-q', '-F', '-U', uuid, '-L', path.basename(dir).slice(0, 16), image], { stdio: 'pipe' });
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('mount', ['-o', 'loop', image, dir], { stdio: 'pipe' });
    this.points.push(dir);
  }

  unmount(dir: string): void {
    execFileSync('umount', [dir], { stdio: 'pipe' });
    this.points.splice(this.points.indexOf(dir), 1);
  }

  unmountAll(): void {
    for (const dir of this.points.reverse()) {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      }
    }
    this.points.length = 0;
  }
}

/** Fill a file system until it refuses another byte. */
export function fillUp(dir: string): void {
  const fd = fs.openSync(path.join(dir, 'filler.bin'), 'w');
  try {
    for (const size of [64 * 1024, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}
