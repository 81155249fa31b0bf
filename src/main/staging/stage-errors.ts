import { BenchError, type ErrorCode } from '../../shared/errors';

// errno → the sentence a technician reads. Anything not listed keeps its errno in the detail.
const ERRNO_CODES: Readonly<Record<string, ErrorCode>> = {
  ENOSPC: 'STAGE_DISK_FULL',
  EDQUOT: 'STAGE_DISK_FULL',
  EROFS: 'STAGE_READ_ONLY',
  EACCES: 'STAGE_NOT_PERMITTED',
  EPERM: 'STAGE_NOT_PERMITTED',
  ENOENT: 'STAGE_DISCONNECTED',
  EIO: 'STAGE_DISCONNECTED',
  ENXIO: 'STAGE_DISCONNECTED',
  ENODEV: 'STAGE_DISCONNECTED',
  ESTALE: 'STAGE_DISCONNECTED',
  ENOTCONN: 'STAGE_DISCONNECTED',
  EHOSTDOWN: 'STAGE_DISCONNECTED',
  ELOOP: 'STAGE_SYMLINK_ESCAPE',
};

/** Codes worth another attempt after a pause (a cable wobble, a slow SMB share, a bad read). */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(['STAGE_DISCONNECTED', 'STAGE_VERIFY_MISMATCH']);

export function stagingError(error: unknown, during: string): BenchError {
  if (error instanceof BenchError) return error;
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const code = errno ? ERRNO_CODES[errno] : undefined;
  return new BenchError(code ?? 'IO_ERROR', `${during}: ${message}`);
}
