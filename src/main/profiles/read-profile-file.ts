import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { MAX_PROFILE_BYTES } from '../../shared/models/profile';
import type { LocalDownloadEvidence } from './inspect-profile';
import { parseQuarantineTimestamp, type QuarantineReader } from './quarantine';

export interface ProfileFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  /** What the file system says about the download (birth, modification, quarantine). */
  readonly evidence: Omit<LocalDownloadEvidence, 'enteredMs' | 'firstSeenMs'>;
}

/**
 * Read a profile file from disk, refusing anything above MAX_PROFILE_BYTES from its size before a
 * byte is read (a 50 MB file costs one fstat). Missing or unreadable files are IO_ERROR.
 */
export async function readProfileFile(filePath: string, readQuarantine: QuarantineReader): Promise<ProfileFile> {
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a FIFO (or a device) given as a profile must not hold a thread-pool thread
    // waiting for a writer; it is opened at once and refused by the type check below.
    handle = await fs.open(filePath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw ioError(filePath, error);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new BenchError('IO_ERROR', `${filePath}: not a regular file`);
    if (stat.size > MAX_PROFILE_BYTES) throw new BenchError('PROFILE_TOO_LARGE', `${filePath}: ${stat.size} bytes; profiles are read up to ${MAX_PROFILE_BYTES} bytes`);
    // Read one byte more than allowed: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(MAX_PROFILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_PROFILE_BYTES) throw new BenchError('PROFILE_TOO_LARGE', `${filePath}: grew past ${MAX_PROFILE_BYTES} bytes while being read`);
    }
    const quarantine = await readQuarantine(filePath);
    return {
      bytes: new Uint8Array(buffer.subarray(0, length)),
      fileName: path.basename(filePath),
      evidence: {
        // 0 means the file system keeps no birth time (many Linux file systems).
        birthTimeMs: stat.birthtimeMs > 0 ? stat.birthtimeMs : null,
        modifiedTimeMs: stat.mtimeMs > 0 ? stat.mtimeMs : null,
        quarantineMs: quarantine === null ? null : parseQuarantineTimestamp(quarantine),
      },
    };
  } catch (error) {
    throw error instanceof BenchError ? error : ioError(filePath, error);
  } finally {
    await handle.close();
  }
}

function ioError(filePath: string, error: unknown): BenchError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
  return new BenchError('IO_ERROR', `${filePath}: ${reason}`);
}
