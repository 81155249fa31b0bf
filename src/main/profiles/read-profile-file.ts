import type { Stats } from 'node:fs';
import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { MAX_PROFILE_BYTES } from '../../shared/models/profile';
import { FileTooLarge, NotRegularFile, readRegularFileWithStat } from '../platform/regular-file';
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
  let read: { bytes: Buffer; stat: Stats };
  try {
    // Non-blocking and type-checked on the open handle (platform/regular-file.ts): a FIFO (or a
    // device) given as a profile must not hold a thread-pool thread waiting for a writer. A
    // symlink is followed: this is a file a person picked.
    read = await readRegularFileWithStat(filePath, MAX_PROFILE_BYTES, { followSymlink: true });
  } catch (error) {
    if (error instanceof NotRegularFile) throw new BenchError('IO_ERROR', `${filePath}: not a regular file`);
    if (error instanceof FileTooLarge) {
      throw new BenchError(
        'PROFILE_TOO_LARGE',
        error.size === null ? `${filePath}: grew past ${MAX_PROFILE_BYTES} bytes while being read` : `${filePath}: ${error.size} bytes; profiles are read up to ${MAX_PROFILE_BYTES} bytes`,
      );
    }
    throw ioError(filePath, error);
  }
  const { bytes, stat } = read;
  try {
    const quarantine = await readQuarantine(filePath);
    return {
      bytes: new Uint8Array(bytes),
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
  }
}

function ioError(filePath: string, error: unknown): BenchError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'a folder, not a file' : (error as Error).message;
  return new BenchError('IO_ERROR', `${filePath}: ${reason}`);
}
