import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/platform/clock';
import { asyncFileOps, directFileOps, type FileOps } from '../../src/main/platform/file-ops';
import { TEMP_PREFIX } from '../../src/main/staging/atomic-write';
import { stageProfile } from '../../src/main/staging/stage-profile';
import { IS_ROOT, mountTmpfs } from './mounts';
import { tempDir } from './temp';

// Runs test/support/swap-race.py (python3's ctypes reaches renameat2, which Node does not have):
// a process that exchanges two names with RENAME_EXCHANGE in a tight loop while a test stages.

const SCRIPT = path.join(__dirname, 'swap-race.py');

/** python3 with ctypes and a libc that has renameat2 (glibc 2.28+), or why not. */
export function swapRaceUnavailable(): string | null {
  const probe = spawnSync('python3', ['-c', 'import ctypes; ctypes.CDLL(None).renameat2'], { encoding: 'utf8' });
  if (probe.error) return `python3 is not installed (${probe.error.message})`;
  if (probe.status !== 0) return `python3 cannot reach renameat2: ${probe.stderr.trim()}`;
  return process.platform === 'linux' ? null : 'renameat2 is Linux-only';
}

export interface Swapper {
  /** Stop exchanging; resolves with how many exchanges were made (the names end as they began). */
  stop(): Promise<number>;
}

export async function startSwapper(a: string, b: string): Promise<Swapper> {
  const child: ChildProcess = spawn('python3', [SCRIPT, a, b], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const check = () => (out.includes('ready\n') ? resolve() : undefined);
    child.stdout?.on('data', check);
    void exited.then((code) => reject(new Error(`swapper exited ${code}: ${err}`)));
  });
  return {
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`swapper exited ${code}: ${err}`);
      return Number(out.split('\n')[1]);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The race itself: stage `runs` times into a target whose folder at `level` is being exchanged
// with a symlink to a folder outside the target, and account for every run.


export interface RaceReport {
  readonly runs: number;
  readonly exchanges: number;
  readonly staged: number;
  readonly refused: Readonly<Record<string, number>>;
  /** Files found outside the target (must be none). */
  readonly outside: readonly string[];
  /** Runs that said "staged" without the exact file in the real folder, or refused and left it. */
  readonly disagreements: readonly string[];
  /** Temporary files anywhere, inside or outside (must be none). */
  readonly temps: readonly string[];
}

export function listFilesDeep(dir: string): string[] {
  const out: string[] = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFilesDeep(full));
    else out.push(full);
  }
  return out;
}

/**
 * `base` holds `target/` (the Mac's Data volume) and `outside/` (the bench's own disk). `level`
 * is the folder under the target that is swapped: ['Users', 'Shared'] or ['Users', 'Shared',
 * 'Enrollment'].
 */
