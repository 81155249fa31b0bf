// What is already at the place a profile would be staged, and whether that place is safe to write
// to. Read-only: inspection never writes probe files onto a target. The stager (staging/) makes
// its own checks again at copy time; this is what the technician sees before pressing Stage.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ProfileContext, StagedFile } from '../../shared/models/target';
import { MAC_STAGING_DIR, stagedFileName } from '../../shared/rules/staging-paths';
import { sha256OfRegularFile } from '../platform/regular-file';

export interface StagingCheck {
  /** Relative path (forward slashes) of the first component that is a symlink or not a folder. */
  readonly problem: string | null;
  readonly stagedFile: StagedFile | null;
}

/** A profile is small: anything larger than this at the staging path is certainly not it. */
const MAX_HASH_BYTES = 16 * 1024 * 1024;

export class Sha256Cache {
  private readonly entries = new Map<string, string>();
  async hash(file: string, stat: { ino: number; size: number; mtimeMs: number }): Promise<string> {
    const key = `${file}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`;
    const known = this.entries.get(key);
    if (known) return known;
    // Through a type-checked handle: a FIFO put there since the lstat must not hang the scan.
    const digest = await sha256OfRegularFile(file);
    if (this.entries.size > 1024) this.entries.clear();
    this.entries.set(key, digest);
    return digest;
  }
}

/**
 * Walk the staging path under `root` (Users/Shared/Enrollment for a Mac's Data volume, nothing
 * for a carrier) without following links, then look at the file the chosen profile would become.
 */
export async function checkStagingPath(
  root: string,
  kind: 'mac-volume' | 'carrier',
  profile: ProfileContext | null,
  cache: Sha256Cache,
): Promise<StagingCheck> {
  const dirs = kind === 'carrier' ? [] : [...MAC_STAGING_DIR];
  for (let depth = 1; depth <= dirs.length; depth += 1) {
    const rel = dirs.slice(0, depth);
    const stat = await fs.lstat(path.join(root, ...rel)).catch(() => null);
    if (stat === null) return { problem: null, stagedFile: null }; // the stager creates what is missing
    if (!stat.isDirectory()) return { problem: rel.join('/'), stagedFile: null };
  }
  if (profile === null) return { problem: null, stagedFile: null };
  const name = stagedFileName(profile.displayName);
  const file = path.join(root, ...dirs, name);
  const stat = await fs.lstat(file).catch(() => null);
  if (stat === null) return { problem: null, stagedFile: null };
  if (!stat.isFile()) return { problem: [...dirs, name].join('/'), stagedFile: null };
  const sha256 = stat.size <= MAX_HASH_BYTES ? await cache.hash(file, stat).catch(() => null) : null;
  return {
    problem: null,
    stagedFile: { path: file, sha256, sizeBytes: stat.size, matchesProfile: sha256 === profile.sha256 },
  };
}
