import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NotRegularFile, readRegularFile, sha256OfRegularFile } from '../../../src/main/platform/regular-file';
import { tempDir } from '../../support/temp';

// Issue 11: bytes read from a target's disk go through a handle whose type is checked after the
// open, never an earlier lstat. A FIFO (no writer) must be refused at once, not hang a thread-pool
// thread; a symlink must not be followed; a file past the bound is refused.
const dir = tempDir('eb-devfile-');
afterAll(() => dir.cleanup());

describe('reading files from a target', () => {
  const fifo = path.join(dir.path, 'SystemVersion.plist');
  execFileSync('mkfifo', [fifo]);

  it('refuses a FIFO at once, for a read and for a hash, six at a time (no thread-pool starvation)', async () => {
    
    const results = await Promise.allSettled([...Array(6)].flatMap(() => [readRegularFile(fifo, 1024), sha256OfRegularFile(fifo)]));
    for (const result of results) {
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toBeInstanceOf(NotRegularFile);
    }
    // Still answering afterwards: a normal read completes.
    const plain = path.join(dir.path, 'plain.plist');
    fs.writeFileSync(plain, 'abc');
    expect((await readRegularFile(plain, 1024)).toString()).toBe('abc');
  });

  it('does not follow a symlink, and refuses a file past the bound', async () => {
    const link = path.join(dir.path, 'link.plist');
    fs.symlinkSync('/etc/hostname', link);
    await expect(readRegularFile(link, 1024)).rejects.toMatchObject({ code: 'ELOOP' });
    const big = path.join(dir.path, 'big.plist');
    fs.writeFileSync(big, Buffer.alloc(2048));
    await expect(readRegularFile(big, 1024)).rejects.toBeInstanceOf(RangeError);
  });
});
