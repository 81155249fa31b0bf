// Staging time against the plainest copies of the same bytes, measured in the same run:
//   (a) a plain write+fsync of the profile to every target at once (the I/O floor), and
//   (b) a sequential copy+fsync loop over the same targets (what a technician's shell script does:
//       `for v in /Volumes/*; do cp profile "$v/…"; sync; done`).
// On three kinds of storage: one tmpfs and one ext4 (targets and the journal on the same file
// system), and, as root, 32 separate loop-mounted ext4 images (targets spread over them, the
// journal on the bench's own disk), for 1, 8, 32 and 128 targets. Every mount is undone on the
// way out, also when a round fails or the process is told to stop.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { systemClock } from '../../src/main/platform/clock';
import { openJournalDatabase } from '../../src/main/journal/database';
import { createJournalStore } from '../../src/main/journal/journal-store';
import { createJobRunner, instructionFacts, stagingRoot } from '../../src/main/staging/job-runner';
import { createWorkerStager } from '../../src/main/staging/worker-stager';
import { CAN_LOOP_MOUNT, IS_ROOT, mountExt4Image, mountTmpfs } from '../support/mounts';
import { macTarget } from '../support/targets';
import { emitReport, goal, sampledRow, stats, type BenchRow } from './report';
import { stagingProfile } from '../support/profile-fixtures';

/**
 * Rounds per row. The goals' rows compare medians of two runs whose spread on the CI machine is
 * ±15% from one run to the next; 15 rounds (the staging rows take ~31 s of the report's 15
 * minutes) keep a goal from being met or missed by one lucky round.
 */
const ROUNDS = 15;
const COUNTS = [1, 8, 32, 128] as const;
const DISKS = 32;
const CONCURRENCY = 8; // the setting's default
const PROFILE_BYTES = 24 * 1024; // a signed Intune enrollment profile is a few tens of KB
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-staging-'));
const bytes = crypto.randomBytes(PROFILE_BYTES);
const sourceFile = path.join(work, 'profile.mobileconfig');
fs.writeFileSync(sourceFile, bytes);
const profile = stagingProfile(bytes, Date.now(), { displayName: 'Bench Profile', organization: 'Bench', expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });

// ── mounts, always undone ─────────────────────────────────────────────────────────────────────
const unmounts: Array<() => void> = [];
let cleanedUp = false;
function cleanUp(): void {
  if (cleanedUp) return;
  cleanedUp = true;
  try {
    closeJournals(); // open journals keep their file systems busy
  } catch {
    // not opened yet
  }
  for (const undo of unmounts.splice(0).reverse()) {
    try {
      undo();
    } catch (error) {
      process.stderr.write(`staging bench: could not unmount: ${String(error)}\n`);
    }
  }
  fs.rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    cleanUp();
    process.exit(130);
  });
}

interface Storage {
  readonly name: string;
  /** Folders the targets are spread over (one per file system). */
  readonly roots: readonly string[];
  /** Where the journal lives. */
  readonly journalDir: string;
  readonly note: string;
}

