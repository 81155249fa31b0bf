import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import type { BenchEvent } from '../../../src/shared/contract';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph';
import { manualClock, type ManualClock } from '../../support/manual-clock';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { tempDir } from '../../support/temp';
import { filesContaining } from '../../support/token-search';
import { writeDataVolume, writeSystemVolume } from '../../support/volumes';

// The Intune flow in-process against the fake Graph, with a clock the test moves: every error path
// of the Graph client as the bench reports it, paging, batching at 5,000, the refresh of an
// expiring profile (the session switched to the fresh copy, journalled), and the gentle poller.

const DAY = 86_400_000;

/** Wait until an async condition holds; the limit only stops a broken test from hanging. */
async function waitFor(condition: () => Promise<boolean>, limitMs = 15_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not reached within ${limitMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const PROFILE_ID = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_PROFILE_ID = 'c0ffee00-0000-4000-8000-000000000002';
let graph: FakeGraph;
let dir: { path: string; cleanup: () => void };
let clock: ManualClock;
let bench: Bench;
let events: BenchEvent[];
let waits: number[];

async function openBench(env: NodeJS.ProcessEnv = {}, extra: { pollIntervalMs?: number; timeoutMs?: number } = {}): Promise<Bench> {
  const b = await createBench({
    dataDir: path.join(dir.path, 'data'),
    door: 'web-host',
    clock,
    mountRoots: [path.join(dir.path, 'Volumes')],
    discovery: 'off',
    intune: {
      env: { ENROLLMENT_BENCH_GRAPH_URL: graph.url, ENROLLMENT_BENCH_GRAPH_TOKEN: graph.token, ...env },
      graph: { sleep: async (ms) => void waits.push(ms), ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}) },
      ...(extra.pollIntervalMs ? { pollIntervalMs: extra.pollIntervalMs } : {}),
    },
  });
  b.subscribe((event) => events.push(event));
  return b;
}

