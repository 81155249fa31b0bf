import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import { silentLogger } from '../../../src/main/platform/logger';
import type { BenchEvent } from '../../../src/shared/contract';
import { MAX_PROFILE_BYTES } from '../../../src/shared/models/profile';
import { corpusFile, enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge, type Signer } from '../../support/signing';
import { fileSystemNow } from '../../support/kernel-clock';
import { tempDir } from '../../support/temp';

const DAY = 86_400_000;
// An hour ahead of the clock that stamps files (the kernel's, which faketime does not shift), so
// files written by the test are born before "now" on any day and under any faked process clock.
const NOW = Math.floor(fileSystemNow() / 1000) * 1000 + 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

interface TestBench {
  readonly bench: Bench;
  readonly dataDir: string;
  readonly events: BenchEvent[];
  readonly clock: { t: number; now(): number };
  readonly work: string;
}

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function openBench(options: { quarantine?: string } = {}): Promise<TestBench> {
  const dir = tempDir('eb-library-');
  const clock = { t: NOW, now() { return this.t; } };
  const bench = await createBench({
    dataDir: path.join(dir.path, 'data'),
    door: 'cli',
    clock,
    logger: silentLogger,
    readQuarantine: async () => options.quarantine ?? null,
  });
  const events: BenchEvent[] = [];
  bench.subscribe((event) => events.push(event));
  cleanups.push(() => dir.cleanup(), () => bench.close());
  const work = path.join(dir.path, 'work');
  fs.mkdirSync(work);
  return { bench, dataDir: bench.dataDir, events, clock, work };
}

/** A downloaded file, dated `daysOld` days before NOW by its modification time. */
function download(work: string, name: string, bytes: Uint8Array, daysOld = 1): string {
  const file = path.join(work, name);
  fs.writeFileSync(file, bytes);
  const when = new Date(NOW - daysOld * DAY);
  fs.utimesSync(file, when, when);
  return file;
}

const journal = (dataDir: string) => {
  const db = new Database(path.join(dataDir, 'journal.sqlite3'), { readonly: true });
  try {
    return {
      events: db.prepare("SELECT kind, profile_sha256, code, path FROM events WHERE kind LIKE 'profile-%' ORDER BY seq").all() as Array<{ kind: string; profile_sha256: string | null; code: string | null; path: string | null }>,
      rows: (db.prepare('SELECT count(*) AS n FROM profiles').get() as { n: number }).n,
      chosen: (db.prepare("SELECT value_json FROM settings WHERE key = 'chosenProfileId'").get() as { value_json: string } | undefined)?.value_json,
    };
  } finally {
    db.close();
  }
};

let signer: Signer;
beforeAll(() => {
  signer = makeSigner({ notBefore: new Date(NOW - 300 * DAY), notAfter: new Date(NOW + 300 * DAY) });
});

