// Folder handles for staging. Every folder below a target's root is opened relative to the open
// folder above it, refusing a symlink at each step, and every file the stager creates, renames,
// reads back or removes is named through the handle of its folder. A folder swapped for a symlink
// (or moved away) after the walk cannot redirect a write: the handle still names the folder that
// was checked, wherever it now is.
//
// Node has no openat(2). On Linux the kernel's /proc/self/fd/N names the open folder itself (a
// lookup below it starts from that folder, not from its path), which gives the same guarantee.
// Elsewhere (macOS) the walk opens by path with O_NOFOLLOW at each step and compares each folder's
// device/inode through its handle with what its path shows, before and after every write; the
// window between such a check and the next call remains there (docs/RELIABILITY.md).
import { constants } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { asyncFileOps, type FileOps } from '../platform/file-ops';

export interface FileIdentity {
  readonly device: number;
  readonly inode: number;
}

export interface DirHandle {
  /** The path this folder had when it was opened (what messages and the journal show). */
  readonly path: string;
  readonly identity: FileIdentity;
  /** True where `child()` names the entry through the handle (Linux), not through `path`. */
  readonly relative: boolean;
  /** A path to `name` inside this very folder (one component: no `/`, `.` or `..`). */
  child(name: string): string;
  /** A path to the folder itself, for readdir. */
  readonly self: string;
  /** The calls every file below this folder is made with (the thread pool, or direct in a worker). */
  readonly ops: FileOps;
  /** fsync the folder (a no-op where the file system refuses it, e.g. some SMB clients). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

const DIR_FLAGS = constants.O_RDONLY | (constants.O_DIRECTORY ?? 0);
const PROC_FD = '/proc/self/fd';

export const sameIdentity = (a: FileIdentity | null | undefined, b: FileIdentity | null | undefined): boolean =>
  !!a && !!b && a.device === b.device && a.inode === b.inode;

/** The folder found now is the one the scan saw (by device alone where the scan kept no inode). */
export const matchesScan = (scanned: { device: number; inode: number | null }, now: FileIdentity): boolean =>
  scanned.device === now.device && (scanned.inode === null || scanned.inode === now.inode);

export const identityOf = (stat: { dev: number; ino: number }): FileIdentity => ({ device: stat.dev, inode: stat.ino });

export const describeIdentity = (id: { device: number; inode: number | null } | null): string => (id ? `${id.device}:${id.inode ?? '*'}` : 'unknown');

/** Open a target's root folder (a mount point: symlinks in the path leading to it are resolved first). */
export async function openRootDir(root: string, ops: FileOps = asyncFileOps): Promise<DirHandle> {
  const real = await ops.realpath(root);
  return wrap(ops, await ops.open(real, DIR_FLAGS | constants.O_NOFOLLOW), real);
}

/**
 * Open (creating it when asked and missing) the folder `name` inside `parent`, refusing a symlink,
 * anything that is not a folder, and a folder on another volume (something mounted inside a target).
 */
export async function openChildDir(parent: DirHandle, name: string, options: { create: boolean; mode?: number }): Promise<DirHandle> {
  const shown = path.join(parent.path, name);
  const where = parent.child(name);
  const ops = parent.ops;
  const open = () => ops.open(where, DIR_FLAGS | constants.O_NOFOLLOW);
  let handle: number;
  try {
    handle = await open();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && options.create) {
      try {
        await ops.mkdir(where, options.mode ?? 0o755);
      } catch (mkdirError) {
        if ((mkdirError as NodeJS.ErrnoException).code !== 'EEXIST') throw mkdirError;
      }
      try {
        handle = await open();
      } catch (again) {
        throw await refusal(ops, again, where, shown);
      }
    } else {
      throw await refusal(ops, error, where, shown);
    }
  }
  const child = await wrap(ops, handle, shown);
  if (child.identity.device !== parent.identity.device) {
    await child.close();
    throw new BenchError('STAGE_SYMLINK_ESCAPE', `${shown} is another volume mounted inside the target`);
  }
  if (!child.relative) {
    // No handle-relative lookup here: make sure the path still shows the folder just opened.
    const now = await ops.lstat(shown).catch(() => null);
    if (!now || !sameIdentity(identityOf(now), child.identity)) {
      await child.close();
      throw new BenchError('STAGE_SYMLINK_ESCAPE', `${shown} changed while it was being opened`);
    }
  }
  return child;
}