export async function runSwapRace(base: string, level: readonly string[], runs: number, fileOps: FileOps = asyncFileOps): Promise<RaceReport> {
  const root = path.join(base, 'target');
  const outside = path.join(base, 'outside');
  const real = path.join(root, ...level);
  const decoy = `${real}.swap`;
  fs.mkdirSync(real, { recursive: true });
  // The symlink leads to a folder shaped like the one it replaces, so a write through it lands.
  fs.mkdirSync(path.join(outside, 'Enrollment'), { recursive: true });
  fs.symlinkSync(level.length === 2 ? outside : path.join(outside, 'Enrollment'), decoy);
  const bytes = Buffer.from(`<?xml version="1.0"?><plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string><key>Challenge</key><string>s3cret</string></dict></plist>\n`.repeat(8));
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  const clock = fixedClock('2026-11-26T10:00:00Z');
  const outcomes: Array<{ name: string; staged: boolean; code: string | null }> = [];
  const swapper = await startSwapper(real, decoy);
  let exchanges = 0;
  const outsideFound = new Set<string>();
  try {
    for (let i = 0; i < runs; i += 1) {
      const name = `Race ${i}`;
      try {
        await stageProfile({
          root,
          kind: 'mac-volume',
          bytes,
          sha256,
          displayName: name,
          instructions: { profileName: name, organization: 'Contoso', mdmHost: 'manage.microsoft.com', validUntil: '2026-12-08T10:00:00.000Z', macOSVersion: '15.1' },
          clock,
          expectedRoot: { device: fs.statSync(root).dev, inode: fs.statSync(root).ino },
          fileOps,
        });
        outcomes.push({ name, staged: true, code: null });
      } catch (error) {
        outcomes.push({ name, staged: false, code: (error as { code?: string }).code ?? 'THROWN' });
      }
      for (const file of listFilesDeep(outside)) outsideFound.add(file);
    }
  } finally {
    exchanges = await swapper.stop();
  }
  // The names are as they began: the real folder is at `real` again.
  const enrollment = level.length === 2 ? path.join(real, 'Enrollment') : real;
  const disagreements: string[] = [];
  const refused: Record<string, number> = {};
  for (const outcome of outcomes) {
    const file = path.join(enrollment, `${outcome.name}.mobileconfig`);
    const present = fs.existsSync(file) && crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') === sha256;
    if (outcome.staged && !present) disagreements.push(`${outcome.name}: staged, but not in the target's folder`);
    if (!outcome.staged) {
      refused[outcome.code as string] = (refused[outcome.code as string] ?? 0) + 1;
      if (fs.existsSync(file)) disagreements.push(`${outcome.name}: refused (${outcome.code}), yet a file is at its final name`);
    }
  }
  for (const file of listFilesDeep(outside)) outsideFound.add(file);
  const temps = [...listFilesDeep(root), ...listFilesDeep(outside)].filter((f) => path.basename(f).startsWith(TEMP_PREFIX));
  return { runs, exchanges, staged: outcomes.filter((o) => o.staged).length, refused, outside: [...outsideFound], disagreements, temps };
}

/**
 * The race as tests: one per folder level, `runs` times each, on tmpfs as root (fsync costs
 * nothing there, so the race is as tight as it gets). `mustRun`: a missing python3 fails instead
 * of skipping (CI, where .ci/run installs it).
 */
export function describeSwapRace(runs: number, options: { mustRun: boolean }): void {
  const unavailable = swapRaceUnavailable();
  const dir = tempDir('eb-race-');
  afterAll(() => dir.cleanup());
  describe.skipIf(unavailable !== null && !options.mustRun)(`the symlink-swap race, ${runs} runs per level${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
    // Both ways the stager makes its calls: the core's thread pool, and directly (a staging worker).
    for (const [level, fileOps] of [['Users', 'Shared'], ['Users', 'Shared', 'Enrollment']].flatMap((l) => [asyncFileOps, directFileOps].map((o) => [l, o] as const))) {
      it(`never writes outside the target while ${level.join('/')} is swapped for a symlink (${fileOps.kind === 'pool' ? 'thread-pool calls' : 'direct calls, as a staging worker makes them'})`, async () => {
        const base = path.join(dir.path, `${level.join('-')}-${fileOps.kind}`);
        const unmount = IS_ROOT ? mountTmpfs(base, 64 * 1024) : null;
        try {
          const report = await runSwapRace(base, level, runs, fileOps);
          console.log(`swap race at ${level.join('/')} (${fileOps.kind}): ${JSON.stringify({ ...report, outside: report.outside.length, temps: report.temps.length, disagreements: report.disagreements.length })}`);
          expect(report.outside).toEqual([]);
          expect(report.disagreements).toEqual([]);
          expect(report.temps).toEqual([]);
          expect(report.exchanges).toBeGreaterThan(report.runs);
          // Refusals are the stager noticing the swap, with its code; nothing else.
          expect(Object.keys(report.refused).filter((code) => code !== 'STAGE_SYMLINK_ESCAPE' && code !== 'STAGE_DISCONNECTED')).toEqual([]);
        } finally {
          unmount?.();
        }
      });
    }
  });
}
