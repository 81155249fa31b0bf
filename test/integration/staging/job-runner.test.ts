import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/platform/clock';
import { openJournalDatabase, type JournalDatabase } from '../../../src/main/journal/database';
import { createJournalStore, type JournalStore } from '../../../src/main/journal/journal-store';
import { createJobRunner } from '../../../src/main/staging/job-runner';
import { stageProfile } from '../../../src/main/staging/stage-profile';
import { createStagingService } from '../../../src/main/staging/staging-service';
import { createSettingsStore } from '../../../src/main/settings/settings-store';
import { silentLogger } from '../../../src/main/platform/logger';
import { BenchError } from '../../../src/shared/errors';
import type { Job } from '../../../src/shared/models/job';
import type { MacVolumeTarget, Target } from '../../../src/shared/models/target';
import { IS_ROOT, mountTmpfs } from '../../support/mounts';
import { macTarget } from '../../support/targets';
import { tempDir } from '../../support/temp';
import { stagingProfile } from '../../support/profile-fixtures';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

const now = Date.parse('2026-11-26T10:00:00Z');
const clock = fixedClock(now);
const bytes = Buffer.from('<plist version="1.0"><dict><key>PayloadType</key><string>Configuration</string></dict></plist>\n');
const profile = stagingProfile(bytes, now);

interface Rig {
  dir: string;
  journal: JournalDatabase;
  store: JournalStore;
  targets: Map<string, Target>;
  changes: Job[];
  runner: ReturnType<typeof createJobRunner>;
}

function rig(options: { concurrency?: number; stage?: typeof stageProfile } = {}): Rig {
  const dir = tempDir('eb-runner-');
  const journal = openJournalDatabase({ dataDir: path.join(dir.path, 'data'), Database });
  cleanups.push(dir.cleanup, () => journal.close());
  const store = createJournalStore(journal.db, clock);
  const targets = new Map<string, Target>();
  const changes: Job[] = [];
  const runner = createJobRunner({
    store,
    clock,
    getTarget: (id) => targets.get(id) ?? null,
    onJobChanged: (job) => changes.push(job),
    onProgress: () => {},
    concurrency: () => options.concurrency ?? 8,
    sleep: async () => {},
    ...(options.stage ? { stage: options.stage } : {}),
  });
  return { dir: dir.path, journal, store, targets, changes, runner };
}

function addMacs(r: Rig, count: number): MacVolumeTarget[] {
  return Array.from({ length: count }, (_, i) => {
    const root = path.join(r.dir, 'Volumes', `Mac ${i + 1} - Data`);
    fs.mkdirSync(root, { recursive: true });
    const target = macTarget(`mac-${i + 1}`, root);
    r.targets.set(target.id, target);
    return target;
  });
}

const session = (r: Rig) => r.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false });