function mac(name: string): string {
  const root = path.join(dir.path, 'Volumes');
  writeSystemVolume(path.join(root, name), { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' });
  writeDataVolume(path.join(root, `${name} - Data`));
  return path.join(root, `${name} - Data`);
}

/** Fetch the profile, stage it on the Macs (in the open session) and record their serials. */
async function stagedSession(serials: Record<string, string>): Promise<string> {
  await bench.invoke('fetchIntuneProfile', { intuneProfileId: PROFILE_ID, choose: true });
  const targets = await bench.invoke('rescanTargets', {});
  const ids = targets.filter((t) => t.kind !== 'usb-device' && t.stageable).map((t) => t.id);
  await bench.invoke('stageTargets', { targetIds: ids });
  await waitFor(async () => (await bench.invoke('listJobs', {})).every((j) => j.state === 'staged'));
  for (const [name, serial] of Object.entries(serials)) {
    const target = targets.find((t) => t.name === name);
    if (!target) throw new Error(`no target ${name}`);
    await bench.invoke('setTargetSerial', { targetId: target.id, serial });
  }
  const session = await bench.invoke('getSession', {});
  if (!session) throw new Error('no session');
  return session.id;
}

beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(async () => {
  await graph.close();
});

beforeEach(async () => {
  dir = tempDir('eb-intune-');
  clock = manualClock(Date.now());
  events = [];
  waits = [];
  graph.profiles.length = 0;
  graph.devices.length = 0;
  graph.faults.length = 0;
  graph.requests.length = 0;
  graph.identities.clear();
  graph.rejectSerials.clear();
  graph.foreignNextLink = null;
  graph.profiles.push({
    id: PROFILE_ID,
    displayName: 'Contoso userless',
    exportValue: enrollmentProfile({ displayName: 'Contoso userless' }).toString('utf8'),
  });
  bench = await openBench();
});
afterEach(async () => {
  await bench.close();
  dir.cleanup();
});

describe('Intune off', () => {
  it('refuses every Intune call with INTUNE_DISABLED and sends nothing at all', async () => {
    await bench.close();
    bench = await openBench({ ENROLLMENT_BENCH_GRAPH_TOKEN: '' });
    for (const [name, params] of [
      ['listIntuneProfiles', {}],
      ['fetchIntuneProfile', { intuneProfileId: PROFILE_ID }],
      ['uploadIntuneSerials', {}],
      ['syncIntuneEnrollment', {}],
      ['intuneSignIn', {}],
      ['setIntunePolling', { on: true }],
    ] as const) {
      const result = await bench.call(name, params);
      expect(result).toMatchObject({ ok: false, error: { code: 'INTUNE_DISABLED' } });
    }
    expect(await bench.invoke('getIntuneStatus', {})).toMatchObject({ enabled: false, signedIn: false, credential: 'none', refreshOffer: null });
    expect(graph.requests).toEqual([]);
  });

  it('asks for a client id before a sign-in once Intune is turned on', async () => {
    await bench.close();
    bench = await openBench({ ENROLLMENT_BENCH_GRAPH_TOKEN: '' });
    await bench.invoke('updateIntuneSettings', { enabled: true });
    expect(await bench.call('intuneSignIn', {})).toMatchObject({ ok: false, error: { code: 'INTUNE_NOT_CONFIGURED' } });
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({ ok: false, error: { code: 'INTUNE_NOT_SIGNED_IN' } });
    expect(graph.requests).toEqual([]);
  });
});

describe('the Graph client, as the bench reports it', () => {
  it('waits as long as Retry-After says and then succeeds', async () => {
    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 429, retryAfter: '7', times: 2 });
    const { profiles } = await bench.invoke('listIntuneProfiles', {});
    expect(profiles.map((p) => p.displayName)).toEqual(['Contoso userless']);
    expect(waits).toEqual([7000, 7000]);
  });

  it('backs off exponentially on 503 without Retry-After, then gives up as offline', async () => {
    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 503, times: 10 });
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({ ok: false, error: { code: 'INTUNE_OFFLINE' } });
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('refuses a Retry-After longer than it may wait: throttled, with the wait in the detail', async () => {
    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 429, retryAfter: '120' });
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_THROTTLED', detail: expect.stringContaining('retry after 120 s') },
    });
    expect(waits).toEqual([]);
  });

  it('says forbidden on 403 with Graph’s own words, and not found for an unknown profile', async () => {
    graph.faults.push({ pathIncludes: '/exportMobileConfig', status: 403 });
    const forbidden = await bench.call('fetchIntuneProfile', { intuneProfileId: PROFILE_ID });
    expect(forbidden).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_FORBIDDEN', detail: expect.stringContaining('DeviceManagementServiceConfig') },
    });
    expect(await bench.call('fetchIntuneProfile', { intuneProfileId: 'deadbeef-0000-4000-8000-000000000000' })).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_NOT_FOUND' },
    });
    expect((await bench.invoke('listProfiles', {})).profiles).toEqual([]);
  });

  it('follows @odata.nextLink across pages, but never to another host', async () => {
    for (let i = 2; i <= 5; i++)
      graph.profiles.push({ id: `c0ffee00-0000-4000-8000-00000000000${i}`, displayName: `Profile ${i}`, exportValue: 'x' });
    expect((await bench.invoke('listIntuneProfiles', {})).profiles).toHaveLength(5);
    expect(graph.requests.filter((r) => r.path.endsWith('/enrollmentProfiles'))).toHaveLength(3);
    graph.foreignNextLink = 'https://attacker.example/collect';
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_GRAPH_ERROR', detail: expect.stringContaining('another host') },
    });
  });

  it('gives up on a Graph that does not answer in time: offline', async () => {
    await bench.close();
    bench = await openBench({}, { timeoutMs: 300 });
    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 500, delayMs: 2000 });
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_OFFLINE', detail: expect.stringContaining('no answer within') },
    });
  });

  it('refuses a Graph URL that would send the token in clear text to another computer', async () => {
    await bench.close();
    bench = await openBench({ ENROLLMENT_BENCH_GRAPH_URL: 'http://graph.example.com/beta' });
    expect(await bench.call('listIntuneProfiles', {})).toMatchObject({
      ok: false,
      error: { code: 'USAGE', detail: expect.stringContaining('https') },
    });
    expect(graph.requests).toEqual([]);
  });
});

