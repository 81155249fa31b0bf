import crypto from 'node:crypto';
import { constants } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { asyncFileOps, type FileOps } from '../platform/file-ops';
import { NotRegularFile, sha256OfRegularFile } from '../platform/regular-file';
import type { DirHandle } from './dir-handle';
import { stagingError } from './stage-errors';

export interface TempWriteOptions {
  readonly chunkSize?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((written: number, total: number) => void) | undefined;
  /** fsync the file before answering (default). Off only for files that matter less than the profile. */
  readonly durable?: boolean;
  /**
   * Called once the fsync has been asked for and before it is awaited: work that needs no disk
   * flush of its own runs while this one does (the stager's other file, its sweep of old copies).
   */
  readonly whileSyncing?: (() => void) | undefined;
  /** The temporary name to use (tempNameFor), when the caller must know it beforehand. */
  readonly tempName?: string;
}

/** A complete file under a temporary name in its folder, not yet at its final name. */
export interface TempFile {
  /** Rename it to its final name through the folder's handle (a rename never follows a symlink at the destination). */
  putInPlace(): Promise<void>;
  /** Remove it (after a failure): the path left behind when it could not be removed, else null. */
  discard(): Promise<string | null>;
}

export const TEMP_PREFIX = '.eb-tmp-';

/** Random bytes for temporary names, drawn 64 names at a time: one draw costs far more than its bytes. */
let randomPool = Buffer.alloc(0);
let randomUsed = 0;
function randomHex12(): string {
  if (randomUsed + 6 > randomPool.length) {
    randomPool = crypto.randomBytes(6 * 64);
    randomUsed = 0;
  }
  randomUsed += 6;
  return randomPool.toString('hex', randomUsed - 6, randomUsed);
}

/** A fresh temporary name for `name`: `.eb-tmp-<12 hex>-<name>`. */
export const tempNameFor = (name: string): string => `${TEMP_PREFIX}${randomHex12()}-${name}`;

/**
 * The first half of an atomic write: `bytes` to a new temporary name in the open folder `dir`
 * (same file system as the final name, so the rename is atomic), `O_EXCL | O_NOFOLLOW`, written,
 * fsynced (unless not durable) and closed. A crash at any instant leaves either no file or the
 * complete file at the final name once `putInPlace` has run; the caller fsyncs the folder after it
 * (one folder fsync for every file it puts there). A failure here removes the temporary file, or
 * reports it (`tempLeftBehind` on the error).
 */
export async function writeTemp(dir: DirHandle, name: string, bytes: Uint8Array, options: TempWriteOptions = {}): Promise<TempFile> {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  const finalPath = path.join(dir.path, name);
  const tempName = options.tempName ?? tempNameFor(name);
  const tempPath = dir.child(tempName);
  const ops = dir.ops;
  const discard = async () => ((await removeQuietly(ops, tempPath)) ? path.join(dir.path, tempName) : null);
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
    if (options.durable !== false) {
      const synced = ops.fsync(fd);
      try {
        options.whileSyncing?.();
      } finally {
        await synced;
      }
    }
    const closing = fd;
    fd = null;
    await ops.close(closing);
  } catch (error) {
    if (fd !== null) await ops.close(fd).catch(() => {});
    const failure = stagingError(error, `writing ${finalPath}`);
    throw Object.assign(failure, { tempLeftBehind: await discard() });
  }
  return { putInPlace: () => ops.rename(tempPath, dir.child(name)), discard };
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
