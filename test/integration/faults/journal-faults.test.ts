import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openJournalDatabase } from '../../../src/main/journal/database';
import { createJournalStore } from '../../../src/main/journal/journal-store';
import { fixedClock } from '../../../src/main/platform/clock';
import { createJobRunner } from '../../../src/main/staging/job-runner';
import { stageProfile } from '../../../src/main/staging/stage-profile';
import type { Job } from '../../../src/shared/models/job';
import type { Target } from '../../../src/shared/models/target';
import { expectCorruptJournalHandled, holdWriteLock, integrityOf, type Damage } from '../../support/journal-faults';
import { IS_ROOT, mountTmpfs } from '../../support/mounts';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile, stagingProfile } from '../../support/profile-fixtures';
import { macTarget } from '../../support/targets';
import { tempDir } from '../../support/temp';
import { fillUp } from '../../support/volumes';

// Issue 11: a journal hiccup never takes the process down, and a damaged journal is never written.
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

const now = Date.parse('2026-11-26T10:00:00Z');
const clock = fixedClock(now);
const bytes = Buffer.from('<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string></dict></plist>\n');
const profile = stagingProfile(bytes, now);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else out.push(full);
  }
  return out;
}

/** A batch of `count` Macs on a real journal, whose stager runs `fault` before the first copy. */
function batchRig(dataDir: string, volumes: string, count: number, fault: () => Promise<void> | void) {
  const journal = openJournalDatabase({ dataDir, Database, busyTimeoutMs: 200 });
  const store = createJournalStore(journal.db, clock);
  const targets = new Map<string, Target>();
  for (let i = 1; i <= count; i += 1) {
    const root = path.join(volumes, `Mac ${i} - Data`);
    fs.mkdirSync(path.join(root, 'Users', 'Shared'), { recursive: true });
    targets.set(`mac-${i}`, macTarget(`mac-${i}`, root));
  }
  const last = new Map<string, Job>();
  let faulted = false;
  const runner = createJobRunner({
    store,
    clock,
    getTarget: (id) => targets.get(id) ?? null,
    onJobChanged: (job) => last.set(job.id, job),
    onProgress: () => {},
    concurrency: () => 2,
    sleep: async () => {},
    stage: async (request) => {
      if (!faulted) {
        faulted = true;
        await fault();
      }
      return stageProfile(request);
    },
  });
  return { journal, store, targets, last, runner };
}

/** Journal = disk: a job the journal calls staged has its verified file; no temp file anywhere. */
function expectJournalMatchesDisk(dataDir: string, volumes: string): void {
  const file = path.join(dataDir, DATABASE_FILE);
  expect(integrityOf(file)).toBe('ok');
  const db = new Database(file, { readonly: true });
  const jobs = db.prepare('SELECT state, path, sha256 FROM jobs').all() as Array<{ state: string; path: string | null; sha256: string | null }>;
  db.close();
  for (const job of jobs) {
    if (job.state === 'staged') expect(sha(job.path as string)).toBe(job.sha256);
  }
  expect(listFiles(volumes).filter((f) => path.basename(f).startsWith('.eb-tmp-'))).toEqual([]);
}

describe('a locked journal', () => {
  it('stops a batch cleanly: every job ends JOURNAL_UNAVAILABLE, nothing crashes, the next start reconciles', async () => {
    const dir = tempDir('eb-fault-lock-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    const volumes = path.join(dir.path, 'Volumes');
    let lock: Awaited<ReturnType<typeof holdWriteLock>> | null = null;
    const rig = batchRig(dataDir, volumes, 4, async () => {
      lock = await holdWriteLock(path.join(dataDir, DATABASE_FILE));
    });
    const session = rig.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false });
    const jobs = await rig.runner.stage(session, profile, ['mac-1', 'mac-2', 'mac-3', 'mac-4']);
    await rig.runner.whenIdle();
    const finals = jobs.map((j) => rig.last.get(j.id));
    expect(finals.map((j) => j?.state)).toEqual(['failed', 'failed', 'failed', 'failed']);
    expect(finals.map((j) => j?.code)).toEqual(['JOURNAL_UNAVAILABLE', 'JOURNAL_UNAVAILABLE', 'JOURNAL_UNAVAILABLE', 'JOURNAL_UNAVAILABLE']);
    for (const job of finals) expect(job?.message).toContain("another process holds the journal's lock");
    await (lock as unknown as { release(): Promise<void> }).release();

    // The next start: whatever the journal still calls running becomes interrupted.
    const recovered = rig.store.recover(() => false);
    for (const t of recovered.interrupted) expect(t.job.state).toBe('interrupted');
    rig.journal.close();
    expectJournalMatchesDisk(dataDir, volumes);
  });

  it('before start: the CLI answers JSON with JOURNAL_UNAVAILABLE and exit 1, after a bounded wait that it reports', async () => {
    const dir = tempDir('eb-fault-lock-cli-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    openJournalDatabase({ dataDir, Database }).close();
    const file = path.join(dir.path, 'Contoso.mobileconfig');
    fs.writeFileSync(file, enrollmentProfile({ displayName: 'Contoso Macs' }));
    const lock = await holdWriteLock(path.join(dataDir, DATABASE_FILE));
    cleanups.push(() => lock.release());
    const run = await runCliProcess(['--data-dir', dataDir, 'profile', 'import', file, '--json']);
    expect(run.code).toBe(1);
    const answer = JSON.parse(run.stdout) as { error: { code: string; detail: string } };
    expect(answer.error.code).toBe('JOURNAL_UNAVAILABLE');
    expect(answer.error.detail).toContain('waited 2 s');
  });
});

describe.skipIf(!IS_ROOT)('a data folder that fills up mid-batch [needs root: tmpfs]', () => {
  it('stops the batch with JOURNAL_UNAVAILABLE; after space is freed the journal is intact and matches the disk', async () => {
    const dir = tempDir('eb-fault-full-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    const volumes = path.join(dir.path, 'Volumes');
    cleanups.push(mountTmpfs(dataDir, 2048));
    const rig = batchRig(dataDir, volumes, 4, () => fillUp(dataDir));
    const session = rig.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false });
    const jobs = await rig.runner.stage(session, profile, ['mac-1', 'mac-2', 'mac-3', 'mac-4']);
    await rig.runner.whenIdle();
    const finals = jobs.map((j) => rig.last.get(j.id));
    for (const job of finals) expect(job?.state === 'failed' ? job.code : job?.state).toMatch(/^(JOURNAL_UNAVAILABLE|staged)$/);
    expect(finals.some((j) => j?.code === 'JOURNAL_UNAVAILABLE')).toBe(true);
    fs.rmSync(path.join(dataDir, 'filler.bin'));
    rig.store.recover(() => false);
    rig.journal.close();
    expectJournalMatchesDisk(dataDir, volumes);
  });
});

describe('a damaged journal', () => {
  // Two kinds here; every kind in `npm run test:faults` (test/faults/journal-corruption.test.ts).
  for (const [kind, pick] of [['header', 0], ['garbage-page', 5]] as Array<[Damage, number]>) {
    it(`(${kind} #${pick}) is refused with JOURNAL_CORRUPT, left untouched, and kept aside only with --repair`, async () => {
      const dir = tempDir('eb-fault-corrupt-');
      cleanups.push(dir.cleanup);
      await expectCorruptJournalHandled(dir.path, kind, pick);
    });
  }
});