function storages(): { list: Storage[]; skipped: string[] } {
  const list: Storage[] = [];
  const skipped: string[] = [];
  // One tmpfs: a fresh one when root, else /dev/shm.
  let tmpfs: string | null = null;
  if (IS_ROOT) {
    tmpfs = path.join(work, 'tmpfs');
    unmounts.push(mountTmpfs(tmpfs, 512 * 1024));
  } else if (fs.existsSync('/dev/shm')) {
    tmpfs = fs.mkdtempSync('/dev/shm/eb-bench-');
    const made = tmpfs;
    unmounts.push(() => fs.rmSync(made, { recursive: true, force: true }));
  }
  if (tmpfs) list.push({ name: 'one tmpfs', roots: [tmpfs], journalDir: path.join(tmpfs, 'journal'), note: 'targets and journal on one tmpfs' });
  else skipped.push('one tmpfs: no tmpfs available');
  // One ext4: a fresh loop-mounted image when root, else the temp folder's file system if it is ext4.
  if (CAN_LOOP_MOUNT) {
    const dir = path.join(work, 'ext4');
    unmounts.push(mountExt4Image(path.join(work, 'ext4.img'), dir, 256));
    list.push({ name: 'one ext4', roots: [dir], journalDir: path.join(dir, 'journal'), note: 'targets and journal on one loop-mounted ext4 image' });
  } else if (fs.statfsSync(work).type === 0xef53) {
    const dir = path.join(work, 'ext4');
    fs.mkdirSync(dir);
    list.push({ name: 'one ext4', roots: [dir], journalDir: path.join(dir, 'journal'), note: 'targets and journal in the temp folder (ext4)' });
  } else skipped.push('one ext4: not root and the temp folder is not ext4');
  if (CAN_LOOP_MOUNT) {
    const roots = Array.from({ length: DISKS }, (_, i) => {
      const dir = path.join(work, `disk-${i}`);
      unmounts.push(mountExt4Image(path.join(work, `disk-${i}.img`), dir, 16));
      return dir;
    });
    list.push({
      name: `${DISKS} separate ext4 disks`,
      roots,
      journalDir: path.join(work, 'journal'),
      note: `targets spread over ${DISKS} loop-mounted ext4 images; journal on the bench's disk (${os.tmpdir()})`,
    });
  } else skipped.push(`${DISKS} separate disks: needs root, mkfs.ext4 and loop devices`);
  return { list, skipped };
}

// ── one round of each ───────────────────────────────────────────────────────────────────────
let folderSerial = 0;
/** Fresh Mac Data volume folders for one round, spread over the storage's file systems. */
function volumes(storage: Storage, count: number): string[] {
  const round = `r${(folderSerial += 1)}`;
  return Array.from({ length: count }, (_, i) => {
    const dir = path.join(storage.roots[i % storage.roots.length] as string, round, `Mac ${i}`);
    fs.mkdirSync(path.join(dir, 'Users', 'Shared', 'Enrollment'), { recursive: true });
    return dir;
  });
}

function removeVolumes(roots: readonly string[]): void {
  const rounds = new Set(roots.map((r) => path.dirname(r)));
  for (const dir of rounds) fs.rmSync(dir, { recursive: true, force: true });
}

const plainFile = (root: string) => path.join(root, 'Users', 'Shared', 'Enrollment', 'plain.mobileconfig');

async function parallelPlain(roots: readonly string[]): Promise<number> {
  const start = performance.now();
  await Promise.all(
    roots.map(async (root) => {
      const handle = await fs.promises.open(plainFile(root), 'w');
      await handle.write(bytes);
      await handle.sync();
      await handle.close();
    }),
  );
  return performance.now() - start;
}

async function sequentialLoop(roots: readonly string[]): Promise<number> {
  const start = performance.now();
  for (const root of roots) {
    const file = plainFile(root);
    await fs.promises.copyFile(sourceFile, file);
    const handle = await fs.promises.open(file, 'r+');
    await handle.sync();
    await handle.close();
  }
  return performance.now() - start;
}

const JOURNAL_RECORD = Buffer.alloc(4096, 0x6a);
/** One durable record on the journal's disk: an append and an fdatasync, as a group commit makes. */
async function durableRecord(journalDir: string): Promise<void> {
  fs.mkdirSync(journalDir, { recursive: true });
  const log = await fs.promises.open(path.join(journalDir, 'safe-floor.log'), 'a');
  try {
    await log.write(JOURNAL_RECORD);
    await log.datasync();
  } finally {
    await log.close();
  }
}

/**
 * (c) The safe floor: the least any stager keeping this pipeline's promises must do, and nothing
 * else. One durable journal record for the batch (where each profile goes), overlapping the copies;
 * per target, in parallel: write to a temporary name and fsync it, rename once that record is
 * durable, fsync the folder; then one more durable record ("staged") for all of them. For one
 * target that is three syncs in a row: max(file, journal), folder, journal.
 */
async function safeFloor(roots: readonly string[], journalDir: string): Promise<number> {
  const start = performance.now();
  const whereRecorded = durableRecord(journalDir);
  await Promise.all(
    roots.map(async (root) => {
      const dir = path.join(root, 'Users', 'Shared', 'Enrollment');
      const temp = path.join(dir, '.floor-tmp');
      const handle = await fs.promises.open(temp, 'wx');
      await handle.write(bytes);
      await handle.sync();
      await handle.close();
      await whereRecorded;
      await fs.promises.rename(temp, path.join(dir, 'floor.mobileconfig'));
      const folder = await fs.promises.open(dir, 'r');
      await folder.sync();
      await folder.close();
    }),
  );
  await durableRecord(journalDir);
  return performance.now() - start;
}

