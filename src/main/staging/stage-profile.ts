import path from 'node:path';
import { BenchError } from '../../shared/errors';
import { INSTRUCTIONS_FILE, stagedRelativePath } from '../../shared/rules/staging-paths';
import type { Clock } from '../platform/clock';
import type { FileOps } from '../platform/file-ops';
import { sha256OfFile, TEMP_PREFIX, tempNameFor, writeTemp, type TempFile } from './atomic-write';
import type { FileIdentity } from '../../shared/models/target';
import { chainMismatch, type DirHandle } from './dir-handle';
import { enrollmentInstructionsHtml, type InstructionFacts } from './enrollment-instructions';
import { openInsideRoot, type OpenedDestination } from './safe-path';
import { stagingError } from './stage-errors';

export interface StageProfileRequest {
  /** The stageable root: a Mac's Data volume mount point, or a carrier's mount point. */
  readonly root: string;
  /**
   * The root's device/inode when the target was scanned: a root that is no longer that folder
   * (unmounted, lazily unmounted, another volume mounted there) is STAGE_DISCONNECTED.
   */
  readonly expectedRoot?: FileIdentity | null | undefined;
  readonly kind: 'mac-volume' | 'carrier';
  readonly bytes: Uint8Array;
  readonly sha256: string;
  readonly displayName: string | null;
  /** Facts for the page staged beside the profile (null: do not write one). */
  readonly instructions: Omit<InstructionFacts, 'profileFileName' | 'carrier'> | null;
  readonly clock: Clock;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((written: number, total: number) => void) | undefined;
  /**
   * Called once the bytes are at their final name (the runner journals it); the read-back and the
   * folder fsync run meanwhile, and the result waits for it.
   */
  readonly onVerifying?: (() => Promise<void> | void) | undefined;
  /**
   * Resolves once the journal durably holds where the profile goes. The copy to a temporary name
   * may start before; nothing is put at a final name, or moved aside, until it has resolved.
   */
  readonly journalled?: Promise<void> | undefined;
  /**
   * Called when a different file stands at the destination, with the name it is about to be kept
   * under, before it is renamed (the runner journals it first: a crash right after the rename
   * must not leave a moved file nobody recorded). Throwing stops the staging before the move.
   */
  readonly onMovingAside?: ((from: string, to: string) => Promise<void> | void) | undefined;
  readonly chunkSize?: number;
  /** The file calls to make (default: the thread pool; a staging worker makes them directly). */
  readonly fileOps?: FileOps | undefined;
  /** The target is a network share: its calls may hang, so they stay on the thread pool (worker-stager.ts). */
  readonly network?: boolean | undefined;
}

export interface StageProfileResult {
  readonly path: string;
  readonly sha256: string;
  /** The identical file was already there: nothing was written. */
  readonly alreadyStaged: boolean;
  /** Where a different file that stood at the destination was moved, if one did. */
  readonly movedAside: string | null;
  readonly instructionsPath: string | null;
  /** Problems that did not stop staging (e.g. the instructions page could not be written). */
  readonly warnings: readonly { code: string; message: string }[];
}

/** The size of each write of a copy (a profile is tens of KB: usually one). */
export const DEFAULT_CHUNK = 64 * 1024;

/**
 * Stage the exact profile bytes on one target: resolve the folder without following symlinks,
 * keep any different file that was there, write atomically, read back and compare sha256.
 */
export async function stageProfile(request: StageProfileRequest): Promise<StageProfileResult> {
  // Awaited later (before anything is put in place); a failure before then is not "unhandled".
  request.journalled?.catch(() => {});
  const segments = stagedRelativePath(request.kind, request.displayName);
  const fileName = segments[segments.length - 1] as string;
  const folders = segments.slice(0, -1);
  let destination: OpenedDestination;
  try {
    destination = await openInsideRoot(request.root, folders, { expected: request.expectedRoot ?? null, ...(request.fileOps ? { ops: request.fileOps } : {}) });
  } catch (error) {
    throw stagingError(error, `preparing the folder on ${request.root}`);
  }
  try {
    return await stageInto(request, destination, folders, fileName);
  } finally {
    await destination.close();
  }
}