describe('profiles from Intune', () => {
  it('accepts an export as XML or as base64 of a signed profile, and refuses one that is neither', async () => {
    const xml = await bench.invoke('fetchIntuneProfile', { intuneProfileId: PROFILE_ID });
    expect(xml).toMatchObject({ encoding: 'xml', chosen: false });
    const signer = makeSigner({ notBefore: new Date(clock.now() - 30 * DAY), notAfter: new Date(clock.now() + 300 * DAY) });
    const signed = signWithForge(enrollmentProfile({ displayName: 'Signed one' }), signer, new Date(clock.now() - 2 * DAY));
    graph.profiles.push({ id: 'c0ffee00-0000-4000-8000-0000000000aa', displayName: 'Signed one', exportValue: signed.toString('base64') });
    const cms = await bench.invoke('fetchIntuneProfile', { intuneProfileId: 'c0ffee00-0000-4000-8000-0000000000aa' });
    expect(cms.encoding).toBe('base64');
    const profile = await bench.invoke('getProfile', { id: cms.profileId });
    // The bench's own download time wins over the signature's (two days older): it saw the file made now.
    expect(profile.expiry).toMatchObject({ basis: 'intune-download', downloadedAt: new Date(clock.now()).toISOString() });
    expect(profile.format).toBe('cms-der');
    graph.profiles.push({ id: 'c0ffee00-0000-4000-8000-0000000000bb', displayName: 'Broken', exportValue: '%%% not a profile %%%' });
    expect(await bench.call('fetchIntuneProfile', { intuneProfileId: 'c0ffee00-0000-4000-8000-0000000000bb' })).toMatchObject({
      ok: false,
      error: { code: 'INTUNE_EXPORT_UNREADABLE' },
    });
    const journal = await bench.invoke('queryJournal', { filter: { kind: 'intune-profile-downloaded' }, offset: 0, limit: 10 });
    expect(journal.events.map((e) => e.message)).toEqual([
      expect.stringContaining('"Signed one" from Intune (base64)'),
      expect.stringContaining('"Contoso userless" from Intune (xml)'),
    ]);
  });

  it('offers a fresh download once the chosen profile is in its warning window, and switches the session to it', async () => {
    mac('Mac A');
    const sessionId = await stagedSession({ 'Mac A': 'C02XK1ABJG5H' });
    const first = (await bench.invoke('listProfiles', {})).chosenProfileId;
    expect((await bench.invoke('getIntuneStatus', {})).refreshOffer).toBeNull();
    clock.advance(12 * DAY);
    const offer = (await bench.invoke('getIntuneStatus', {})).refreshOffer;
    expect(offer).toMatchObject({ profileId: first, intuneProfileId: PROFILE_ID, intuneProfileName: 'Contoso userless', status: 'expiring' });
    // Intune makes a new file on every export.
    graph.profiles[0]!.exportValue = enrollmentProfile({ displayName: 'Contoso userless', uuid: '11111111-2222-4333-8444-555555555555' }).toString(
      'utf8',
    );
    const fresh = await bench.invoke('refreshIntuneProfile', {});
    expect(fresh.profileId).not.toBe(first);
    expect(fresh.expiresAt).toBe(new Date(clock.now() + 14 * DAY).toISOString());
    expect(await bench.invoke('getSession', {})).toMatchObject({ id: sessionId, profileSha256: fresh.profileId });
    expect((await bench.invoke('listProfiles', {})).chosenProfileId).toBe(fresh.profileId);
    expect((await bench.invoke('getIntuneStatus', {})).refreshOffer).toBeNull();
    const switched = await bench.invoke('queryJournal', { filter: { kind: 'intune-profile-refreshed' }, offset: 0, limit: 5 });
    expect(switched.events).toEqual([expect.objectContaining({ sessionId, profileSha256: fresh.profileId })]);
  });
  it('“Download and choose” of another profile ends the open session in the same call, as choosing it anywhere does', async () => {
    mac('Mac A');
    const sessionId = await stagedSession({ 'Mac A': 'C02XK1ABJG5H' });
    const first = (await bench.invoke('listProfiles', {})).chosenProfileId;
    graph.profiles.push({
      id: OTHER_PROFILE_ID,
      displayName: 'Contoso shared iPads',
      exportValue: enrollmentProfile({ displayName: 'Contoso shared iPads', uuid: '22222222-3333-4444-8555-666666666666' }).toString('utf8'),
    });
    // Only downloaded: the choice and the session stay.
    const downloaded = await bench.invoke('fetchIntuneProfile', { intuneProfileId: OTHER_PROFILE_ID });
    expect(downloaded).toMatchObject({ chosen: false, endedSession: null });
    expect(await bench.invoke('getSession', {})).toMatchObject({ id: sessionId, endedAt: null });

    const chosen = await bench.invoke('fetchIntuneProfile', { intuneProfileId: OTHER_PROFILE_ID, choose: true });
    expect(chosen).toMatchObject({ profileId: downloaded.profileId, chosen: true, endedSession: { id: sessionId, profileSha256: first } });
    expect(chosen.endedSession?.endedAt).toEqual(expect.any(String));
    expect((await bench.invoke('listProfiles', {})).chosenProfileId).toBe(downloaded.profileId);
    expect(await bench.invoke('getSession', {})).toBeNull();
    expect(events.filter((e) => e.name === 'sessionChanged').at(-1)?.payload).toBeNull();
    const ended = await bench.invoke('queryJournal', { filter: { kind: 'session-ended' }, offset: 0, limit: 5 });
    expect(ended.events).toEqual([expect.objectContaining({ sessionId })]);

    // Choosing the same profile again continues whatever session is open for it: nothing ends.
    mac('Mac B');
    const macB = (await bench.invoke('rescanTargets', {})).find((t) => t.name === 'Mac B');
    await bench.invoke('stageTargets', { targetIds: [macB!.id] });
    const again = (await bench.invoke('getSession', {}))!.id;
    expect(again).not.toBe(sessionId);
    expect(await bench.invoke('fetchIntuneProfile', { intuneProfileId: OTHER_PROFILE_ID, choose: true })).toMatchObject({
      chosen: true,
      endedSession: null,
    });
    expect(await bench.invoke('getSession', {})).toMatchObject({ id: again, endedAt: null });
  });
});

