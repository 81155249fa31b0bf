import crypto from 'node:crypto';
import { constants } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { asyncFileOps, type FileOps } from '../platform/file-ops';
import { NotRegularFile, sha256OfRegularFile } from '../platform/regular-file';
import type { DirHandle } from './dir-handle';
import { stagingError } from './stage-errors';

export interface AtomicWriteOptions {
  readonly chunkSize?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((written: number, total: number) => void) | undefined;
  /** fsync the file and its folder (default). Off only for files that matter less than the profile. */
  readonly durable?: boolean;
  /**
   * The caller fsyncs the folder itself (after putting more files in it: one folder fsync for
   * all of them). The file is fsynced before its rename either way.
   */
  readonly deferDirectorySync?: boolean;
  /** Awaited after the data is written and fsynced, before the rename puts it at its final name. */
  readonly beforeRename?: (() => Promise<void> | void) | undefined;
}

export interface AtomicWriteResult {
  readonly path: string;
  /** A temporary file that could not be removed after a failure (reported, never silent). */
  readonly tempLeftBehind: string | null;
}

export const TEMP_PREFIX = '.eb-tmp-';

/**
 * Write `bytes` to `name` in the open folder `dir` so that a crash at any instant leaves either no
 * file or the complete file at the final name: temporary name in the same folder (same file
 * system, so rename is atomic), write, fsync, close, rename, fsync the folder. Every step names the
 * file through the folder's handle, and never follows a symlink at the final or temporary name.
 * The temporary file is removed on every way out, or reported (`tempLeftBehind`).
 */
export async function writeFileAtomic(dir: DirHandle, name: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const finalPath = path.join(dir.path, name);
  const tempName = `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}-${name}`;
  const tempPath = dir.child(tempName);
  const ops = dir.ops;
  let fd: number | null = null;
  try {
    fd = await ops.open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    let written = 0;
    options.onProgress?.(0, bytes.length);
    while (written < bytes.length) {
      if (options.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled during the copy');
      const bytesWritten = await ops.write(fd, bytes, written, Math.min(chunkSize, bytes.length - written));
      written += bytesWritten;
      options.onProgress?.(written, bytes.length);
    }
    if (options.durable !== false) await ops.fsync(fd);
    const closing = fd;
    fd = null;
    await ops.close(closing);
    await options.beforeRename?.();
    if (options.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled before the file was put in place');
    await ops.rename(tempPath, dir.child(name));
    if (options.durable !== false && !options.deferDirectorySync) await dir.sync();
    return { path: finalPath, tempLeftBehind: null };
  } catch (error) {
    if (fd !== null) await ops.close(fd).catch(() => {});
    const left = (await removeQuietly(ops, tempPath)) ? path.join(dir.path, tempName) : null;
    const failure = stagingError(error, `writing ${finalPath}`);
    throw Object.assign(failure, { tempLeftBehind: left });
  }
}

/** Remove a file; true when it could not be removed (and may still exist). */
async function removeQuietly(ops: FileOps, file: string): Promise<boolean> {
  try {
    await ops.unlink(file);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** sha256 of a file on a target, read through a type-checked handle (never a FIFO or a symlink). */
export async function sha256OfFile(file: string, ops: FileOps = asyncFileOps): Promise<string> {
  try {
    return await sha256OfRegularFile(file, ops);
  } catch (error) {
    if (error instanceof NotRegularFile) throw new BenchError('STAGE_SYMLINK_ESCAPE', error.message);
    throw error;
  }
}