async function stageInto(request: StageProfileRequest, destination: OpenedDestination, folders: readonly string[], fileName: string): Promise<StageProfileResult> {
  const dir = destination.dir;
  const finalPath = path.join(dir.path, fileName);
  const checkCancelled = () => {
    if (request.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled');
  };
  /** The folders written through are still the ones a path walk from the root shows. */
  const stillThere = async () => {
    const mismatch = await chainMismatch(destination.chain, folders);
    if (mismatch) throw new BenchError(mismatch.code, mismatch.message);
  };

  checkCancelled();
  let movedAside: string | null = null;
  const existing = await existingFile(dir, fileName);
  if (existing === 'symlink') throw new BenchError('STAGE_SYMLINK_ESCAPE', `${finalPath} is a symbolic link`);
  if (existing === 'file') {
    let existingSha: string;
    try {
      existingSha = await sha256OfFile(dir.child(fileName), dir.ops);
    } catch (error) {
      throw stagingError(error, `reading the file already at ${finalPath}`);
    }
    if (existingSha === request.sha256) {
      const removedTemps = await removeStaleTemps(dir, request.clock, new Set());
      await stillThere();
      return { path: finalPath, sha256: existingSha, alreadyStaged: true, movedAside: null, instructionsPath: null, warnings: staleTempWarnings(removedTemps) };
    }
    await request.journalled;
    movedAside = await moveAside(dir, fileName, request.clock, request.onMovingAside);
  } else if (existing === 'other') {
    throw new BenchError('STAGE_SYMLINK_ESCAPE', `${finalPath} exists and is not a file`);
  }

  checkCancelled();
  // One fsync of the profile and ONE of the folder, which covers both renames (the profile's and
  // its page's). What needs no flush of its own runs while one is under way: the sweep of old
  // partial copies and the page's temporary file while the profile is flushed; the read-back and
  // the journal's "verifying" while the folder is.
  let sweep: Promise<number> = Promise.resolve(0);
  let pagePrepared: Promise<PreparedPage> = Promise.resolve(NO_PAGE);
  // Named now, so the sweep that runs beside them never takes them for another's old copies (an
  // age is the bench's clock against the target's file times, which may disagree).
  const ours = { profile: tempNameFor(fileName), page: tempNameFor(INSTRUCTIONS_FILE) };
  // The sweep names files through the folder's handle: it ends before the handle is closed,
  // whatever way this staging ends.
  try {
    let profile: TempFile;
    try {
      profile = await writeTemp(dir, fileName, request.bytes, {
        signal: request.signal,
        onProgress: request.onProgress,
        chunkSize: request.chunkSize ?? DEFAULT_CHUNK,
        tempName: ours.profile,
        whileSyncing: () => {
          // Partial copies a stopped bench left behind hold the profile's secrets: remove the old ones.
          sweep = removeStaleTemps(dir, request.clock, new Set([ours.profile, ours.page]));
          pagePrepared = preparePage(request, dir, fileName, ours.page);
        },
      });
    } catch (error) {
      await discardPage(await pagePrepared);
      throw error;
    }
    try {
      await request.journalled;
      // Before the rename, the root alone (one stat): a volume gone since the open gets nothing put
      // in place. The whole chain is compared after the folder fsync, before "staged".
      const rootMismatch = await chainMismatch(destination.chain.slice(0, 1), []);
      if (rootMismatch) throw new BenchError(rootMismatch.code, rootMismatch.message);
      if (request.signal?.aborted) throw new BenchError('STAGE_CANCELLED', 'cancelled before the file was put in place');
      await profile.putInPlace();
    } catch (error) {
      const left = await profile.discard();
      await discardPage(await pagePrepared);
      throw Object.assign(stagingError(error, `writing ${finalPath}`), { tempLeftBehind: left });
    }

    const verifying = Promise.resolve().then(() => request.onVerifying?.());
    verifying.catch(() => {}); // settled below, after the page's rename: never "unhandled" meanwhile
    const instructions = await placePage(dir, await pagePrepared);
    const folderSynced = dir.sync();
    const readBack = sha256OfFile(dir.child(fileName), dir.ops);
    const [journalled, read, synced] = await Promise.allSettled([verifying, readBack, folderSynced]);
    /** Nothing of ours stays behind a failure: a half-trusted copy must not wait to be double-clicked. */
    const withdraw = async () => {
      await dir.ops.unlink(dir.child(fileName)).catch(() => {});
      if (instructions.path) await dir.ops.unlink(dir.child(INSTRUCTIONS_FILE)).catch(() => {});
    };
    if (journalled.status === 'rejected') throw journalled.reason;
    if (synced.status === 'rejected') throw stagingError(synced.reason, `making ${finalPath} durable`);
    if (read.status === 'rejected') throw stagingError(read.reason, `reading back ${finalPath}`);
    if (read.value !== request.sha256) {
      await withdraw();
      throw new BenchError('STAGE_VERIFY_MISMATCH', `expected ${request.sha256}, read back ${read.value} from ${finalPath}`);
    }
    // The root still the scanned volume, each folder still the one written into: else the copy is
    // not where the journal would say, or not on the Mac at all (a lazily unmounted volume).
    try {
      await stillThere();
    } catch (error) {
      await withdraw();
      throw error;
    }

    const warnings = staleTempWarnings(await sweep);
    if (instructions.warning) warnings.push(instructions.warning);
    return { path: finalPath, sha256: read.value, alreadyStaged: false, movedAside, instructionsPath: instructions.path, warnings };
  } finally {
    await sweep;
  }
}

const staleTempWarnings = (removed: number): { code: string; message: string }[] =>
  removed > 0 ? [{ code: 'STAGE_STALE_TEMP_REMOVED', message: `Removed ${removed} partial cop${removed === 1 ? 'y' : 'ies'} left by an interrupted staging.` }] : [];

/** The instructions page under its temporary name, or why it could not be written. */
interface PreparedPage {
  readonly temp: TempFile | null;
  readonly warning: { code: string; message: string } | null;
}
const NO_PAGE: PreparedPage = { temp: null, warning: null };

const pageWarning = (error: unknown): { code: string; message: string } => ({
  code: 'STAGE_INSTRUCTIONS_NOT_WRITTEN',
  message: `The profile is staged, but the instructions page could not be written: ${stagingError(error, 'writing the instructions page').message}`,
});

/**
 * The page staged beside the profile, written to a temporary name (never half a page at its
 * name): its data is not fsynced (the profile is what must survive a power cut), and its rename,
 * after the profile's, is made durable by the same folder fsync.
 */
async function preparePage(request: StageProfileRequest, dir: DirHandle, fileName: string, tempName: string): Promise<PreparedPage> {
  if (!request.instructions) return NO_PAGE;
  const page = instructionsPage({ ...request.instructions, profileFileName: fileName, carrier: request.kind === 'carrier' });
  try {
    return { temp: await writeTemp(dir, INSTRUCTIONS_FILE, page, { durable: false, tempName }), warning: null };
  } catch (error) {
    return { temp: null, warning: pageWarning(error) };
  }
}

async function placePage(dir: DirHandle, page: PreparedPage): Promise<{ path: string | null; warning: { code: string; message: string } | null }> {
  if (!page.temp) return { path: null, warning: page.warning };
  try {
    await page.temp.putInPlace();
    return { path: path.join(dir.path, INSTRUCTIONS_FILE), warning: null };
  } catch (error) {
    await page.temp.discard();
    return { path: null, warning: pageWarning(error) };
  }
}

async function discardPage(page: PreparedPage): Promise<void> {
  await page.temp?.discard();
}

/**
 * The pages made last, by their facts: a batch stages the same page on every Mac of a macOS
 * version, and making one (escaping, a localised date) cost more than writing it.
 */
const pages = new Map<string, Buffer>();
function instructionsPage(facts: InstructionFacts): Buffer {
  const key = JSON.stringify(facts);
  let page = pages.get(key);
  if (!page) {
    page = Buffer.from(enrollmentInstructionsHtml(facts), 'utf8');
    if (pages.size >= 16) pages.delete(pages.keys().next().value as string);
    pages.set(key, page);
  }
  return page;
}

/** How old a temporary file must be before it counts as left behind (a real copy takes ms). */
export const STALE_TEMP_MS = 10 * 60 * 1000;

async function removeStaleTemps(dir: DirHandle, clock: Clock, ours: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = (await dir.ops.readdir(dir.self)).filter((name) => name.startsWith(TEMP_PREFIX) && !ours.has(name));
  } catch {
    return 0;
  }
  for (const name of names) {
    const file = dir.child(name);
    try {
      const stat = await dir.ops.lstat(file);
      // Young ones may belong to another bench process writing right now: leave them.
      if (!stat.isFile() || clock.now() - stat.mtimeMs < STALE_TEMP_MS) continue;
      await dir.ops.unlink(file);
      removed += 1;
    } catch {
      // Gone already, or not ours to remove: nothing to do.
    }
  }
  return removed;
}

