import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { forbiddenStagingTree } from '../../shared/rules/staging-paths';
import type { FileIdentity as ScannedIdentity } from '../../shared/models/target';
import { asyncFileOps, type FileOps } from '../platform/file-ops';
import { describeIdentity, matchesScan, openChildDir, openRootDir, type DirHandle } from './dir-handle';

// The destination folder under a target root, opened without ever following a symlink: a
// "Users/Shared" that points at the bench's own disk (or anywhere) must not receive a write, and
// one swapped for a symlink after this walk cannot either (the stager writes through the handles).

export interface OpenedDestination {
  /** The root, then each folder below it; the last is where the files go. */
  readonly chain: readonly DirHandle[];
  readonly dir: DirHandle;
  close(): Promise<void>;
}

/**
 * Open `segments` below `root` one by one, each relative to the one above, creating missing
 * folders and refusing any component that is a symlink, not a folder, or another volume. When the
 * scan recorded the root's device/inode (`expected`), a root that is no longer that folder — a
 * lazily unmounted volume shows the bench's own folder under its old mount point — is
 * STAGE_DISCONNECTED before anything is written.
 */
export async function openInsideRoot(root: string, segments: readonly string[], options: { expected?: ScannedIdentity | null; mode?: number; ops?: FileOps } = {}): Promise<OpenedDestination> {
  refuseForbidden(path.join(root, ...segments));
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\')) {
      throw new BenchError('STAGE_SYMLINK_ESCAPE', `unsafe path component ${JSON.stringify(segment)}`);
    }
  }
  const chain: DirHandle[] = [];
  const close = async () => {
    await Promise.all(chain.splice(0).map((handle) => handle.close()));
  };
  try {
    const rootHandle = await openRootDir(root, options.ops ?? asyncFileOps);
    chain.push(rootHandle);
    refuseForbidden(path.join(rootHandle.path, ...segments));
    if (options.expected && !matchesScan(options.expected, rootHandle.identity)) {
      throw new BenchError(
        'STAGE_DISCONNECTED',
        `${root} is no longer the volume that was scanned (device:inode ${describeIdentity(options.expected)} then, ${describeIdentity(rootHandle.identity)} now)`,
      );
    }
    for (const segment of segments) {
      chain.push(await openChildDir(chain[chain.length - 1] as DirHandle, segment, { create: true, mode: options.mode ?? 0o755 }));
    }
    return { chain: [...chain], dir: chain[chain.length - 1] as DirHandle, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Never under macOS's profile store (there is no drop folder since macOS 11). */
function refuseForbidden(file: string): void {
  const tree = forbiddenStagingTree(file);
  if (tree) throw new BenchError('STAGE_FORBIDDEN_PATH', `${file} is under ${tree}`);
}