/** The app's stager: workers from the built out/staging/staging-worker.js (npm run bench builds it). */
const WORKER_FILE = path.join(process.cwd(), 'out', 'staging', 'staging-worker.js');
if (!fs.existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is not built: run npm run build`);
const stagers = createWorkerStager({ workerFile: WORKER_FILE, size: () => CONCURRENCY, onUnavailable: (reason) => { throw new Error(reason); } });

/**
 * One journal per storage, kept across rounds as a bench keeps its own (each round is a new
 * session): a fresh journal per round would time its first-use costs (statements prepared on
 * first use) as if every staging paid them.
 */
const journals = new Map<string, { journal: ReturnType<typeof openJournalDatabase>; store: ReturnType<typeof createJournalStore> }>();
function journalFor(journalDir: string) {
  let open = journals.get(journalDir);
  if (!open) {
    const journal = openJournalDatabase({ dataDir: journalDir, Database });
    open = { journal, store: createJournalStore(journal.db, systemClock) };
    journals.set(journalDir, open);
  }
  return open;
}
function closeJournals(): void {
  for (const { journal } of journals.values()) journal.close();
  journals.clear();
}

async function stageAll(roots: readonly string[], journalDir: string, stage: typeof stagers.stage = stagers.stage): Promise<number> {
  const { store } = journalFor(journalDir);
  const targets = new Map(roots.map((root, i) => [`mac-${i}`, macTarget(`mac-${i}`, root)]));
  const runner = createJobRunner({ store, clock: systemClock, getTarget: (id) => targets.get(id) ?? null, onJobChanged: () => {}, onProgress: () => {}, concurrency: () => CONCURRENCY, stage });
  const session = store.startSession({ technician: 'bench', benchHost: 'bench', profileSha256: profile.sha256, kiosk: false });
  const start = performance.now();
  await runner.stage(session, profile, [...targets.keys()]);
  await runner.whenIdle();
  const elapsed = performance.now() - start;
  const notStaged = store.jobsOfSession(session.id).filter((j) => j.state !== 'staged');
  if (notStaged.length) throw new Error(`${notStaged.length} jobs not staged: ${notStaged[0]?.code} ${notStaged[0]?.message}`);
  runner.dispose();
  store.endSession(session.id);
  return elapsed;
}

/**
 * The goal row's stage in two parts, each timed alone on the same targets, to show where its time
 * goes. (d) The app's stager alone: the same worker, the same requests (profile, its page, the
 * root's identity), CONCURRENCY at a time, with no job runner and no journal. (e) The job runner
 * and the journal alone, with a stager that writes nothing and answers as a finished copy does.
 */
async function stagerAlone(roots: readonly string[]): Promise<number> {
  const targets = roots.map((root, i) => macTarget(`mac-${i}`, root));
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const target = targets[next];
        if (!target) return;
        next += 1;
        await stagers.stage({
          root: stagingRoot(target),
          expectedRoot: target.rootIdentity,
          kind: target.kind,
          bytes: profile.bytes,
          sha256: profile.sha256,
          displayName: profile.displayName,
          instructions: instructionFacts(profile, target),
          clock: systemClock,
          journalled: Promise.resolve(),
          onVerifying: () => {},
        });
      }
    }),
  );
  return performance.now() - start;
}
const writesNothing: typeof stagers.stage = async (request) => {
  await request.journalled;
  await request.onVerifying?.();
  return { path: path.join(request.root, 'x'), sha256: request.sha256, alreadyStaged: false, movedAside: null, instructionsPath: null, warnings: [] };
};

/**
 * CPU time of the whole machine, every core and the kernel's own threads (a loop device's
 * writes, the file systems' journals), in ms: what a staging costs beyond this process.
 * Counted in the kernel's ticks (10 ms), so read over all rounds of a row, not one.
 */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, cpu) => sum + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, 0);
}

/** Runs `work` and adds the machine's busy time meanwhile to `into`. */
async function counting<T>(into: { ms: number }, work: () => Promise<T>): Promise<T> {
  const before = machineBusyMs();
  try {
    return await work();
  } finally {
    into.ms += machineBusyMs() - before;
  }
}

async function main(): Promise<void> {
  const { list, skipped } = storages();
  const rows: BenchRow[] = [];
  for (const storage of list) {
    for (const count of COUNTS) {
      const plain: number[] = [];
      const loop: number[] = [];
      const floor: number[] = [];
      const staged: number[] = [];
      const cpu = { loop: { ms: 0 }, floor: { ms: 0 }, stage: { ms: 0 }, stager: { ms: 0 }, runner: { ms: 0 } };
      const goalRow = count === 32 && storage.roots.length > 1;
      const parts = { stager: [] as number[], runner: [] as number[] };
      for (let round = 0; round < ROUNDS; round += 1) {
        // Rotate the order so none of them always runs on a disk the one before left busy.
        const runs = [
          async () => plain.push(await parallelPlain(volumesFor(storage, count))),
          async () => {
            const roots = volumesFor(storage, count);
            loop.push(await counting(cpu.loop, () => sequentialLoop(roots)));
          },
          async () => {
            const roots = volumesFor(storage, count);
            floor.push(await counting(cpu.floor, () => safeFloor(roots, storage.journalDir)));
          },
          async () => {
            const roots = volumesFor(storage, count);
            staged.push(await counting(cpu.stage, () => stageAll(roots, storage.journalDir)));
          },
        ];
        if (goalRow) {
          runs.push(async () => {
            const roots = volumesFor(storage, count);
            parts.stager.push(await counting(cpu.stager, () => stagerAlone(roots)));
          });
          runs.push(async () => {
            const roots = volumesFor(storage, count);
            parts.runner.push(await counting(cpu.runner, () => stageAll(roots, storage.journalDir, writesNothing)));
          });
        }
        for (let i = 0; i < runs.length; i += 1) await (runs[(i + round) % runs.length] as () => Promise<unknown>)();
        removeAll();
      }
      const s = stats(staged);
      const p = stats(plain);
      const l = stats(loop);
      const f = stats(floor);
      const ratioToParallelPlain = s.median / p.median;
      const ratioToSequentialLoop = s.median / l.median;
      const ratioToSafeFloor = s.median / f.median;
      /** Machine CPU per target (ms): stage, loop, floor. */
      const perTarget = (c: { ms: number }) => c.ms / (ROUNDS * count);
      const cores = os.cpus().length;
      // Below this the stage cannot finish even with every core busy all the time.
      const cpuBoundMs = (perTarget(cpu.stage) * count) / cores;
      const goals: BenchRow['goal'][] = [];
      if (count === 1 && storage.name !== 'one tmpfs') goals.push(goal('staging 1 target ≤ 2.5× plain write+fsync', ratioToParallelPlain, 2.5, 'at-most', '×'));
      if (count === 32 && storage.roots.length > 1) goals.push(goal('32 separate disks ≤ 1.0× the sequential loop', ratioToSequentialLoop, 1.0, 'at-most', '×'));
      rows.push(
        sampledRow(`${storage.name}, ${count} target${count > 1 ? 's' : ''}: stage`, staged, {
          ratios: { ratioToParallelPlain, ratioToSequentialLoop, ratioToSafeFloor, ...(perTarget(cpu.loop) > 0 ? { ratioMachineCpuToSequentialLoop: perTarget(cpu.stage) / perTarget(cpu.loop) } : {}) },
          ...(goals[0] ? { goal: goals[0] } : {}),
          extra:
            `parallel write+fsync median ${p.median.toFixed(1)} ms (p95 ${p.p95.toFixed(1)}); sequential copy+fsync loop median ${l.median.toFixed(1)} ms (p95 ${l.p95.toFixed(1)}); ` +
            `safe floor median ${f.median.toFixed(1)} ms (${(f.median / p.median).toFixed(2)}× plain); ` +
            `machine CPU per target (all ${cores} cores and the kernel's threads, over all rounds): stage ${perTarget(cpu.stage).toFixed(2)} ms, loop ${perTarget(cpu.loop).toFixed(2)} ms, safe floor ${perTarget(cpu.floor).toFixed(2)} ms ` +
            `(the stage's CPU alone needs ${cpuBoundMs.toFixed(1)} ms on ${cores} cores); ${storage.note}`,
        }),
      );
      rows.push(sampledRow(`${storage.name}, ${count} target${count > 1 ? 's' : ''}: baseline (a) parallel write+fsync`, plain));
      rows.push(sampledRow(`${storage.name}, ${count} target${count > 1 ? 's' : ''}: baseline (b) sequential copy+fsync loop`, loop));
      rows.push(sampledRow(`${storage.name}, ${count} target${count > 1 ? 's' : ''}: baseline (c) safe floor (the pipeline's syncs alone)`, floor, { ratios: { ratioToParallelPlain: f.median / p.median } }));
      if (goalRow) {
        const cpuNote = (c: { ms: number }) => `machine CPU per target ${perTarget(c).toFixed(2)} ms (the stage's ${perTarget(cpu.stage).toFixed(2)}, the loop's ${perTarget(cpu.loop).toFixed(2)})`;
        rows.push(
          sampledRow(`${storage.name}, ${count} targets: part (d) the stager alone (no job runner, no journal)`, parts.stager, {
            ratios: { ratioToSequentialLoop: stats(parts.stager).median / l.median, ratioToStage: stats(parts.stager).median / s.median },
            extra: `the app's staging worker, the same requests, ${CONCURRENCY} at a time; ${cpuNote(cpu.stager)}`,
          }),
        );
        rows.push(
          sampledRow(`${storage.name}, ${count} targets: part (e) the job runner and journal alone (a stager that writes nothing)`, parts.runner, {
            ratios: { ratioToSequentialLoop: stats(parts.runner).median / l.median, ratioToStage: stats(parts.runner).median / s.median },
            extra: `every transition and its group commit as in the stage, the stager answering at once; ${cpuNote(cpu.runner)}`,
          }),
        );
      }
      process.stderr.write(
        `staging bench: ${storage.name}, ${count}: stage ${s.median.toFixed(1)} ms, plain ${p.median.toFixed(1)} ms, loop ${l.median.toFixed(1)} ms, safe floor ${f.median.toFixed(1)} ms; ` +
          `machine CPU per target: stage ${perTarget(cpu.stage).toFixed(2)} ms, loop ${perTarget(cpu.loop).toFixed(2)} ms\n`,
      );
    }
  }
  emitReport({
    name: 'Staging',
    description:
      `Median, p95 and min–max of ${ROUNDS} rounds; ${PROFILE_BYTES / 1024} KB profile; concurrency ${CONCURRENCY} (the default setting). ` +
      'Stage = the real job runner and the app’s staging workers with the real journal, one per storage kept across rounds (queued → staging → verifying → staged, each transition durable before it is announced; ' +
      'atomic write, read-back verify, instructions page). Ratios are stage ÷ baseline medians of the same run (lower is better): ' +
      '`ratioToParallelPlain` against a plain write+fsync of the same bytes to every target at once, `ratioToSequentialLoop` against a sequential ' +
      'copy+fsync loop over the same targets, `ratioToSafeFloor` against (c) the safe floor: the syncs the pipeline cannot do without and nothing else ' +
      '(a durable journal record overlapping the copies, per target a temporary file fsynced, renamed once that record is durable, its folder fsynced, ' +
      'then one more durable record; for one target, three syncs in a row), with the same thread pool as (a). ' +
      '`ratioMachineCpuToSequentialLoop`: the CPU time the whole machine spent per target (every core, the kernel’s threads included: loop devices, file-system journals) ' +
      'staging, against the loop’s; counted in 10 ms ticks over all rounds of the row, so only rows of 32 targets or more are more than a rough figure.' +
      (skipped.length ? ` Not measured here: ${skipped.join('; ')}.` : ''),
    unit: 'ms',
    results: rows,
  });
}

let made: string[] = [];
function volumesFor(storage: Storage, count: number): string[] {
  const roots = volumes(storage, count);
  made.push(...roots);
  return roots;
}
function removeAll(): void {
  removeVolumes(made);
  made = [];
}

try {
  await main();
} finally {
  await stagers.close();
  cleanUp();
}
