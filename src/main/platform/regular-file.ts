// Reading files that come from a target's disk (hostile bytes, hostile file types). A name that
// was a regular file a moment ago may be a FIFO, a device or a symlink by the time it is opened:
// open without following a symlink and without blocking (a FIFO with no writer would hold a
// thread-pool thread forever), then judge the open handle itself, never the earlier lstat.
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';

/** Thrown (as an errno-style error) when the open file is not a regular file. */
export class NotRegularFile extends Error {
  readonly code = 'ENOTREGULAR';
  constructor(file: string) {
    super(`${file} is not a regular file`);
  }
}

async function openRegular(file: string): Promise<{ handle: fs.FileHandle; size: number }> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new NotRegularFile(file);
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** The whole file, refused (RangeError) past `maxBytes`, including when it grows while read. */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  const { handle, size } = await openRegular(file);
  try {
    if (size > maxBytes) throw new RangeError(`${file} is ${size} bytes, more than ${maxBytes}`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw new RangeError(`${file} grew past ${maxBytes} bytes while being read`);
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close().catch(() => {});
  }
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