describe('importing into the profile library', () => {
  it('keeps an owner-only copy addressed by sha256, journals it and tells the UIs', async () => {
    const { bench, dataDir, events, work } = await openBench();
    const file = download(work, 'Contoso enrollment.mobileconfig', enrollmentProfile(), 3);
    const { profile, alreadyPresent } = await bench.invoke('importProfileFromPath', { path: file });

    expect(alreadyPresent).toBe(false);
    expect(profile).toMatchObject({ fileName: 'Contoso enrollment.mobileconfig', importedAt: iso(NOW), usable: true, freshestInGroup: true, chosen: false });
    expect(profile.expiry).toMatchObject({ basis: 'modified-time', downloadedAt: iso(NOW - 3 * DAY), status: 'valid' });
    const copy = path.join(dataDir, 'profiles', `${profile.id}.mobileconfig`);
    expect(fs.readFileSync(copy)).toEqual(fs.readFileSync(file));
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(copy)).mode & 0o777).toBe(0o700);
    expect(journal(dataDir).events).toEqual([{ kind: 'profile-imported', profile_sha256: profile.id, code: null, path: file }]);
    expect(events).toEqual([{ name: 'profilesChanged', payload: { change: 'imported', ids: [profile.id] } }]);
  });

  it('importing the same bytes twice is one entry', async () => {
    const { bench, dataDir, events, work } = await openBench();
    const bytes = enrollmentProfile();
    const first = await bench.invoke('importProfileFromPath', { path: download(work, 'a.mobileconfig', bytes) });
    const second = await bench.invoke('importProfile', { fileName: 'copy of a.mobileconfig', contentBase64: bytes.toString('base64') });
    expect(second.alreadyPresent).toBe(true);
    expect(second.profile.id).toBe(first.profile.id);
    expect(second.profile.fileName).toBe('a.mobileconfig');
    expect((await bench.invoke('listProfiles', {})).profiles).toHaveLength(1);
    expect(journal(dataDir)).toMatchObject({ rows: 1, events: [{ kind: 'profile-imported' }] });
    expect(events).toHaveLength(1);
  });

  it('an upload takes its download time from the browser’s lastModified, or from a date the person gave', async () => {
    const { bench } = await openBench();
    const one = await bench.invoke('importProfile', {
      fileName: '../../etc/evil\u0007.mobileconfig',
      contentBase64: enrollmentProfile({ identifier: 'com.contoso.one' }).toString('base64'),
      lastModified: iso(NOW - 2 * DAY),
    });
    expect(one.profile.fileName).toBe('evil.mobileconfig');
    expect(one.profile.expiry).toMatchObject({ basis: 'modified-time', downloadedAt: iso(NOW - 2 * DAY) });
    const two = await bench.invoke('importProfile', {
      fileName: 'two.mobileconfig',
      contentBase64: enrollmentProfile({ identifier: 'com.contoso.two' }).toString('base64'),
      downloadedAt: iso(NOW - 5 * DAY),
    });
    expect(two.profile.expiry).toMatchObject({ basis: 'entered', downloadedAt: iso(NOW - 5 * DAY) });
    const three = await bench.invoke('importProfile', { fileName: 'three.mobileconfig', contentBase64: enrollmentProfile({ identifier: 'com.contoso.three' }).toString('base64') });
    expect(three.profile.expiry).toMatchObject({ basis: 'first-seen', downloadedAt: iso(NOW) });
  });

  it('takes the download time from the quarantine attribute when there is no signature', async () => {
    const downloadedAt = Math.floor((NOW - 4 * DAY) / 1000);
    const { bench, work } = await openBench({ quarantine: `0083;${downloadedAt.toString(16)};Safari;` });
    const { profile } = await bench.invoke('importProfileFromPath', { path: download(work, 'q.mobileconfig', enrollmentProfile(), 1) });
    expect(profile.expiry).toMatchObject({ basis: 'quarantine', downloadedAt: iso(downloadedAt * 1000) });
  });

  it('refuses what is not an enrollment profile, storing nothing', async () => {
    const { bench, dataDir, events, work } = await openBench();
    const file = download(work, 'airdrop.mobileconfig', corpusFile('rtrouton_BlockAirDrop_restrictions.mobileconfig'));
    await expect(bench.invoke('importProfileFromPath', { path: file })).rejects.toMatchObject({ code: 'PROFILE_NOT_ENROLLMENT', detail: expect.stringMatching(/restrictions/) });
    await expect(bench.invoke('importProfile', { fileName: 'x', contentBase64: Buffer.from('not a profile').toString('base64') })).rejects.toMatchObject({ code: 'PROFILE_UNREADABLE' });
    await expect(bench.invoke('importProfileFromPath', { path: path.join(work, 'missing.mobileconfig') })).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(journal(dataDir)).toMatchObject({ rows: 0, events: [] });
    expect(fs.existsSync(path.join(dataDir, 'profiles')) ? fs.readdirSync(path.join(dataDir, 'profiles')) : []).toEqual([]);
    expect(events).toEqual([]);
  });

  it('refuses an upload above the size limit before decoding it, and text that is not base64', async () => {
    const { bench } = await openBench();
    const big = 'A'.repeat(Math.ceil((MAX_PROFILE_BYTES + 3) / 3) * 4);
    await expect(bench.invoke('importProfile', { fileName: 'big', contentBase64: big })).rejects.toMatchObject({ code: 'PROFILE_TOO_LARGE' });
    await expect(bench.invoke('importProfile', { fileName: 'bad', contentBase64: 'not base64!' })).rejects.toMatchObject({ code: 'CONTRACT_INVALID_REQUEST' });
  });

  it('refuses a relative path through the contract', async () => {
    const { bench } = await openBench();
    const result = await bench.call('importProfileFromPath', { path: 'profile.mobileconfig' });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_REQUEST' } });
  });
});

