import fs from 'node:fs/promises';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { forbiddenStagingTree } from '../../shared/rules/staging-paths';

// Resolve a destination folder under a target root without ever following a symlink: a
// "Users/Shared" that points at the bench's own disk (or anywhere) must not receive a write.

/**
 * Walk `segments` below `root`, creating missing folders, refusing any component that is a
 * symlink or not a folder, and finally checking that the real path is still inside the real root.
 */
export async function resolveInsideRoot(root: string, segments: readonly string[], mode = 0o755): Promise<string> {
  refuseForbidden(path.join(root, ...segments));
  const realRoot = await fs.realpath(root);
  refuseForbidden(path.join(realRoot, ...segments));
  let current = realRoot;
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\')) {
      throw new BenchError('STAGE_SYMLINK_ESCAPE', `unsafe path component ${JSON.stringify(segment)}`);
    }
    const next = path.join(current, segment);
    let stat = await lstatOrNull(next);
    if (!stat) {
      try {
        await fs.mkdir(next, { mode });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      stat = await fs.lstat(next);
    }
    if (stat.isSymbolicLink()) {
      throw new BenchError('STAGE_SYMLINK_ESCAPE', `${next} is a symbolic link`);
    }
    if (!stat.isDirectory()) {
      throw new BenchError('STAGE_SYMLINK_ESCAPE', `${next} is not a folder`);
    }
    current = next;
  }
  const real = await fs.realpath(current);
  refuseForbidden(real);
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    throw new BenchError('STAGE_SYMLINK_ESCAPE', `${current} resolves to ${real}, outside ${realRoot}`);
  }
  return current;
}

/** Never under macOS's profile store (there is no drop folder since macOS 11). */
function refuseForbidden(file: string): void {
  const tree = forbiddenStagingTree(file);
  if (tree) throw new BenchError('STAGE_FORBIDDEN_PATH', `${file} is under ${tree}`);
}

async function lstatOrNull(file: string) {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
