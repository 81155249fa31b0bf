// Reading files that come from a target's disk (hostile bytes, hostile file types). A name that
// was a regular file a moment ago may be a FIFO, a device or a symlink by the time it is opened:
// open without following a symlink and without blocking (a FIFO with no writer would hold a
// thread-pool thread forever), then judge the open handle itself, never the earlier lstat.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { asyncFileOps, type FileOps } from './file-ops';

/** Thrown (as an errno-style error) when the open file is not a regular file. */
export class NotRegularFile extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(file: string) {
    super(`${file} is not a regular file`);
  }
}

/** The file is larger than the bound: `size` from fstat, or null when it grew while being read. */
export class FileTooLarge extends RangeError {
  constructor(
    file: string,
    readonly maxBytes: number,
    readonly size: number | null,
  ) {
    super(size === null ? `${file} grew past ${maxBytes} bytes while being read` : `${file} is ${size} bytes, more than ${maxBytes}`);
  }
}

export interface ReadOptions {
  /** Follow a symlink at the name (a file a person picked, e.g. a profile in Downloads). Default: no. */
  readonly followSymlink?: boolean;
}

async function openRegular(file: string, ops: FileOps, options: ReadOptions = {}): Promise<{ fd: number; stat: Stats }> {
  const fd = await ops.open(file, constants.O_RDONLY | (options.followSymlink ? 0 : constants.O_NOFOLLOW) | constants.O_NONBLOCK);
  try {
    const stat = await ops.fstat(fd);
    if (!stat.isFile()) throw new NotRegularFile(file);
    return { fd, stat };
  } catch (error) {
    await ops.close(fd).catch(() => {});
    throw error;
  }
}

/**
 * The whole file and its fstat, refused (FileTooLarge) past `maxBytes` from its size before a
 * byte is read, and when it grows while read (one byte more than allowed is read to see that).
 */
export async function readRegularFileWithStat(file: string, maxBytes: number, options: ReadOptions = {}, ops: FileOps = asyncFileOps): Promise<{ bytes: Buffer; stat: Stats }> {
  const { fd, stat } = await openRegular(file, ops, options);
  try {
    if (stat.size > maxBytes) throw new FileTooLarge(file, maxBytes, stat.size);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const bytesRead = await ops.read(fd, buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new FileTooLarge(file, maxBytes, null);
    }
    return { bytes: buffer.subarray(0, length), stat };
  } finally {
    await ops.close(fd).catch(() => {});
  }
}

/** The whole file (see readRegularFileWithStat), never through a symlink. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  return (await readRegularFileWithStat(file, maxBytes)).bytes;
}

/** sha256 of a regular file, read in chunks through the descriptor that was type-checked. */
export async function sha256OfRegularFile(file: string, ops: FileOps = asyncFileOps): Promise<string> {
  const { fd, stat } = await openRegular(file, ops);
  try {
    const hash = createHash('sha256');
    // Sized to the file (a profile is tens of KB): one read, usually, and no 256 KB buffer for it.
    const buffer = Buffer.allocUnsafe(Math.min(256 * 1024, Math.max(4096, stat.size + 1)));
    for (;;) {
      const bytesRead = await ops.read(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await ops.close(fd).catch(() => {});
  }
}