describe('copies of the same Intune profile', () => {
  it('groups them, points to the freshest usable one, and never extends an older copy', async () => {
    const { bench, clock } = await openBench();
    const content = enrollmentProfile();
    const older = await bench.invoke('importProfile', { fileName: 'older.mobileconfig', contentBase64: signWithForge(content, signer, new Date(NOW - 10 * DAY)).toString('base64') });
    const newer = await bench.invoke('importProfile', { fileName: 'newer.mobileconfig', contentBase64: signWithForge(content, signer, new Date(NOW - 2 * DAY)).toString('base64') });
    const other = await bench.invoke('importProfile', { fileName: 'other.mobileconfig', contentBase64: enrollmentProfile({ identifier: 'com.contoso.other' }).toString('base64') });

    let list = (await bench.invoke('listProfiles', {})).profiles;
    const byId = (id: string) => list.find((p) => p.id === id);
    expect(byId(older.profile.id)?.groupKey).toBe(byId(newer.profile.id)?.groupKey);
    expect(byId(other.profile.id)?.groupKey).not.toBe(byId(newer.profile.id)?.groupKey);
    expect(byId(newer.profile.id)).toMatchObject({ freshestInGroup: true, expiry: { status: 'valid', expiresAt: iso(NOW + 12 * DAY) } });
    expect(byId(older.profile.id)).toMatchObject({ freshestInGroup: false, expiry: { status: 'valid', expiresAt: iso(NOW + 4 * DAY) } });
    expect(byId(other.profile.id)?.freshestInGroup).toBe(true);

    // Status is computed when read: five days on, the older copy has expired on its own terms.
    clock.t = NOW + 5 * DAY;
    list = (await bench.invoke('listProfiles', {})).profiles;
    expect(byId(older.profile.id)).toMatchObject({ usable: false, expiry: { status: 'expired' } });
    expect(byId(newer.profile.id)).toMatchObject({ freshestInGroup: true, expiry: { status: 'valid' } });
  });

  it('purges the expired copies only, journalling each removal with its reason', async () => {
    const { bench, dataDir, events, clock } = await openBench();
    const content = enrollmentProfile();
    const expired = await bench.invoke('importProfile', { fileName: 'old.mobileconfig', contentBase64: signWithForge(content, signer, new Date(NOW - 15 * DAY)).toString('base64') });
    const fresh = await bench.invoke('importProfile', { fileName: 'new.mobileconfig', contentBase64: signWithForge(content, signer, new Date(NOW - DAY)).toString('base64') });
    expect(expired.profile.expiry.status).toBe('expired');
    events.length = 0;

    expect(await bench.invoke('purgeExpiredProfiles', {})).toEqual({ removed: [expired.profile.id] });
    expect((await bench.invoke('listProfiles', {})).profiles.map((p) => p.id)).toEqual([fresh.profile.id]);
    expect(fs.existsSync(path.join(dataDir, 'profiles', `${expired.profile.id}.mobileconfig`))).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'profiles', `${fresh.profile.id}.mobileconfig`))).toBe(true);
    expect(journal(dataDir).events.at(-1)).toEqual({ kind: 'profile-removed', profile_sha256: expired.profile.id, code: 'PROFILE_EXPIRED', path: null });
    expect(events).toEqual([{ name: 'profilesChanged', payload: { change: 'purged', ids: [expired.profile.id] } }]);

    clock.t = NOW + DAY;
    expect(await bench.invoke('purgeExpiredProfiles', {})).toEqual({ removed: [] });
  });
});

