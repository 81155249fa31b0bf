import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/main/platform/clock';
import { DATABASE_FILE, openJournalDatabase } from '../../src/main/journal/database';
import { createJournalStore } from '../../src/main/journal/journal-store';
import { createJobRunner } from '../../src/main/staging/job-runner';
import type { Job } from '../../src/shared/models/job';
import { macTarget } from '../support/targets';
import { tempDir } from '../support/temp';
import { stagingProfile } from '../support/profile-fixtures';

// Group commit (issue 14): many Macs' transitions share one durable commit, and none of them is
// announced before that commit. "Committed" is checked the way another process would see it: a
// second connection to the same journal file reads the row at the moment it is announced.

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

const now = Date.parse('2026-11-26T10:00:00Z');
const clock = fixedClock(now);
const SHA = 'b'.repeat(64);

function journalRig() {
  const dir = tempDir('eb-group-');
  const dataDir = path.join(dir.path, 'data');
  const journal = openJournalDatabase({ dataDir, Database });
  const reader = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  cleanups.push(dir.cleanup, () => journal.close(), () => reader.close());
  const store = createJournalStore(journal.db, clock);
  const stateSeenByOthers = (jobId: string) => (reader.prepare('SELECT state FROM jobs WHERE id = ?').get(jobId) as { state: string } | undefined)?.state ?? null;
  return { dir, db: journal.db, store, stateSeenByOthers };
}

/** Where a job's profile goes: journalled when staging starts (a staging job always has it). */
const destination = (targetId: string) => `/Volumes/${targetId}/Users/Shared/Enrollment/profile.mobileconfig`;