describe('serials and enrollment', () => {
  it('uploads the serials of a session with more than 5,000 Macs in batches of 5,000', async () => {
    // 5,001 staged Macs written straight through the journal (no folders needed for this).
    const db = (await import('better-sqlite3')).default(path.join(dir.path, 'data', 'journal.sqlite3'), { timeout: 30_000 });
    await bench.invoke('fetchIntuneProfile', { intuneProfileId: PROFILE_ID, choose: true });
    const sha = (await bench.invoke('listProfiles', {})).chosenProfileId!;
    const now = new Date(clock.now()).toISOString();
    db.prepare(
      "INSERT INTO sessions (id, technician, bench_host, profile_sha256, started_at, kiosk, scripted) VALUES ('s-big', '', 'bench', ?, ?, 0, 0)",
    ).run(sha, now);
    db.transaction(() => {
      for (let i = 0; i < 5001; i++) {
        const id = `t-${i}`;
        const serial = `C0${String(i).padStart(10, '0')}`;
        db.prepare("INSERT INTO targets (id, kind, name, serial, first_seen_at, last_seen_at) VALUES (?, 'mac', ?, ?, ?, ?)").run(
          id,
          `Mac ${i}`,
          serial,
          now,
          now,
        );
        db.prepare(
          "INSERT INTO jobs (id, session_id, target_id, state, profile_sha256, path, sha256, attempts, bytes_total, created_at, updated_at) VALUES (?, 's-big', ?, 'staged', ?, ?, ?, 1, 10, ?, ?)",
        ).run(`j-${i}`, id, sha, `/Volumes/${id}/Users/Shared/Enrollment/profile.mobileconfig`, sha, now, now);
        db.prepare('INSERT INTO session_targets (session_id, target_id, serial) VALUES (?, ?, ?)').run('s-big', id, serial);
      }
    })();
    db.close();
    const result = await bench.invoke('uploadIntuneSerials', { sessionId: 's-big' });
    expect(result.batches).toBe(2);
    expect(result.serials).toHaveLength(5001);
    expect(result.serials.every((s) => s.outcome === 'imported' && s.enrollmentState === 'notContacted')).toBe(true);
    const posts = graph.requests
      .filter((r) => r.method === 'POST')
      .map((r) => (r.body as { importedDeviceIdentities: unknown[] }).importedDeviceIdentities.length);
    expect(posts).toEqual([5000, 1]);
    expect(graph.identities.size).toBe(5001);
  }, 60_000);

  it('polls gently: confirms Macs as Intune sees them, honours Retry-After, and stops when every Mac is confirmed', async () => {
    await bench.close();
    bench = await openBench({}, { pollIntervalMs: 40 });
    mac('Mac A');
    mac('Mac B');
    await stagedSession({ 'Mac A': 'C02XK1ABJG5H', 'Mac B': 'F9GZ31QMHX' });
    graph.faults.push({ pathIncludes: '/managedDevices', status: 429, retryAfter: '1' });
    const started = await bench.invoke('setIntunePolling', { on: true });
    expect(started).toMatchObject({ running: true });
    await waitFor(async () => graph.requests.filter((r) => r.path.endsWith('/managedDevices')).length >= 3);
    const device = (serial: string, name: string) => ({
      id: `md-${serial}`,
      deviceName: name,
      serialNumber: serial,
      enrolledDateTime: new Date(clock.now()).toISOString(),
      enrollmentProfileName: 'Contoso userless',
      operatingSystem: 'macOS',
      osVersion: '15.4',
    });
    graph.devices.push(device('C02XK1ABJG5H', 'Mac A'));
    await waitFor(async () => (await bench.invoke('listJobs', {})).some((j) => j.state === 'enrolled'));
    graph.devices.push(device('F9GZ31QMHX', 'Mac B'));
    await waitFor(async () => !(await bench.invoke('getIntuneStatus', {})).polling.running);
    expect((await bench.invoke('getIntuneStatus', {})).polling).toMatchObject({
      running: false,
      stoppedBecause: 'all-confirmed',
      lastErrorCode: null,
    });
    // Graph's 429 was waited out for as long as its Retry-After asked.
    expect(waits).toContain(1000);
    const jobs = await bench.invoke('listJobs', {});
    expect(jobs.map((j) => [j.state, j.confirmedBy])).toEqual([
      ['enrolled', 'Intune'],
      ['enrolled', 'Intune'],
    ]);
    const evidence = await bench.invoke('listIntuneEvidence', {});
    expect(evidence.map((e) => e.serial).sort()).toEqual(['C02XK1ABJG5H', 'F9GZ31QMHX']);
    expect(events.some((e) => e.name === 'intuneChanged' && e.payload.change === 'polling')).toBe(true);
  }, 30_000);

  it('stops polling when the session ends', async () => {
    await bench.close();
    bench = await openBench({}, { pollIntervalMs: 40 });
    mac('Mac A');
    await stagedSession({ 'Mac A': 'C02XK1ABJG5H' });
    await bench.invoke('setIntunePolling', { on: true });
    await waitFor(async () => graph.requests.some((r) => r.path.endsWith('/managedDevices')));
    await bench.invoke('endSession', {});
    expect((await bench.invoke('getIntuneStatus', {})).polling).toMatchObject({ running: false, stoppedBecause: 'session-ended' });
    const seen = graph.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(graph.requests.length).toBe(seen);
  });

  it('never writes the token anywhere in the data folder', async () => {
    mac('Mac A');
    await stagedSession({ 'Mac A': 'C02XK1ABJG5H' });
    await bench.invoke('uploadIntuneSerials', {});
    await bench.invoke('syncIntuneEnrollment', {});
    const status = await bench.invoke('getIntuneStatus', {});
    expect(JSON.stringify(status)).not.toContain(graph.token);
    expect(JSON.stringify(events)).not.toContain(graph.token);
    await bench.close();
    bench = await openBench();
    expect(filesContaining(path.join(dir.path, 'data'), graph.token)).toEqual([]);
    expect(fs.existsSync(path.join(dir.path, 'data', 'logs', 'bench.log'))).toBe(true);
  });
});