describe('choosing and removing', () => {
  it('stores the chosen profile in the settings row the settings store reads', async () => {
    const { bench, dataDir, events } = await openBench();
    const { profile } = await bench.invoke('importProfile', { fileName: 'a.mobileconfig', contentBase64: enrollmentProfile().toString('base64'), downloadedAt: iso(NOW - DAY) });
    expect(await bench.invoke('chooseProfile', { id: profile.id })).toEqual({ chosenProfileId: profile.id, endedSession: null });
    expect(journal(dataDir).chosen).toBe(JSON.stringify(profile.id));
    expect(await bench.invoke('getProfile', { id: profile.id })).toMatchObject({ chosen: true });
    expect((await bench.invoke('listProfiles', {})).chosenProfileId).toBe(profile.id);
    expect(events.at(-1)).toEqual({ name: 'profilesChanged', payload: { change: 'chosen', ids: [profile.id] } });

    await bench.invoke('chooseProfile', { id: null });
    expect(journal(dataDir).chosen).toBe('null');
    expect(journal(dataDir).events.map((e) => e.kind)).toEqual(['profile-imported', 'profile-chosen', 'profile-chosen']);
  });

  it('refuses to choose an expired or broken profile', async () => {
    const { bench } = await openBench();
    const expired = await bench.invoke('importProfile', { fileName: 'old', contentBase64: enrollmentProfile().toString('base64'), downloadedAt: iso(NOW - 20 * DAY) });
    const broken = await bench.invoke('importProfile', { fileName: 'broken', contentBase64: corpusFile('nanomdmsandbox_enroll_empty-host-template.mobileconfig').toString('base64'), downloadedAt: iso(NOW - DAY) });
    await expect(bench.invoke('chooseProfile', { id: expired.profile.id })).rejects.toMatchObject({ code: 'PROFILE_EXPIRED' });
    await expect(bench.invoke('chooseProfile', { id: broken.profile.id })).rejects.toMatchObject({ code: 'PROFILE_NOT_USABLE' });
    await expect(bench.invoke('chooseProfile', { id: 'f'.repeat(64) })).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  it('removing the chosen profile deletes its copy and clears the choice', async () => {
    const { bench, dataDir } = await openBench();
    const { profile } = await bench.invoke('importProfile', { fileName: 'a', contentBase64: enrollmentProfile().toString('base64'), downloadedAt: iso(NOW - DAY) });
    await bench.invoke('chooseProfile', { id: profile.id });
    expect(await bench.invoke('removeProfile', { id: profile.id })).toEqual({ removed: profile.id });
    expect(fs.existsSync(path.join(dataDir, 'profiles', `${profile.id}.mobileconfig`))).toBe(false);
    expect(journal(dataDir)).toMatchObject({ rows: 0, chosen: 'null' });
    expect(journal(dataDir).events.at(-1)).toMatchObject({ kind: 'profile-removed', profile_sha256: profile.id, code: null });
    await expect(bench.invoke('removeProfile', { id: profile.id })).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });

  it('reads the expiring threshold from the settings row', async () => {
    const { bench, dataDir } = await openBench();
    // 9 days (216 hours) left: valid with the default 72 hours, expiring with 240.
    await bench.invoke('importProfile', { fileName: 'a', contentBase64: enrollmentProfile().toString('base64'), downloadedAt: iso(NOW - 5 * DAY) });
    expect((await bench.invoke('listProfiles', {})).profiles[0]?.expiry.status).toBe('valid');
    const db = new Database(path.join(dataDir, 'journal.sqlite3'));
    db.prepare("INSERT INTO settings (key, value_json) VALUES ('expiryWarningHours', '240')").run();
    db.close();
    const list = await bench.invoke('listProfiles', {});
    expect(list.warningHours).toBe(240);
    expect(list.profiles[0]?.expiry).toMatchObject({ status: 'expiring', warningHours: 240 });
  });
});

describe('inspecting a file through the core', () => {
  it('reads the file and leaves the library alone', async () => {
    const { bench, dataDir, events, work } = await openBench();
    const inspection = await bench.invoke('inspectProfileFile', { path: download(work, 'p.mobileconfig', enrollmentProfile(), 2), downloadedAt: iso(NOW - 6 * DAY) });
    expect(inspection).toMatchObject({ usable: true, expiry: { basis: 'entered', downloadedAt: iso(NOW - 6 * DAY) } });
    expect(journal(dataDir)).toMatchObject({ rows: 0, events: [] });
    expect(fs.existsSync(path.join(dataDir, 'profiles'))).toBe(false);
    expect(events).toEqual([]);
  });

  it('refuses a 50 MB file from its size alone', async () => {
    const { bench, work } = await openBench();
    const file = path.join(work, 'huge.mobileconfig');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 50 * 1024 * 1024);
    await expect(bench.invoke('inspectProfileFile', { path: file })).rejects.toMatchObject({ code: 'PROFILE_TOO_LARGE' });
  });
});
