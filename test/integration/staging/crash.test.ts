import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBench } from '../../../src/main/core/create-bench';
import { silentLogger } from '../../../src/main/platform/logger';
import { DATABASE_FILE } from '../../../src/main/journal/database';
import { TEMP_PREFIX } from '../../../src/main/staging/atomic-write';
import { RUNNING_STATES } from '../../../src/shared/rules/job-transitions';
import { INSTRUCTIONS_FILE, stagedFileName } from '../../../src/shared/rules/staging-paths';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { CLI_PATH, REPO_ROOT, tempDir } from '../../support/temp';
import { writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { seededRandom } from '../../support/prng';

// Issue 5: SIGKILL the staging process at random instants, again and again, and check after each
// kill what a technician relies on: no file at a final name is ever partial, the journal is a
// sound SQLite database, and after recovery every target's journalled state matches its disk.
//
// The process killed is the built CLI (`stage --all`, unchanged) over the real core, real SQLite
// and real folders shaped like Macs' Data volumes and a carrier stick. It is started through
// test/support/warm-cli.mjs, which loads the CLI's packages before it is told to go, so the kills
// land in the bench's own work rather than in Node's module loader, and the next processes load
// while one runs and is examined (a CLI start costs ≈0.2 CPU-seconds here; 200 of them are most
// of this test's time).
//
// Each run continues where the last one was killed: one data folder, one set of volumes, two
// valid signed profiles with the same name and different bytes, staged in turn, so a run that
// gets far moves the other profile aside and writes its own, and a run after an early kill
// retries over whatever that kill left. Half the kills fall uniformly in a window after "go",
// half in a window after the first change on a target; both windows are the lower quartile of
// the latest un-killed runs (every CALIBRATE_EVERY kills one must stage every target: retry
// after a crash works; runs that finish before their kill count too). After a kill the test
// checks the crashed state, then usually recovers with the real core (createBench) and checks
// journal against disks; one time in four it leaves the recovery to the next killed run.
// It prints its seed and where the kills landed. EB_CRASH_SEED=N replays a schedule (the
// instants still depend on the machine); EB_CRASH_RUNS=N changes the number of kills.

const RUNS = Number(process.env.EB_CRASH_RUNS ?? 200);
const SEED = process.env.EB_CRASH_SEED ? Number(process.env.EB_CRASH_SEED) : crypto.randomInt(2 ** 31);
const CALIBRATE_EVERY = 50;
/** Processes loading their packages while the one before them runs and is examined. */
const PIPELINE_DEPTH = 2;
const MACS = 4;
const CONCURRENCY = 2;
/** Padding inside an XML comment: a large but valid signed profile, so a copy takes a while. */
const PADDING_BYTES = 128 * 1024;
const DISPLAY_NAME = 'Crash Test Profile';
const WARM_CLI = path.join(REPO_ROOT, 'test', 'support', 'warm-cli.mjs');
const DAY = 86_400_000;

const prng = seededRandom;

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const context = (run: number | string) => `seed ${SEED}, run ${run}`;

// ── the killable process ───────────────────────────────────────────────────────────────────

interface WarmRun {
  /** Resolves once the CLI's packages are loaded and it waits for "go". */
  readonly ready: Promise<void>;
  /** Let the CLI run. */
  go(): void;
  /** How the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(): void;
  output(): { stdout: string; stderr: string };
}

function launch(args: readonly string[]): WarmRun {
  const child = spawn(process.execPath, [WARM_CLI, CLI_PATH, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
    void exited.then(({ code }) => reject(new Error(`warm CLI exited (${code}) before it was ready: ${stderr}`)));
  });
  // A process killed before it was ready (the spare one, at the end) is no failure of anybody's.
  ready.catch(() => {});
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // A pipe closed by the kill must not become an unhandled error.
  child.stdin.on('error', () => {});
  return {
    ready,
    exited,
    go: () => child.stdin.end('go\n'),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
    output: () => ({ stdout: stdout.replace(/^ready\n/, ''), stderr }),
  };
}

// ── the bench, its volumes and its profiles ────────────────────────────────────────────────

const dir = tempDir('eb-crash-');
afterAll(() => dir.cleanup());
const root = path.join(dir.path, 'Volumes');
const dataDir = path.join(dir.path, 'data');
const dbPath = path.join(dataDir, DATABASE_FILE);
const logPath = path.join(dataDir, 'logs', 'bench.log');
const fileName = stagedFileName(DISPLAY_NAME);

interface Profile {
  readonly file: string;
  readonly sha256: string;
}
let profiles: [Profile, Profile];
/** Known profile bytes by sha256: a final-name file must be one of them, whole. */
const knownSha = new Set<string>();
/** The folder each target receives the profile in, by target id (from the first un-killed run). */
const stagingDirs = new Map<string, string>();

beforeAll(() => {
  fs.mkdirSync(root, { recursive: true });
  const signer = makeSigner({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });
  const make = (name: string, fill: string): Profile => {
    const xml = enrollmentProfile({ displayName: DISPLAY_NAME, extraTopLevel: `<!-- ${fill.repeat(PADDING_BYTES)} -->` });
    const bytes = signWithForge(xml, signer, new Date(Date.now() - DAY));
    const file = path.join(dir.path, name);
    fs.writeFileSync(file, bytes);
    knownSha.add(sha256(bytes));
    return { file, sha256: sha256(bytes) };
  };
  profiles = [make('A.mobileconfig', 'a'), make('B.mobileconfig', 'b')];
  const corpora = ['macos-14.7.4-23H420_rust-std-test.plist', 'macos-15.4-beta-24E5238a_rust-std-test.plist'];
  for (let i = 0; i < MACS; i += 1) {
    writeSystemVolume(path.join(root, `Mac ${i}`), { corpus: corpora[i % corpora.length] as string });
    writeDataVolume(path.join(root, `Mac ${i} - Data`));
  }
  writeCarrier(path.join(root, 'STICK'));
});

const stageArgs = (profile: string) => ['--data-dir', dataDir, 'stage', '--profile', profile, '--all', '--mounts', root, '--concurrency', String(CONCURRENCY), '--json'];

interface StageJson {
  readonly sessionId: string;
  readonly results: ReadonlyArray<{ targetId: string; state: string; path: string | null; sha256: string | null }>;
}

// ── what is on disk, what the journal says ─────────────────────────────────────────────────

interface JobRow {
  id: string;
  session_id: string;
  target_id: string;
  state: string;
  path: string | null;
  sha256: string | null;
  profile_sha256: string;
}

const openDb = (readonly = false) => new Database(dbPath, { readonly, fileMustExist: true });

function readIf(file: string): Buffer | null {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

const benchStarts = () => (readIf(logPath)?.toString('utf8').match(/"message":"bench started"/g) ?? []).length;

interface DiskReport {
  /** Temporary files (`.eb-tmp-*`) in the targets' folders now. */
  readonly temps: number;
  readonly tempBytes: number;
  readonly movedAside: number;
  /** The sha256 of the profile at each target's final name (null: none there). */
  readonly finals: readonly (string | null)[];
}

/**
 * Every file at a final name on every target is whole; the instructions page too; every file
 * moved aside is a whole profile and was journalled. Moved-aside files are deleted once checked
 * (the test's housekeeping: 200 runs would otherwise keep hundreds of megabytes).
 */
function checkDisk(run: number | string, journalledAside: ReadonlySet<string>): DiskReport {
  let temps = 0;
  let tempBytes = 0;
  let movedAside = 0;
  const finals: Array<string | null> = [];
  for (const stagingDir of stagingDirs.values()) {
    const entries = fs.existsSync(stagingDir) ? fs.readdirSync(stagingDir) : [];
    finals.push(entries.includes(fileName) ? sha256(fs.readFileSync(path.join(stagingDir, fileName))) : null);
    for (const entry of entries) {
      const file = path.join(stagingDir, entry);
      if (entry === fileName) {
        const bytes = fs.readFileSync(file);
        expect(knownSha.has(sha256(bytes)), `${context(run)}: ${file} is not a whole profile (${bytes.length} bytes)`).toBe(true);
      } else if (entry === INSTRUCTIONS_FILE) {
        const html = fs.readFileSync(file, 'utf8');
        expect(html.startsWith('<!doctype html>') && html.endsWith('</body></html>\n'), `${context(run)}: ${file} is not a whole page`).toBe(true);
      } else if (entry.startsWith(TEMP_PREFIX)) {
        temps += 1;
        tempBytes += fs.statSync(file).size;
      } else if (entry.startsWith(`${fileName}.`) && entry.endsWith('.previous')) {
        const bytes = fs.readFileSync(file);
        expect(knownSha.has(sha256(bytes)), `${context(run)}: moved-aside ${file} is not a whole profile`).toBe(true);
        expect(journalledAside.has(file), `${context(run)}: ${file} was moved aside but no file-moved-aside event names it`).toBe(true);
        fs.rmSync(file);
        movedAside += 1;
      } else if (entry !== 'README.txt') {
        throw new Error(`${context(run)}: unexpected file ${file}`);
      }
    }
  }
  return { temps, tempBytes, movedAside, finals };
}

/**
 * At any instant: each job's row agrees with its last journal event and its history is one
 * unbroken chain of transitions (journal first: no state without its event). After recovery also:
 * nothing is left running, and each target's latest job agrees with its disk. Returns the paths
 * the journal says files were moved aside to.
 */
function checkJournal(run: number | string, sessionIds: readonly string[], recovered: boolean): Set<string> {
  const db = openDb(true);
  try {
    if (recovered) {
      const running = db.prepare(`SELECT id, state FROM jobs WHERE state IN (${RUNNING_STATES.map(() => '?').join(', ')})`).all(...RUNNING_STATES);
      expect(running, `${context(run)}: jobs still running after recovery`).toEqual([]);
    }

    const eventsOf = db.prepare<[string], { job_id: string; from_state: string | null; to_state: string }>(
      "SELECT job_id, from_state, to_state FROM events WHERE session_id = ? AND kind = 'job-state' ORDER BY seq",
    );
    for (const sessionId of sessionIds) {
      const history = new Map<string, Array<{ from: string | null; to: string }>>();
      for (const e of eventsOf.all(sessionId)) history.set(e.job_id, [...(history.get(e.job_id) ?? []), { from: e.from_state, to: e.to_state }]);
      const jobs = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE session_id = ?').all(sessionId);
      for (const job of jobs) {
        const steps = history.get(job.id) ?? [];
        expect(steps[0]?.from, `${context(run)}: job ${job.id} has no queued event first`).toBeNull();
        steps.forEach((step, i) => {
          if (i > 0) expect(step.from, `${context(run)}: job ${job.id} history breaks at step ${i}`).toBe(steps[i - 1]?.to);
        });
        expect(steps.at(-1)?.to, `${context(run)}: job ${job.id} is ${job.state} but its last job-state event says otherwise`).toBe(job.state);
      }
    }

    const latest = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE target_id = ? ORDER BY rowid DESC LIMIT 1');
    for (const [targetId, stagingDir] of recovered ? stagingDirs : []) {
      const job = latest.get(targetId);
      if (!job) continue;
      const finalPath = path.join(stagingDir, fileName);
      const onDisk = readIf(finalPath);
      if (job.state === 'staged') {
        expect(job.path, `${context(run)}: staged job ${job.id} names another path`).toBe(finalPath);
        expect(onDisk, `${context(run)}: ${targetId} is journalled staged but ${finalPath} is missing`).not.toBeNull();
        expect(sha256(onDisk as Buffer), `${context(run)}: ${targetId} is journalled staged but holds other bytes`).toBe(job.profile_sha256);
        expect(job.sha256).toBe(job.profile_sha256);
      } else {
        expect(['interrupted', 'failed', 'cancelled'], `${context(run)}: ${targetId}'s latest job is ${job.state}`).toContain(job.state);
        // Absent or whole (checkDisk looks at every final-name file).
      }
    }
    const aside = db.prepare<[], { path: string }>("SELECT path FROM events WHERE kind = 'file-moved-aside' AND path IS NOT NULL").all();
    return new Set(aside.map((row) => row.path));
  } finally {
    db.close();
  }
}

/** Resolves with the instant of the first change in any of the folders (a temporary file, a rename). */
function firstChange(dirs: readonly string[]): { readonly at: Promise<number>; close(): void } {
  let resolve: (at: number) => void = () => {};
  const at = new Promise<number>((r) => (resolve = r));
  const watchers = dirs.map((d) => fs.watch(d, () => resolve(performance.now())));
  return { at, close: () => watchers.forEach((w) => w.close()) };
}

/** Open the data folder with the real core: recovery marks what the killed run left running `interrupted`. */
async function recover(): Promise<void> {
  const bench = await createBench({ dataDir, door: 'cli', mountRoots: [root], discovery: 'off', logger: silentLogger });
  await bench.close();
}

// ── the test ───────────────────────────────────────────────────────────────────────────────

/** Where a kill landed, read from what the killed run left in the journal and its log. */
const PHASES = [
  'starting up, before the core was up',
  'core up (recovery, profile, scan), no job queued',
  'jobs queued, none staging',
  'a job staging or verifying',
  'every job finished, before exit',
  'exited before the kill',
] as const;
type Phase = (typeof PHASES)[number];

const SCHEDULES = ['from "go"', 'from the first write'] as const;
type Schedule = (typeof SCHEDULES)[number];

/**
 * The window kills are spread over: the lower quartile of the latest un-killed runs' durations, so
 * nearly every delay drawn in it ends in a kill, and the window follows the machine when other
 * work on it speeds up or slows down the runs.
 */
const RECENT = 12;
const lowerQuartile = (values: readonly number[]) => {
  const recent = [...values.slice(-RECENT)].sort((a, b) => a - b);
  return recent[Math.floor((recent.length - 1) / 4)] as number;
};

describe(`crash test: ${RUNS} SIGKILLs of \`enrollment-bench stage --all\` (seed ${SEED})`, () => {
  const phases = new Map<Schedule, Map<Phase, number>>(SCHEDULES.map((s) => [s, new Map(PHASES.map((p) => [p, 0]))]));
  const rng = prng(SEED);
  /** Un-killed runs: from "go" to exit, and from the first change on a target to exit. */
  const fromGo: number[] = [];
  const fromWrite: number[] = [];
  let kills = 0;
  let interrupted = 0;
  let recoveredByTheNextRun = 0;
  /** Sessions of a run whose recovery was left to the next run: checked again after it. */
  let unrecovered: string[] = [];
  let movedAside = 0;
  let lastDisk: DiskReport = { temps: 0, tempBytes: 0, movedAside: 0, finals: [] };
  // Processes loading their packages ahead of their turn, each with the profile it will stage.
  const pipeline: Array<{ profile: Profile; run: WarmRun }> = [];
  let spawned = 0;

  const fill = () => {
    while (pipeline.length < PIPELINE_DEPTH) {
      // Each run stages the other profile than the run before it: a move aside and a write when
      // that run got far, a retry over whatever it left when it was killed early.
      const profile = profiles[spawned % 2] as Profile;
      spawned += 1;
      pipeline.push({ profile, run: launch(stageArgs(profile.sha256.slice(0, 16))) });
    }
  };
  const take = async () => {
    fill();
    const taken = pipeline.shift() as { profile: Profile; run: WarmRun };
    fill();
    await taken.run.ready;
    return taken;
  };
  const noteDurations = (started: number, ended: number, firstWrite: number | null) => {
    fromGo.push(ended - started);
    if (firstWrite !== null) fromWrite.push(ended - firstWrite);
  };
  /** The first change, if there was one by now. */
  const settled = (at: Promise<number>) => Promise.race([at, Promise.resolve(null)]);

  /** An un-killed run: must stage every target. Its durations set the windows kills are spread over. */
  const unkilled = async (label: string) => {
    const { profile, run } = await take();
    const watch = firstChange([...stagingDirs.values()]);
    const started = performance.now();
    run.go();
    const end = await run.exited;
    noteDurations(started, performance.now(), await settled(watch.at));
    watch.close();
    const { stdout, stderr } = run.output();
    expect(end.code, `${context(label)}: un-killed run failed: ${stderr}`).toBe(0);
    const out = JSON.parse(stdout) as StageJson;
    expect(out.results).toHaveLength(MACS + 1);
    for (const result of out.results) {
      expect(result, context(label)).toMatchObject({ state: 'staged', sha256: profile.sha256 });
      if (!stagingDirs.has(result.targetId)) stagingDirs.set(result.targetId, path.dirname(result.path as string));
    }
    lastDisk = checkDisk(label, checkJournal(label, [out.sessionId], true));
  };

  beforeAll(async () => {
    console.log(`crash test seed ${SEED} (reproduce the schedule with EB_CRASH_SEED=${SEED})`);
    for (const profile of profiles) {
      const run = await runCliProcess(['--data-dir', dataDir, 'profile', 'import', profile.file]);
      expect(run.code, run.stderr).toBe(0);
    }
  });
  afterAll(() => pipeline.forEach(({ run }) => run.kill()));

  it(
    `leaves whole files, a sound journal and a journal that matches the disks after each of ${RUNS} kills`,
    async () => {
      // The first run creates the Macs' Enrollment folders, which the next ones watch.
      for (let i = 0; i < 4; i += 1) await unkilled(`calibration ${i + 1}`);
      expect(stagingDirs.size).toBe(MACS + 1);

      let run = 0;
      while (kills < RUNS) {
        run += 1;
        const before = openDb(true);
        const sessionsBefore = (before.prepare('SELECT MAX(rowid) AS n FROM sessions').get() as { n: number }).n;
        before.close();
        const startsBefore = benchStarts();
        const { profile, run: proc } = await take();

        // Half the kills at a random instant after "go" (start-up, recovery, journal, scan,
        // queue: everything), half at a random instant after the first change on a target (the
        // move aside, the copy, the rename, the read-back, the last transitions, the exit).
        // (A run with nothing to write, every target already holding its profile, is timed from "go".)
        const nothingToWrite = lastDisk.finals.every((sha) => sha === profile.sha256);
        const schedule: Schedule = rng() < 0.5 || nothingToWrite ? 'from "go"' : 'from the first write';
        const fraction = rng();
        // Most crashes are followed by a recovery here, in the test, so the state can be checked
        // right away; one in four is left to the next killed run, which recovers on start (and
        // may itself be killed while it does).
        const recoverHere = rng() < 0.75;
        const watch = firstChange([...stagingDirs.values()]);
        let timer: NodeJS.Timeout | undefined;
        let over = false;
        const started = performance.now();
        proc.go();
        if (schedule === 'from "go"') timer = setTimeout(() => proc.kill(), fraction * lowerQuartile(fromGo));
        else void watch.at.then(() => (over ? undefined : (timer = setTimeout(() => proc.kill(), fraction * lowerQuartile(fromWrite)))));
        const end = await proc.exited;
        const ended = performance.now();
        over = true;
        clearTimeout(timer);
        const firstWrite = await settled(watch.at);
        watch.close();

        // The crashed state, before anything repairs it.
        const db = openDb();
        let phase: Phase;
        let sessionIds: string[];
        try {
          expect(db.pragma('integrity_check', { simple: true }), context(run)).toBe('ok');
          expect(db.pragma('foreign_key_check'), context(run)).toEqual([]);
          sessionIds = (db.prepare('SELECT id FROM sessions WHERE rowid > ?').all(sessionsBefore) as Array<{ id: string }>).map((s) => s.id);
          const states = sessionIds.flatMap((id) => (db.prepare('SELECT state FROM jobs WHERE session_id = ?').all(id) as Array<{ state: string }>).map((j) => j.state));
          if (end.signal === null) phase = 'exited before the kill';
          else if (benchStarts() === startsBefore) phase = 'starting up, before the core was up';
          else if (states.length === 0) phase = 'core up (recovery, profile, scan), no job queued';
          else if (states.some((s) => s === 'staging' || s === 'verifying')) phase = 'a job staging or verifying';
          else if (states.some((s) => s === 'queued')) phase = 'jobs queued, none staging';
          else phase = 'every job finished, before exit';
          interrupted += states.filter((s) => (RUNNING_STATES as readonly string[]).includes(s)).length;
        } finally {
          db.close();
        }
        const counts = phases.get(schedule) as Map<Phase, number>;
        counts.set(phase, (counts.get(phase) ?? 0) + 1);
        if (end.signal === null) {
          expect(end.code, `${context(run)}: the run finished on its own but failed: ${proc.output().stderr}`).toBe(0);
          // A run that finished before its kill is an un-killed run too: it calibrates the windows.
          noteDurations(started, ended, firstWrite);
        } else {
          kills += 1;
        }

        const recovered = recoverHere || end.signal === null;
        if (recovered) await recover();
        else recoveredByTheNextRun += 1;
        const aside = checkJournal(run, [...unrecovered, ...sessionIds], recovered);
        unrecovered = recovered ? [] : [...unrecovered, ...sessionIds];
        lastDisk = checkDisk(run, aside);
        movedAside += lastDisk.movedAside;

        if (end.signal !== null && kills % CALIBRATE_EVERY === 0) await unkilled(`after kill ${kills}`);
      }

      const count = (schedule: Schedule, phase: Phase) => phases.get(schedule)?.get(phase) ?? 0;
      const table = PHASES.map((p) => `  ${String(count(SCHEDULES[0], p)).padStart(9)} ${String(count(SCHEDULES[1], p)).padStart(10)}  ${p}`).join('\n');
      console.log(
        `crash test (seed ${SEED}): ${kills} kills in ${run} runs; last windows (lower quartile of the latest ${RECENT} of ${fromGo.length} un-killed runs): ` +
          `0–${lowerQuartile(fromGo).toFixed(0)} ms after "go", 0–${lowerQuartile(fromWrite).toFixed(0)} ms after the first write.\n` +
          `  from "go"  from write  where the kill landed\n${table}\n` +
          `  ${interrupted} jobs left running, all marked interrupted (${recoveredByTheNextRun} times by the next killed run); ` +
          `${movedAside} files moved aside, each whole and journalled; ` +
          `${lastDisk.temps} temporary files (${(lastDisk.tempBytes / 1024 / 1024).toFixed(1)} MB) left on the targets`,
      );
      // Not a timing claim: a guard that the kills did land in the staging itself, or this test
      // would pass without having tested anything.
      const midStaging = count(SCHEDULES[0], 'a job staging or verifying') + count(SCHEDULES[1], 'a job staging or verifying');
      expect(midStaging, `only ${midStaging} of ${kills} kills landed while a target was being staged`).toBeGreaterThanOrEqual(Math.ceil(RUNS / 5));
    },
    600_000,
  );

  it('stages every target on the next run of the plain CLI, stale temporary files and all', async () => {
    pipeline.splice(0).forEach(({ run }) => run.kill());
    // Both profiles, one after the other: whichever the kills left behind, one of them writes.
    for (const profile of profiles) {
      const run = await runCliProcess(stageArgs(profile.file));
      expect(run.code, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as StageJson;
      expect(out.results).toHaveLength(MACS + 1);
      for (const result of out.results) {
        expect(result).toMatchObject({ state: 'staged', sha256: profile.sha256 });
        expect(sha256(fs.readFileSync(result.path as string))).toBe(profile.sha256);
      }
      checkDisk('final', checkJournal('final', [out.sessionId], true));
    }
    // Every job in the journal, not only the last sessions': row and last event agree.
    const db = openDb(true);
    try {
      const disagree = db
        .prepare(
          `SELECT j.id, j.state, (SELECT e.to_state FROM events e WHERE e.job_id = j.id AND e.kind = 'job-state' ORDER BY e.seq DESC LIMIT 1) AS last
           FROM jobs j WHERE last IS NOT j.state`,
        )
        .all();
      expect(disagree).toEqual([]);
    } finally {
      db.close();
    }
  });
});