describe('journal group commit', () => {
  it('commits what is pending together, and resolves nobody before the commit', async () => {
    const { store, stateSeenByOthers } = journalRig();
    const session = store.startSession({ technician: 't', benchHost: 'h', profileSha256: SHA, kiosk: false });
    const jobs = store.batch(() => Array.from({ length: 16 }, (_, i) => store.queueJob({ sessionId: session.id, targetId: `mac-${i}`, profileSha256: SHA, bytesTotal: 1 }).job));
    const before = store.groupCommitStats;
    const pending = jobs.map((job) => store.grouped(() => start(store, job)));
    // Nothing is in the journal yet: the transaction has not run.
    expect(jobs.map((job) => stateSeenByOthers(job.id))).toEqual(jobs.map(() => 'queued'));
    const seenWhenResolved = await Promise.all(pending.map((p) => p.then((t) => stateSeenByOthers(t.job.id))));
    expect(seenWhenResolved).toEqual(jobs.map(() => 'staging'));
    const after = store.groupCommitStats;
    expect(after.commits - before.commits).toBe(1);
    expect(after.units - before.units).toBe(16);
  });

  it('a transition that is refused fails alone; the others in its group are committed', async () => {
    const { store, stateSeenByOthers } = journalRig();
    const session = store.startSession({ technician: 't', benchHost: 'h', profileSha256: SHA, kiosk: false });
    const [a, b] = store.batch(() => ['mac-a', 'mac-b'].map((targetId) => store.queueJob({ sessionId: session.id, targetId, profileSha256: SHA, bytesTotal: 1 }).job)) as [Job, Job];
    const good = store.grouped(() => store.transition(a.id, 'staging', { path: destination(a.targetId) }));
    const refused = store.grouped(() => store.transition(b.id, 'enrolled'));
    await expect(refused).rejects.toMatchObject({ code: 'INTERNAL', detail: expect.stringMatching(/not a valid transition/) });
    await expect(good).resolves.toMatchObject({ job: { state: 'staging' } });
    expect([stateSeenByOthers(a.id), stateSeenByOthers(b.id)]).toEqual(['staging', 'queued']);
  });

  it('when the shared transaction is lost, every caller of the group gets the error and none of it is kept', async () => {
    const { db, store, stateSeenByOthers } = journalRig();
    const session = store.startSession({ technician: 't', benchHost: 'h', profileSha256: SHA, kiosk: false });
    const job = store.queueJob({ sessionId: session.id, targetId: 'mac-a', profileSha256: SHA, bytesTotal: 1 }).job;
    const settled = await Promise.allSettled([
      store.grouped(() => store.transition(job.id, 'staging', { path: destination(job.targetId) })),
      // What SQLite does on a full disk or an I/O error: the whole transaction is rolled back.
      store.grouped(() => db.exec('ROLLBACK')),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    expect(stateSeenByOthers(job.id)).toBe('queued');
    expect(store.getJob(job.id).state).toBe('queued');
  });

  it('the job runner announces every transition only once another connection can read it', async () => {
    const { dir, store, stateSeenByOthers } = journalRig();
    const targets = new Map(
      Array.from({ length: 12 }, (_, i) => {
        const root = path.join(dir.path, `Mac ${i}`);
        fs.mkdirSync(path.join(root, 'Users', 'Shared'), { recursive: true });
        return [`mac-${i}` as string, macTarget(`mac-${i}`, root)] as const;
      }),
    );
    const bytes = Buffer.from('<plist version="1.0"><dict/></plist>\n');
    const profile = stagingProfile(bytes, now, { displayName: 'Group Commit', organization: null, mdmHost: null });
    const announced: Array<{ state: string; seen: string | null }> = [];
    const runner = createJobRunner({
      store,
      clock,
      getTarget: (id) => targets.get(id) ?? null,
      onJobChanged: (job) => announced.push({ state: job.state, seen: stateSeenByOthers(job.id) }),
      onProgress: () => {},
      concurrency: () => 12,
    });
    const session = store.startSession({ technician: 't', benchHost: 'h', profileSha256: profile.sha256, kiosk: false });
    const before = store.groupCommitStats;
    await runner.stage(session, profile, [...targets.keys()]);
    await runner.whenIdle();
    expect(announced.filter((a) => a.state === 'staged')).toHaveLength(12);
    // Each announcement is readable by then: the state itself, or (for "queued", durable in the
    // same sync as "staging") a later one.
    const order = ['queued', 'staging', 'verifying', 'staged'];
    expect(announced.filter((a) => a.seen === null || order.indexOf(a.seen) < order.indexOf(a.state))).toEqual([]);
    // 12 Macs × (staging, verifying, staged), and the batch's queueing, made durable by the
    // first group (the group that carries the Macs' "staging"), went through fewer commits.
    expect(announced.filter((a) => a.state === 'queued')).toHaveLength(12);
    const after = store.groupCommitStats;
    expect(after.units - before.units).toBe(36 + 1);
    expect(after.commits - before.commits).toBeLessThan(36);
  });
});

/**
 * A journal whose group committer's WAL sync is a fake held open by the test (the real one is
 * fdatasync on the thread pool): `syncs` holds one release per sync asked for. Three Macs queued.
 */
async function heldSyncRig() {
  const rig = journalRig();
  const syncs: Array<() => void> = [];
  const { createGroupCommitter } = await import('../../src/main/journal/group-commit');
  const group = createGroupCommitter(rig.db, { syncWal: () => new Promise<void>((resolve) => syncs.push(resolve)) });
  const session = rig.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
  const jobs = rig.store.batch(() => ['mac-a', 'mac-b', 'mac-c'].map((targetId) => rig.store.queueJob({ sessionId: session.id, targetId, profileSha256: SHA, bytesTotal: 1 }).job)) as [Job, Job, Job];
  return { ...rig, group, syncs, jobs };
}
/** A queued job's "staging", with where its profile goes. */
const start = (store: ReturnType<typeof journalRig>['store'], job: Job) => store.transition(job.id, 'staging', { attempts: 1, path: destination(job.targetId) });

describe('the WAL made durable off the main thread', () => {
  it('resolves nobody before the WAL sync returns, though the group is committed; a failed sync is every caller’s error', async () => {
    const { db, stateSeenByOthers, store } = journalRig();
    // A fake of the WAL sync, held open by the test: the real one is fdatasync on the thread pool.
    let release: (() => void) | null = null;
    let fail: ((error: Error) => void) | null = null;
    const fakeSync = () =>
      new Promise<void>((resolve, reject) => {
        release = resolve;
        fail = reject;
      });
    const { createGroupCommitter } = await import('../../src/main/journal/group-commit');
    const group = createGroupCommitter(db, { syncWal: fakeSync });
    const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
    let resolved = false;
    const queued = group.commit(() => store.queueJob({ sessionId: session.id, targetId: 'mac-1', profileSha256: SHA, bytesTotal: 1 })).then((q) => {
      resolved = true;
      return q;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(release).not.toBeNull();
    const jobId = (db.prepare("SELECT id FROM jobs WHERE target_id = 'mac-1'").get() as { id: string }).id;
    expect(stateSeenByOthers(jobId)).toBe('queued');
    expect(resolved).toBe(false);
    // The connection is back at FULL for writes outside the group commit.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    (release as unknown as () => void)();
    expect((await queued).job.state).toBe('queued');

    const next = group.commit(() => store.transition(jobId, 'staging', { attempts: 1, path: destination('mac-1') }));
    await new Promise((r) => setTimeout(r, 20));
    (fail as unknown as (e: Error) => void)(new Error('EIO: i/o error, fdatasync'));
    await expect(next).rejects.toThrow('fdatasync');
  });

  it('a write made now is readable at once, and durable only with the next group’s WAL sync', async () => {
    const { db, stateSeenByOthers, store } = journalRig();
    let release: (() => void) | null = null;
    const fakeSync = () => new Promise<void>((resolve) => (release = resolve));
    const { createGroupCommitter } = await import('../../src/main/journal/group-commit');
    const group = createGroupCommitter(db, { syncWal: fakeSync });
    const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
    const { value, durable } = group.writeNow(() => store.queueJob({ sessionId: session.id, targetId: 'mac-3', profileSha256: SHA, bytesTotal: 1 }));
    let isDurable = false;
    void durable.then(() => (isDurable = true));
    // Written and committed at once (the runs can start), at NORMAL: another connection reads it.
    expect(stateSeenByOthers(value.job.id)).toBe('queued');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // The next group carries it and a transition made meanwhile; neither is durable before the sync.
    const staging = group.commit(() => store.transition(value.job.id, 'staging', { attempts: 1, path: destination('mac-3') }));
    await new Promise((r) => setTimeout(r, 20));
    expect(release).not.toBeNull();
    expect(isDurable).toBe(false);
    (release as unknown as () => void)();
    await durable;
    await expect(staging).resolves.toMatchObject({ job: { state: 'staging' } });
    expect(group.stats).toEqual({ commits: 1, units: 2 });
  });

  it('a group that comes due while a WAL sync is in flight waits for it, then commits everything that arrived meanwhile with one sync', async () => {
    const { stateSeenByOthers, store, group, syncs, jobs } = await heldSyncRig();
    const [a, b, c] = jobs;
    const settled: string[] = [];
    const track = (name: string, p: Promise<unknown>) => p.then(() => settled.push(name));
    const first = track('a', group.commit(() => start(store, a)));
    await new Promise((r) => setTimeout(r, 20));
    expect(syncs).toHaveLength(1);
    const later = [b, c].map((job) => track(job.targetId, group.commit(() => start(store, job))));
    await new Promise((r) => setTimeout(r, 20));
    // b and c wait: not committed, no second sync, while the first is in flight.
    expect(syncs).toHaveLength(1);
    expect([stateSeenByOthers(b.id), stateSeenByOthers(c.id)]).toEqual(['queued', 'queued']);
    syncs[0]?.();
    await first;
    await new Promise((r) => setTimeout(r, 20));
    // Now committed together, and still told nothing until their own sync returns.
    expect(syncs).toHaveLength(2);
    expect([stateSeenByOthers(b.id), stateSeenByOthers(c.id)]).toEqual(['staging', 'staging']);
    expect(settled).toEqual(['a']);
    syncs[1]?.();
    await Promise.all(later);
    expect(settled).toEqual(['a', 'mac-b', 'mac-c']);
    expect(group.stats).toEqual({ commits: 2, units: 3 });
  });

  it('a step asked to sync "within" a time starts no group of its own: it rides on the next one, or gets one when the time is up', async () => {
    const { stateSeenByOthers, store, group, syncs, jobs } = await heldSyncRig();
    const [a, b, c] = jobs;
    let aDone = false;
    const soon = group.commit(() => start(store, a), { syncWithinMs: 60_000 }).then(() => (aDone = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(syncs).toHaveLength(0);
    expect(stateSeenByOthers(a.id)).toBe('queued');
    // Another step's group carries it: one commit, one sync for both.
    const now = group.commit(() => start(store, b));
    await new Promise((r) => setTimeout(r, 20));
    expect(syncs).toHaveLength(1);
    expect(aDone).toBe(false);
    syncs[0]?.();
    await Promise.all([soon, now]);
    expect(group.stats).toEqual({ commits: 1, units: 2 });
    // Alone, it gets its own group when its time is up.
    const alone = group.commit(() => start(store, c), { syncWithinMs: 30 });
    await new Promise((r) => setTimeout(r, 10));
    expect(syncs).toHaveLength(1);
    while (syncs.length < 2) await new Promise((r) => setTimeout(r, 10));
    syncs[1]?.();
    await expect(alone).resolves.toMatchObject({ job: { state: 'staging' } });
    expect(stateSeenByOthers(c.id)).toBe('staging');
  });

  it('a group still waiting for a WAL sync when the journal is closed fails its callers with JOURNAL_UNAVAILABLE, and nothing crashes', async () => {
    const dir = tempDir('eb-group-close-');
    cleanups.push(dir.cleanup);
    const journal = openJournalDatabase({ dataDir: path.join(dir.path, 'data'), Database });
    const store = createJournalStore(journal.db, clock);
    const syncs: Array<() => void> = [];
    const { createGroupCommitter } = await import('../../src/main/journal/group-commit');
    const group = createGroupCommitter(journal.db, { syncWal: () => new Promise<void>((resolve) => syncs.push(resolve)) });
    const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
    const [a, b] = store.batch(() => ['mac-a', 'mac-b'].map((targetId) => store.queueJob({ sessionId: session.id, targetId, profileSha256: SHA, bytesTotal: 1 }).job)) as [Job, Job];
    const first = group.commit(() => start(store, a));
    await new Promise((r) => setTimeout(r, 20));
    const second = group.commit(() => start(store, b));
    await new Promise((r) => setTimeout(r, 20));
    journal.close();
    syncs[0]?.();
    await expect(first).resolves.toMatchObject({ job: { state: 'staging' } });
    await expect(second).rejects.toMatchObject({ code: 'JOURNAL_UNAVAILABLE' });
  });

  it('a write made now stays, and becomes durable, when the group that was to carry it is lost', async () => {
    const { db, stateSeenByOthers, store } = journalRig();
    const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
    const { value, durable } = store.batchNowDurableLater(() => store.queueJob({ sessionId: session.id, targetId: 'mac-4', profileSha256: SHA, bytesTotal: 1 }));
    const lost = store.grouped(() => db.exec('ROLLBACK'));
    await expect(lost).rejects.toThrow();
    await expect(durable).resolves.toBeUndefined();
    expect(stateSeenByOthers(value.job.id)).toBe('queued');
  });

  it('syncs the real WAL file by default, and leaves the connection at FULL', async () => {
    const { db, store } = journalRig();
    const session = store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: SHA, kiosk: false });
    const queued = await store.grouped(() => store.queueJob({ sessionId: session.id, targetId: 'mac-2', profileSha256: SHA, bytesTotal: 1 }));
    expect(queued.job.state).toBe('queued');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(fs.existsSync(`${db.name}-wal`)).toBe(true);
  });
});
