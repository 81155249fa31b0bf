// Which network shares are hung right now, for the whole process. A file-system call on a share
// that stopped answering (cable pulled, Mac restarted, Share Disk stopped) holds one of libuv's
// threads until the share answers or the client gives up, and the pool is process-wide and small
// (4 by default): a few such calls and every other volume, local ones included, waits. So once a
// call on a share has gone past its time, the share counts as hung until that call comes back,
// and no one — discovery or staging — sends it another call meanwhile: a dead share costs one
// thread, and every other target goes on.
import fs from 'node:fs';
import path from 'node:path';
import { isNetworkFileSystem } from '../../shared/rules/network-volumes';
import { mountHolding, parseMountinfo, PROC_MOUNTINFO, type MountEntry } from '../devices/volume-facts/linux-mountinfo';

const hung = new Map<string, { since: number; what: string }>();

/**
 * The server a path reaches, as a path prefix: the network mount holding it, and for smbnetfs
 * (one FUSE mount for every server, <mount>/<host>/<share>) the host's folder inside it.
 * null when the path is not on a network file system.
 */
export function networkEndpoint(file: string, mounts: readonly MountEntry[] | null): string | null {
  if (!mounts) {
    // macOS: each share is its own mount under /Volumes.
    const match = /^\/Volumes\/[^/]+/.exec(file);
    return match ? match[0] : null;
  }
  const holding = mountHolding(mounts, file);
  if (!holding || !isNetworkFileSystem(holding.fsType)) return null;
  if (holding.fsType === 'fuse.smbnetfs') {
    const host = path.relative(holding.mountPoint, file).split(path.sep)[0];
    if (host && host !== '..') return path.join(holding.mountPoint, host);
  }
  return holding.mountPoint;
}

/** networkEndpoint with the live mount table (Linux: /proc/self/mountinfo, read synchronously: it never blocks). */
export function liveNetworkEndpoint(file: string): string | null {
  if (process.platform !== 'linux') return process.platform === 'darwin' ? networkEndpoint(file, null) : null;
  let text: string;
  try {
    text = fs.readFileSync(PROC_MOUNTINFO, 'utf8');
  } catch {
    return null;
  }
  return networkEndpoint(file, parseMountinfo(text));
}

/** The hung share a path is on, or null. */
export function hungShare(file: string): string | null {
  for (const endpoint of hung.keys()) {
    if (file === endpoint || file.startsWith(`${endpoint}/`)) return endpoint;
  }
  return null;
}

/** A call on `endpoint` went past its time: hung until `stalled` settles. */
export function markHung(endpoint: string, stalled: Promise<unknown>, what: string, now = Date.now()): void {
  if (hung.has(endpoint)) return;
  hung.set(endpoint, { since: now, what });
  const clear = () => {
    if (hung.get(endpoint)?.since === now) hung.delete(endpoint);
  };
  stalled.then(clear, clear);
}

/** For tests and `status`: the shares counted as hung now. */
export function hungShares(): { endpoint: string; since: number; what: string }[] {
  return [...hung].map(([endpoint, v]) => ({ endpoint, ...v }));
}
