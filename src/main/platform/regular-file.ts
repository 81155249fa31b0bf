// Reading files that come from a target's disk (hostile bytes, hostile file types). A name that
// was a regular file a moment ago may be a FIFO, a device or a symlink by the time it is opened:
// open without following a symlink and without blocking (a FIFO with no writer would hold a
// thread-pool thread forever), then judge the open handle itself, never the earlier lstat.
import { createHash } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';

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

async function openRegular(file: string, options: ReadOptions = {}): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  const handle = await fs.open(file, constants.O_RDONLY | (options.followSymlink ? 0 : constants.O_NOFOLLOW) | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotRegularFile(file);
    return { handle, stat };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/**
 * The whole file and its fstat, refused (FileTooLarge) past `maxBytes` from its size before a
 * byte is read, and when it grows while read (one byte more than allowed is read to see that).
 */
export async function readRegularFileWithStat(file: string, maxBytes: number, options: ReadOptions = {}): Promise<{ bytes: Buffer; stat: Stats }> {
  const { handle, stat } = await openRegular(file, options);
  try {
    if (stat.size > maxBytes) throw new FileTooLarge(file, maxBytes, stat.size);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new FileTooLarge(file, maxBytes, null);
    }
    return { bytes: buffer.subarray(0, length), stat };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** The whole file (see readRegularFileWithStat), never through a symlink. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  return (await readRegularFileWithStat(file, maxBytes)).bytes;
}

/** sha256 of a regular file, read in chunks through the handle that was type-checked. */
export async function sha256OfRegularFile(file: string): Promise<string> {
  const { handle } = await openRegular(file);
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.alloc(256 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } finally {
    await handle.close().catch(() => {});
  }
}
