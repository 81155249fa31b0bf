import crypto from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
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
 * Write `bytes` to `dir/name` so that a crash at any instant leaves either no file or the complete
 * file at the final name: temporary name in the same folder (same file system, so rename is
 * atomic), write, fsync, close, rename, fsync the folder. Never follows a symlink at the final or
 * temporary name.
 */
export async function writeFileAtomic(dir: string, name: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const finalPath = path.join(dir, name);
  const tempPath = path.join(dir, `${TEMP_PREFIX}${crypto.randomBytes(6).toString('hex')}-${name}`);
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(tempPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    let written = 0;
    options.onProgress?.(0, bytes.length);
    while (written < bytes.length) {
      if (options.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled during the copy');
      const { bytesWritten } = await handle.write(bytes, written, Math.min(chunkSize, bytes.length - written));
      written += bytesWritten;
      options.onProgress?.(written, bytes.length);
    }
    if (options.durable !== false) await handle.sync();
    await handle.close();
    handle = null;
    await options.beforeRename?.();
    if (options.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled before the file was put in place');
    await fs.rename(tempPath, finalPath);
    if (options.durable !== false && !options.deferDirectorySync) await syncDirectory(dir);
    return { path: finalPath, tempLeftBehind: null };
  } catch (error) {
    if (handle) await handle.close().catch(() => {});
    const left = await removeQuietly(tempPath);
    const failure = stagingError(error, `writing ${finalPath}`);
    throw Object.assign(failure, { tempLeftBehind: left });
  }
}

/** fsync a folder so a rename inside it is durable (a no-op where the platform refuses it). */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | null = null;
  try {
    handle = await fs.open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    await handle.sync();
  } catch (error) {
    // Some file systems (SMB shares, exFAT on some kernels) refuse fsync on a folder: the file
    // itself was fsynced; the rename is as durable as that file system allows.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close().catch(() => {});
  }
}

/** Remove a file; returns its path when it could not be removed (and still exists). */
async function removeQuietly(file: string): Promise<string | null> {
  try {
    await fs.unlink(file);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? null : file;
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new BenchError('STAGE_SYMLINK_ESCAPE', `${file} is not a regular file`);
    const hash = crypto.createHash('sha256');
    const buffer = Buffer.alloc(256 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close();
  }
}