describe('the job runner (real files, real SQLite journal)', () => {
  it.skipIf(!IS_ROOT)('stages 32 Macs at once; one read-only Mac fails and the other 31 are staged [needs root: tmpfs]', async () => {
    let running = 0;
    let peak = 0;
    const r = rig({
      concurrency: 8,
      stage: async (request) => {
        running += 1;
        peak = Math.max(peak, running);
        try {
          return await stageProfile(request);
        } finally {
          running -= 1;
        }
      },
    });
    const macs = addMacs(r, 31);
    const readOnlyRoot = path.join(r.dir, 'Volumes', 'Broken Mac - Data');
    cleanups.push(mountTmpfs(readOnlyRoot, 256, { readOnly: true }));
    r.targets.set('broken', macTarget('broken', readOnlyRoot));
    const s = session(r);
    await r.runner.stage(s, profile, [...macs.map((m) => m.id), 'broken']);
    await r.runner.whenIdle();

    const jobs = r.store.jobsOfSession(s.id);
    expect(jobs).toHaveLength(32);
    expect(jobs.filter((j) => j.state === 'staged')).toHaveLength(31);
    expect(jobs.find((j) => j.targetId === 'broken')).toMatchObject({ state: 'failed', code: 'STAGE_READ_ONLY' });
    expect(peak).toBeLessThanOrEqual(8);
    expect(peak).toBeGreaterThan(1);
    for (const mac of macs) {
      const staged = path.join(mac.dataVolume!, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig');
      expect(Buffer.compare(fs.readFileSync(staged), bytes)).toBe(0);
    }
  });

  it('counts copies against the cap: a Mac whose copy is done lets the next start while its "staged" is made durable', async () => {
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    const r = rig();
    const macs = addMacs(r, 2);
    const s = session(r);
    const runner = createJobRunner({
      store: r.store,
      clock,
      getTarget: (id) => r.targets.get(id) ?? null,
      onJobChanged: (job) => {
        if (job.state === 'staged') order.push(`staged ${job.targetId}`);
      },
      onProgress: () => {},
      concurrency: () => 1,
      stage: async (request) => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(`copy ${path.basename(request.root)}`);
        try {
          return await stageProfile(request);
        } finally {
          running -= 1;
        }
      },
    });
    await runner.stage(s, profile, macs.map((m) => m.id));
    await runner.whenIdle();
    expect(peak).toBe(1);
    // The second copy started before the first Mac was announced staged (one copy at a time all the same).
    expect(order).toEqual(['copy Mac 1 - Data', 'copy Mac 2 - Data', 'staged mac-1', 'staged mac-2']);
    expect(r.store.jobsOfSession(s.id).map((j) => j.state)).toEqual(['staged', 'staged']);
  });

  it('journals every transition, in order, before telling anyone', async () => {
    const seenInJournal: boolean[] = [];
    const r = rig();
    const [mac] = addMacs(r, 1);
    const s = session(r);
    const runner = createJobRunner({
      store: r.store,
      clock,
      getTarget: (id) => r.targets.get(id) ?? null,
      onJobChanged: (job, event) => {
        const row = r.journal.db.prepare('SELECT to_state FROM events WHERE seq = ?').get(event.seq) as { to_state: string } | undefined;
        seenInJournal.push(row?.to_state === job.state);
      },
      onProgress: () => {},
      concurrency: () => 1,
    });
    await runner.stage(s, profile, [mac!.id]);
    await runner.whenIdle();
    const states = (r.journal.db.prepare("SELECT from_state, to_state FROM events WHERE kind = 'job-state' ORDER BY seq").all() as { from_state: string | null; to_state: string }[]);
    expect(states).toEqual([
      { from_state: null, to_state: 'queued' },
      { from_state: 'queued', to_state: 'staging' },
      { from_state: 'staging', to_state: 'verifying' },
      { from_state: 'verifying', to_state: 'staged' },
    ]);
    expect(seenInJournal).toEqual([true, true, true, true]);
  });

  it('journals warnings and moved-aside files even when nobody listens to the journal', async () => {
    // The rig passes no onJournal: the events must still be written.
    const r = rig({ stage: async (request) => ({ ...(await stageProfile(request)), warnings: [{ code: 'STAGE_INSTRUCTIONS_NOT_WRITTEN', message: 'no page' }] }) });
    const [mac] = addMacs(r, 1);
    const folder = path.join(mac!.dataVolume!, 'Users', 'Shared', 'Enrollment');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'Contoso Macs.mobileconfig'), 'the profile staged last week');
    const s = session(r);
    await r.runner.stage(s, profile, [mac!.id]);
    await r.runner.whenIdle();
    const events = r.journal.db.prepare("SELECT kind, code FROM events WHERE kind != 'job-state' AND job_id IS NOT NULL ORDER BY seq").all();
    expect(events).toEqual([
      { kind: 'file-moved-aside', code: null },
      { kind: 'job-warning', code: 'STAGE_INSTRUCTIONS_NOT_WRITTEN' },
    ]);
  });

  it('journals a file it moves aside before moving it, so a bench stopped mid-copy still knows where it went', async () => {
    // The copy never finishes (as if the bench were killed after the move): the record is there anyway.
    const r = rig({ stage: (request) => stageProfile({ ...request, onVerifying: () => { throw new BenchError('IO_ERROR', 'the bench stopped'); } }) });
    const [mac] = addMacs(r, 1);
    const folder = path.join(mac!.dataVolume!, 'Users', 'Shared', 'Enrollment');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'Contoso Macs.mobileconfig'), 'the profile staged last week');
    const s = session(r);
    await r.runner.stage(s, profile, [mac!.id]);
    await r.runner.whenIdle();
    expect(r.store.jobFor(s.id, mac!.id)).toMatchObject({ state: 'failed' });
    const aside = fs.readdirSync(folder).filter((f) => f.endsWith('.previous'));
    expect(aside).toEqual(['Contoso Macs.mobileconfig.20261126T100000Z.previous']);
    expect(fs.readFileSync(path.join(folder, aside[0]!), 'utf8')).toBe('the profile staged last week');
    const events = r.journal.db.prepare("SELECT path, message FROM events WHERE kind = 'file-moved-aside'").all();
    expect(events).toEqual([{ path: path.join(folder, aside[0]!), message: expect.stringContaining('it is kept as') }]);
  });

  it('refuses to stage an expired profile: every Mac is blocked and nothing is written', async () => {
    const r = rig();
    const macs = addMacs(r, 3);
    const s = session(r);
    await r.runner.stage(s, { ...profile, expiresAt: new Date(now - 1000).toISOString() }, macs.map((m) => m.id));
    await r.runner.whenIdle();
    expect(r.store.jobsOfSession(s.id).map((j) => [j.state, j.code])).toEqual([
      ['blocked', 'PROFILE_EXPIRED'],
      ['blocked', 'PROFILE_EXPIRED'],
      ['blocked', 'PROFILE_EXPIRED'],
    ]);
    for (const mac of macs) expect(fs.readdirSync(mac.dataVolume!)).toEqual([]);
  });

  it('blocks a FileVault-locked Mac and one with a blocking constraint at once, with the reason', async () => {
    const r = rig();
    const [a, b] = addMacs(r, 2);
    r.targets.set(a!.id, { ...a!, locked: true, stageable: false });
    r.targets.set(b!.id, { ...b!, stageable: false, constraints: [{ severity: 'error', code: 'TARGET_MACOS_TOO_OLD', message: 'macOS 11 is too old.' }] });
    const s = session(r);
    // The staging policy answers when the job is queued: the answer itself says blocked.
    const answer = await r.runner.stage(s, profile, [a!.id, b!.id]);
    expect(answer.map((j) => [j.state, j.code])).toEqual([
      ['blocked', 'LOCKED'],
      ['blocked', 'TARGET_MACOS_TOO_OLD'],
    ]);
    await r.runner.whenIdle();
    expect(r.store.jobFor(s.id, a!.id)).toMatchObject({ state: 'blocked', code: 'LOCKED' });
    expect(r.store.jobFor(s.id, b!.id)).toMatchObject({ state: 'blocked', code: 'TARGET_MACOS_TOO_OLD', message: 'macOS 11 is too old.' });
  });

  it('retries a transient failure with back-off and then stages', async () => {
    let calls = 0;
    const r = rig({
      stage: async (request) => {
        calls += 1;
        if (calls === 1) throw new BenchError('STAGE_DISCONNECTED', 'EIO during write');
        return stageProfile(request);
      },
    });
    const [mac] = addMacs(r, 1);
    const s = session(r);
    await r.runner.stage(s, profile, [mac!.id]);
    await r.runner.whenIdle();
    expect(r.store.jobFor(s.id, mac!.id)).toMatchObject({ state: 'staged', attempts: 2 });
    const retry = r.changes.find((j) => j.state === 'queued' && j.code === 'STAGE_DISCONNECTED');
    expect(retry?.message).toMatch(/Retrying in 1 s/);
  });

  it('gives up after three transient failures and says why', async () => {
    const r = rig({ stage: async () => { throw new BenchError('STAGE_DISCONNECTED', 'EIO'); } });
    const [mac] = addMacs(r, 1);
    const s = session(r);
    await r.runner.stage(s, profile, [mac!.id]);
    await r.runner.whenIdle();
    expect(r.store.jobFor(s.id, mac!.id)).toMatchObject({ state: 'failed', code: 'STAGE_DISCONNECTED', attempts: 3 });
  });

  it('cancels everything that is queued and running; a later retry stages them', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const r = rig({
      concurrency: 2,
      stage: async (request) => {
        await gate;
        return stageProfile(request);
      },
    });
    const macs = addMacs(r, 5);
    const s = session(r);
    await r.runner.stage(s, profile, macs.map((m) => m.id));
    expect(r.runner.activeCount).toBe(2);
    expect(r.runner.cancel(null)).toBe(5);
    release();
    await r.runner.whenIdle();
    expect(r.store.jobsOfSession(s.id).map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled', 'cancelled']);

    const again = rig();
    // A fresh runner over the same journal: cancelled jobs can be queued again.
    const runner = createJobRunner({ store: r.store, clock, getTarget: (id) => r.targets.get(id) ?? null, onJobChanged: () => {}, onProgress: () => {}, concurrency: () => 4 });
    await runner.stage(s, profile, macs.map((m) => m.id));
    await runner.whenIdle();
    expect(r.store.jobsOfSession(s.id).every((j) => j.state === 'staged')).toBe(true);
    expect(again.store.listSessions()).toEqual([]);
  });

  it('fails a queued Mac that was unplugged before its turn, without touching the others', async () => {
    const r = rig({ concurrency: 1 });
    const macs = addMacs(r, 3);
    const s = session(r);
    r.targets.delete(macs[2]!.id);
    await r.runner.stage(s, profile, macs.map((m) => m.id));
    await r.runner.whenIdle();
    expect(r.store.jobsOfSession(s.id).map((j) => j.state)).toEqual(['staged', 'staged', 'failed']);
    expect(r.store.jobFor(s.id, macs[2]!.id)?.code).toBe('STAGE_DISCONNECTED');
  });

  it('marks jobs left running by a stopped bench as interrupted when the journal is reopened', () => {
    const r = rig();
    const [mac] = addMacs(r, 1);
    const s = r.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false, ownerPid: 4242 });
    const queued = r.store.queueJob({ sessionId: s.id, targetId: mac!.id, profileSha256: profile.sha256, bytesTotal: bytes.length });
    r.store.transition(queued.job.id, 'staging', { attempts: 1, path: path.join(mac!.dataVolume!, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig') });
    const recovered = r.store.recover(() => false);
    expect(recovered.interrupted.map((t) => [t.job.state, t.job.code])).toEqual([['interrupted', 'STAGE_INTERRUPTED']]);
  });

  it('leaves alone the jobs of a bench process that is still running, and ends stopped scripts’ sessions', () => {
    const r = rig();
    const [a, b] = addMacs(r, 2);
    const live = r.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false, scripted: true, ownerPid: 1001 });
    const dead = r.store.startSession({ technician: 'Ana', benchHost: 'bench-1', profileSha256: profile.sha256, kiosk: false, scripted: true, ownerPid: 1002 });
    const liveJob = r.store.queueJob({ sessionId: live.id, targetId: a!.id, profileSha256: profile.sha256, bytesTotal: 1 }).job;
    const deadJob = r.store.queueJob({ sessionId: dead.id, targetId: b!.id, profileSha256: profile.sha256, bytesTotal: 1 }).job;
    const recovered = r.store.recover((pid) => pid === 1001);
    expect(recovered.interrupted.map((t) => t.job.id)).toEqual([deadJob.id]);
    expect(r.store.getJob(liveJob.id).state).toBe('queued');
    expect(recovered.ended.map((s) => s.id)).toEqual([dead.id]);
    expect(r.store.getSession(live.id).endedAt).toBeNull();
    // A script's session is never the app's open session.
    expect(r.store.currentSession()).toBeNull();
  });

  it('journals where the profile goes before writing, so a re-check after a stop finds a finished copy', async () => {
    const r = rig();
    const [mac] = addMacs(r, 1);
    const s = session(r);
    // The copy completes, but the bench 'stops' before it can journal 'staged'.
    const runner = createJobRunner({
      store: r.store,
      clock,
      getTarget: (id) => r.targets.get(id) ?? null,
      onJobChanged: () => {},
      onProgress: () => {},
      concurrency: () => 1,
      stage: async (request) => {
        await stageProfile(request);
        throw new Error('power cut');
      },
    });
    await runner.stage(s, profile, [mac!.id]);
    await runner.whenIdle();
    const job = r.store.jobFor(s.id, mac!.id)!;
    expect(job.path).toBe(path.join(mac!.dataVolume!, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig'));
    r.store.transition(job.id, 'queued');
    r.store.transition(job.id, 'staging');
    r.store.recover(() => false);
    expect(r.store.getJob(job.id).state).toBe('interrupted');

    const service = createStagingService({
      store: r.store,
      settings: createSettingsStore(r.journal.db, () => {}),
      clock,
      targets: { list: () => [...r.targets.values()], get: (id) => r.targets.get(id) ?? null },
      profiles: { load: async () => profile, expiresAt: () => profile.expiresAt },
      listeners: { jobChanged: () => {}, jobProgress: () => {}, journalAppended: () => {}, sessionChanged: () => {}, targetChanged: () => {} },
      logger: silentLogger,
      kiosk: () => false,
      isRunning: () => false,
    });
    expect(await service.reverify(s.id)).toEqual([{ targetId: mac!.id, result: 'intact' }]);
    expect(r.store.getJob(job.id)).toMatchObject({ state: 'staged', sha256: profile.sha256, message: 'Found complete and identical after the bench stopped.' });
    service.dispose();
  });

  it('staging another profile ends the open session as choosing one does: what it still had queued or running is cancelled', async () => {
    const r = rig();
    const [a, b, c] = addMacs(r, 3);
    const other = stagingProfile(Buffer.concat([bytes, Buffer.from('<!-- the lab profile -->\n')]), now, { displayName: 'Contoso Lab' });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const service = createStagingService({
      store: r.store,
      settings: createSettingsStore(r.journal.db, () => {}),
      clock,
      concurrency: 1,
      targets: { list: () => [...r.targets.values()], get: (id) => r.targets.get(id) ?? null },
      profiles: { load: async (id) => (id === other.sha256 ? other : profile), expiresAt: () => profile.expiresAt },
      listeners: { jobChanged: () => {}, jobProgress: () => {}, journalAppended: () => {}, sessionChanged: () => {}, targetChanged: () => {} },
      logger: silentLogger,
      kiosk: () => false,
      isRunning: () => false,
      // The first profile's copies wait: one is running (the only place), the other queued.
      stage: async (request) => {
        if (request.sha256 === profile.sha256) await held;
        return stageProfile(request);
      },
    });
    const first = await service.stage([a!.id, b!.id]);
    expect(first.jobs.map((j) => j.state)).toEqual(['queued', 'queued']);

    const second = await service.stage([c!.id], other.sha256);
    expect(second.session.id).not.toBe(first.session.id);
    expect(r.store.getSession(first.session.id).endedAt).not.toBeNull();
    expect(r.store.jobFor(first.session.id, b!.id)).toMatchObject({ state: 'cancelled', code: 'STAGE_CANCELLED' });
    release();
    await service.whenIdle();
    expect(r.store.jobFor(first.session.id, a!.id)).toMatchObject({ state: 'cancelled', code: 'STAGE_CANCELLED' });
    expect(r.store.jobFor(second.session.id, c!.id)).toMatchObject({ state: 'staged', profileSha256: other.sha256 });
    // Nothing of the first profile reached a Mac after its session ended.
    for (const mac of [a!, b!]) expect(fs.existsSync(path.join(mac.dataVolume!, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig'))).toBe(false);
    service.dispose();
  });

  it('keeps serial numbers unique within a session', () => {
    const r = rig();
    const [a, b] = addMacs(r, 2);
    const s = session(r);
    r.store.rememberTarget(a!);
    r.store.rememberTarget(b!);
    r.store.setSerial(s.id, a!.id, 'C02XK1ABJG5H', 'entered');
    expect(() => r.store.setSerial(s.id, b!.id, 'C02XK1ABJG5H', 'entered')).toThrow(expect.objectContaining({ code: 'SERIAL_DUPLICATE' }));
    expect(r.store.serialFor(s.id, a!.id)).toBe('C02XK1ABJG5H');
  });
});