/** O_NOFOLLOW refused the last component: say whether it is a symlink or not a folder at all. */
async function refusal(ops: FileOps, error: unknown, where: string, shown: string): Promise<unknown> {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return new BenchError('STAGE_SYMLINK_ESCAPE', `${shown} is a symbolic link`);
  if (code === 'ENOTDIR') {
    const stat = await ops.lstat(where).catch(() => null);
    return new BenchError('STAGE_SYMLINK_ESCAPE', stat?.isSymbolicLink() ? `${shown} is a symbolic link` : `${shown} is not a folder`);
  }
  return error;
}

/**
 * Does /proc/self/fd/N name the open folder here? Learned once per process, from the first handle
 * (Linux with /proc mounted: yes; elsewhere, or /proc hidden: the path-checking walk).
 */
let procWorks: boolean | null = null;
async function procNamesHandles(ops: FileOps, viaProc: string, identity: FileIdentity): Promise<boolean> {
  if (procWorks === null) {
    procWorks = process.platform === 'linux' && sameIdentity(identityOf(await ops.stat(viaProc).catch(() => ({ dev: -1, ino: -1 }))), identity);
  }
  return procWorks;
}

/** A folder handle over an open descriptor; the descriptor is closed here when it is not a folder or cannot be judged. */
async function wrap(ops: FileOps, fd: number, shownPath: string): Promise<DirHandle> {
  let identity: FileIdentity;
  let relative: boolean;
  const viaProc = `${PROC_FD}/${fd}`;
  try {
    const stat = await ops.fstat(fd);
    if (!stat.isDirectory()) throw new BenchError('STAGE_SYMLINK_ESCAPE', `${shownPath} is not a folder`);
    identity = identityOf(stat);
    relative = await procNamesHandles(ops, viaProc, identity);
  } catch (error) {
    await ops.close(fd).catch(() => {});
    throw error;
  }
  const self = relative ? viaProc : shownPath;
  let closed = false;
  return {
    path: shownPath,
    identity,
    relative,
    self,
    ops,
    child(name) {
      if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
        throw new BenchError('STAGE_SYMLINK_ESCAPE', `unsafe file name ${JSON.stringify(name)}`);
      }
      return `${self}/${name}`;
    },
    async sync() {
      try {
        await ops.fsync(fd);
      } catch (error) {
        // Some file systems (SMB clients, exFAT on some kernels) refuse fsync on a folder: the file
        // itself was fsynced; the rename is as durable as that file system allows.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF' && code !== 'ENOSYS') throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await ops.close(fd).catch(() => {});
    },
  };
}

/**
 * Is the chain of folders still what a path walk from the root's path shows? Returns what differs
 * (coded), or null.
 * (A lazily unmounted target shows the bench's own folder under its old mount point; a swapped
 * folder shows a symlink or another inode.)
 */
export async function chainMismatch(chain: readonly DirHandle[], segments: readonly string[]): Promise<{ code: 'STAGE_DISCONNECTED' | 'STAGE_SYMLINK_ESCAPE'; message: string } | null> {
  const [rootHandle, ...rest] = chain;
  if (!rootHandle) return null;
  const ops = rootHandle.ops;
  const rootNow = await ops.stat(rootHandle.path).catch(() => null);
  if (!rootNow || !sameIdentity(identityOf(rootNow), rootHandle.identity)) {
    return {
      code: 'STAGE_DISCONNECTED',
      message: `${rootHandle.path} is no longer the volume the copy was written to (device:inode ${describeIdentity(rootHandle.identity)} then, ${describeIdentity(rootNow ? identityOf(rootNow) : null)} now)`,
    };
  }
  let current = rootHandle.path;
  for (let i = 0; i < rest.length; i += 1) {
    current = path.join(current, segments[i] as string);
    const now = await ops.lstat(current).catch(() => null);
    if (!now) return { code: 'STAGE_DISCONNECTED', message: `${current} is gone from the target` };
    if (now.isSymbolicLink() || !sameIdentity(identityOf(now), (rest[i] as DirHandle).identity)) {
      return { code: 'STAGE_SYMLINK_ESCAPE', message: `${current} was replaced while the profile was being written` };
    }
  }
  return null;
}