async function existingFile(dir: DirHandle, name: string): Promise<'none' | 'file' | 'symlink' | 'other'> {
  let stat: Awaited<ReturnType<DirHandle['ops']['lstatIfAny']>>;
  try {
    stat = await dir.ops.lstatIfAny(dir.child(name));
  } catch (error) {
    throw stagingError(error, `looking at ${path.join(dir.path, name)}`);
  }
  if (!stat) return 'none';
  if (stat.isSymbolicLink()) return 'symlink';
  return stat.isFile() ? 'file' : 'other';
}

/** Keep a different file that stood at the destination: rename it with a timestamp, never delete it. */
async function moveAside(dir: DirHandle, name: string, clock: Clock, before?: (from: string, to: string) => Promise<void> | void): Promise<string> {
  const file = path.join(dir.path, name);
  const stamp = new Date(clock.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  for (let n = 0; n < 100; n += 1) {
    const asideName = `${name}.${stamp}${n === 0 ? '' : `-${n}`}.previous`;
    const aside = path.join(dir.path, asideName);
    try {
      await dir.ops.lstat(dir.child(asideName));
      continue;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw stagingError(error, `checking ${aside}`);
    }
    await before?.(file, aside);
    try {
      await dir.ops.rename(dir.child(name), dir.child(asideName));
      await dir.sync();
      return aside;
    } catch (error) {
      throw stagingError(error, `moving ${file} aside`);
    }
  }
  throw new BenchError('IO_ERROR', `no free name to move ${file} aside`);
}
