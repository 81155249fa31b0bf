// The file-system calls the stager and the safe readers make, by file descriptor, in two flavours
// with one shape:
//  - asyncFileOps: each call goes to libuv's thread pool (what the core's own thread must use: a
//    slow disk never stops the event loop, and a hung network share holds one pool thread, not the
//    bench);
//  - directFileOps: each call is the system call itself, made on the calling thread, except fsync,
//    which goes to the thread pool. For a worker thread that exists to do file I/O
//    (staging/staging-worker.ts): a staging pass is ~35 calls, one pool round trip costs more than
//    the call it carries, and on a local disk only the fsyncs wait for the disk; on the pool those
//    of separate disks overlap while the worker goes on with its other stagings.
// Both return promises, so the code above them is written once and reads the same either way.
import fs, { type Stats } from 'node:fs';
import { promisify } from 'node:util';

export interface FileOps {
  /** 'pool' (libuv thread pool) or 'direct' (system calls on this thread). */
  readonly kind: 'pool' | 'direct';
  realpath(file: string): Promise<string>;
  open(file: string, flags: number, mode?: number): Promise<number>;
  fstat(fd: number): Promise<Stats>;
  close(fd: number): Promise<void>;
  /** Write `length` bytes of `buffer` from `offset` at the file position; returns bytes written. */
  write(fd: number, buffer: Uint8Array, offset: number, length: number): Promise<number>;
  /** Read into `buffer` at `offset`; `position` null reads at the file position. */
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<number>;
  fsync(fd: number): Promise<void>;
  mkdir(dir: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  lstat(file: string): Promise<Stats>;
  /** lstat, or null when nothing is at the name (ENOENT: the common answer, not worth an exception). */
  lstatIfAny(file: string): Promise<Stats | null>;
  stat(file: string): Promise<Stats>;
  readdir(dir: string): Promise<string[]>;
}

const p = {
  realpath: promisify(fs.realpath.native),
  open: promisify(fs.open),
  fstat: promisify(fs.fstat),
  close: promisify(fs.close),
  fsync: promisify(fs.fsync),
  mkdir: promisify(fs.mkdir),
  rename: promisify(fs.rename),
  unlink: promisify(fs.unlink),
  lstat: promisify(fs.lstat),
  stat: promisify(fs.stat),
  readdir: promisify(fs.readdir),
};

export const asyncFileOps: FileOps = {
  kind: 'pool',
  realpath: (file) => p.realpath(file),
  open: (file, flags, mode) => p.open(file, flags, mode),
  fstat: (fd) => p.fstat(fd),
  close: (fd) => p.close(fd),
  write: (fd, buffer, offset, length) =>
    new Promise((resolve, reject) => fs.write(fd, buffer, offset, length, null, (error, written) => (error ? reject(error) : resolve(written)))),
  read: (fd, buffer, offset, length, position) =>
    new Promise((resolve, reject) =>
      fs.read(fd, buffer, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
    ),
  fsync: (fd) => p.fsync(fd),
  mkdir: async (dir, mode) => {
    await p.mkdir(dir, { mode });
  },
  rename: (from, to) => p.rename(from, to),
  unlink: (file) => p.unlink(file),
  lstat: (file) => p.lstat(file),
  lstatIfAny: (file) =>
    new Promise((resolve, reject) =>
      fs.lstat(file, (error, stats) => (error ? (error.code === 'ENOENT' ? resolve(null) : reject(error)) : resolve(stats))),
    ),
  stat: (file) => p.stat(file),
  readdir: (dir) => p.readdir(dir),
};

export const directFileOps: FileOps = {
  kind: 'direct',
  realpath: async (file) => fs.realpathSync.native(file),
  open: async (file, flags, mode) => fs.openSync(file, flags, mode),
  fstat: async (fd) => fs.fstatSync(fd),
  close: async (fd) => fs.closeSync(fd),
  write: async (fd, buffer, offset, length) => fs.writeSync(fd, buffer, offset, length, null),
  read: async (fd, buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
  fsync: (fd) => p.fsync(fd),
  mkdir: async (dir, mode) => {
    fs.mkdirSync(dir, { mode });
  },
  rename: async (from, to) => fs.renameSync(from, to),
  unlink: async (file) => fs.unlinkSync(file),
  lstat: async (file) => fs.lstatSync(file),
  lstatIfAny: async (file) => fs.lstatSync(file, { throwIfNoEntry: false }) ?? null,
  stat: async (file) => fs.statSync(file),
  readdir: async (dir) => fs.readdirSync(dir),
};
