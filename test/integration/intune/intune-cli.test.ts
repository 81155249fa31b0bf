import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournalDatabase } from '../../../src/main/journal/database';
import { createJournalStore } from '../../../src/main/journal/journal-store';
import { systemClock } from '../../../src/main/platform/clock';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { tempDir } from '../../support/temp';
import { writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { filesContaining } from '../../support/token-search';

// The scripted Intune flow through the built CLI, as processes, against the fake Graph:
// profiles → fetch into the library (chosen) → stage → upload the serials → sync → enrolled,
// confirmed by Intune. The token only ever travels in ENROLLMENT_BENCH_GRAPH_TOKEN and the
// Authorization header: afterwards it is nowhere in the data folder, the log or an export.

const dir = tempDir('eb-intune-cli-');
const root = path.join(dir.path, 'Volumes');
const dataDir = path.join(dir.path, 'data');
let graph: FakeGraph;
let env: NodeJS.ProcessEnv;
const cli = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCliProcess(['--data-dir', dataDir, ...args], { ...env, ...extra });

const PROFILE_ID = 'a1b2c3d4-0000-4000-8000-00000000000a';

beforeAll(async () => {
  graph = await startFakeGraph();
  env = { ENROLLMENT_BENCH_GRAPH_URL: graph.url, ENROLLMENT_BENCH_GRAPH_TOKEN: graph.token };
  const xml = enrollmentProfile({ displayName: 'Contoso Macs (userless)' });
  graph.profiles.push(
    {
      id: 'f0000000-0000-4000-8000-000000000001',
      displayName: 'Kiosk Macs',
      exportValue: enrollmentProfile({ displayName: 'Kiosk Macs' }).toString('utf8'),
    },
    {
      id: 'f0000000-0000-4000-8000-000000000002',
      displayName: 'Lab Macs',
      exportValue: enrollmentProfile({ displayName: 'Lab Macs' }).toString('base64'),
    },
    // The third profile sits on the second page: listing it proves @odata.nextLink is followed.
    { id: PROFILE_ID, displayName: 'Contoso Macs (userless)', description: 'Userless direct enrollment', exportValue: xml.toString('base64') },
  );
  fs.mkdirSync(root, { recursive: true });
  writeSystemVolume(path.join(root, 'Mac A'), { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' });
  writeDataVolume(path.join(root, 'Mac A - Data'));
  writeSystemVolume(path.join(root, 'Mac B'), { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
  writeDataVolume(path.join(root, 'Mac B - Data'));
});

afterAll(async () => {
  await graph.close();
  dir.cleanup();
});

describe('enrollment-bench intune (the built CLI against a fake Graph)', () => {
  it('refuses every Intune command while Intune is off and no token is given, and sends nothing', async () => {
    const run = await runCliProcess(['--data-dir', dataDir, 'intune', 'profiles', '--json'], {
      ENROLLMENT_BENCH_GRAPH_URL: graph.url,
      ENROLLMENT_BENCH_GRAPH_TOKEN: '',
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).error.code).toBe('INTUNE_DISABLED');
    expect(graph.requests).toHaveLength(0);
  });

  it('lists the tenant’s Apple Configurator profiles across pages', async () => {
    const run = await cli(['intune', 'profiles', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).profiles.map((p: { displayName: string }) => p.displayName)).toEqual([
      'Kiosk Macs',
      'Lab Macs',
      'Contoso Macs (userless)',
    ]);
    expect(graph.requests.filter((r) => r.path.endsWith('/enrollmentProfiles'))).toHaveLength(2);
  });

  it('fetches one export into the library, "downloaded from Intune", and chooses it', async () => {
    const run = await cli(['intune', 'fetch', PROFILE_ID, '--choose', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ intuneProfileName: 'Contoso Macs (userless)', chosen: true, encoding: 'base64', alreadyPresent: false });
    const profiles = JSON.parse((await cli(['profile', 'list', '--json'])).stdout);
    const chosen = profiles.profiles.find((p: { chosen: boolean }) => p.chosen);
    expect(chosen.expiry).toMatchObject({ basis: 'intune-download', downloadedAt: result.downloadedAt, status: 'valid' });
    const shown = await cli(['profile', 'show', result.profileId]);
    expect(shown.stdout).toContain('Intune: the bench downloaded it itself');
  });

  it('stages the fetched profile, uploads the serials as corporate identifiers, reports each', async () => {
    const chosen = JSON.parse((await cli(['profile', 'list', '--json'])).stdout).chosenProfileId as string;
    const staged = await cli([
      'stage',
      '--profile',
      chosen,
      '--all',
      '--mounts',
      root,
      '--serial',
      `${path.join(root, 'Mac A - Data')}=C02XK1ABJG5H`,
      '--serial',
      `${path.join(root, 'Mac B - Data')}=F9GZ31QMHX`,
      '--json',
    ]);
    expect(staged.stderr).toBe('');
    expect(staged.code).toBe(0);
    graph.rejectSerials.add('F9GZ31QMHX');
    const run = await cli(['intune', 'upload-serials', '--json']);
    expect(run.code).toBe(6);
    const result = JSON.parse(run.stdout);
    expect(result.batches).toBe(1);
    expect(result.serials.map((s: { serial: string; outcome: string }) => `${s.serial}:${s.outcome}`).sort()).toEqual([
      'C02XK1ABJG5H:imported',
      'F9GZ31QMHX:rejected',
    ]);
    const posted = graph.requests.find((r) => r.method === 'POST');
    expect(posted?.body).toMatchObject({
      overwriteImportedDeviceIdentities: false,
      importedDeviceIdentities: expect.arrayContaining([
        {
          importedDeviceIdentifier: 'C02XK1ABJG5H',
          importedDeviceIdentityType: 'serialNumber',
          description: expect.stringMatching(/^Mac A macOS 15\.4 staged \d{4}-\d\d-\d\d by Enrollment Bench$/),
        },
      ]),
    });
    const log = await cli(['log', '--format', 'csv']);
    expect(log.stdout).toContain(',intune-serial-imported,');
    expect(log.stdout).toContain(',intune-serial-rejected,');
  });

  it('syncs: a Mac Intune knows becomes enrolled, confirmed by Intune, with its evidence; the other is not yet', async () => {
    graph.devices.push({
      id: 'md-1',
      deviceName: 'Mac A',
      serialNumber: 'C02XK1ABJG5H',
      enrolledDateTime: '2026-11-20T10:15:00Z',
      enrollmentProfileName: 'Contoso Macs (userless)',
      operatingSystem: 'macOS',
      osVersion: '15.4',
    });
    const run = await cli(['intune', 'sync', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    const bySerial = Object.fromEntries(result.devices.map((d: { serial: string }) => [d.serial, d]));
    expect(bySerial.C02XK1ABJG5H).toMatchObject({
      outcome: 'confirmed',
      evidence: {
        enrolledDateTime: '2026-11-20T10:15:00.000Z',
        enrollmentProfileName: 'Contoso Macs (userless)',
        osVersion: '15.4',
        otherProfile: false,
      },
    });
    expect(bySerial.F9GZ31QMHX.outcome).toBe('not-yet');
    const jobs = JSON.parse((await cli(['sessions', '--json'])).stdout);
    expect(jobs[0].counts).toMatchObject({ enrolled: 1 });
    const log = await cli(['log', '--format', 'csv']);
    const confirmation = log.stdout.split('\n').find((line) => line.includes('Enrollment confirmed by Intune'));
    expect(confirmation).toContain(',job-state,staged,enrolled,');
    expect(confirmation).toContain(
      'Enrollment confirmed by Intune: enrolled 2026-11-20T10:15:00.000Z, profile ""Contoso Macs (userless)"", macOS 15.4.',
    );
    // A second sync changes nothing.
    const again = JSON.parse((await cli(['intune', 'sync', '--json'])).stdout);
    expect(again.devices.find((d: { serial: string }) => d.serial === 'C02XK1ABJG5H').outcome).toBe('already-enrolled');
  });

  it('warns about a Mac enrolled under another profile name', async () => {
    graph.devices.push({
      id: 'md-2',
      deviceName: 'Mac B',
      serialNumber: 'F9GZ31QMHX',
      enrolledDateTime: '2026-11-21T09:00:00Z',
      enrollmentProfileName: 'Lab Macs',
      operatingSystem: 'macOS',
      osVersion: '14.7.4',
    });
    const run = await cli(['intune', 'sync']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/F9GZ31QMHX {2}confirmed-other-profile \(enrolled .*profile "Lab Macs", macOS 14\.7\.4\)/);
    expect(run.stderr).toContain('Warning: F9GZ31QMHX enrolled under "Lab Macs", not under "Contoso Macs (userless)".');
  });

  it('maps Graph’s refusals to coded errors and exit 6: forbidden, throttled, not signed in', async () => {
    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 403 });
    const forbidden = await cli(['intune', 'profiles', '--json']);
    expect(forbidden.code).toBe(6);
    expect(JSON.parse(forbidden.stdout).error).toMatchObject({ code: 'INTUNE_FORBIDDEN', detail: expect.stringContaining('403 Forbidden') });

    graph.faults.push({ pathIncludes: '/enrollmentProfiles', status: 429, retryAfter: '3600' });
    const throttled = await cli(['intune', 'profiles', '--json']);
    expect(throttled.code).toBe(6);
    expect(JSON.parse(throttled.stdout).error).toMatchObject({ code: 'INTUNE_THROTTLED', detail: expect.stringContaining('retry after 3600 s') });

    const wrong = await cli(['intune', 'profiles', '--json'], { ENROLLMENT_BENCH_GRAPH_TOKEN: 'not-the-token' });
    expect(wrong.code).toBe(6);
    expect(JSON.parse(wrong.stdout).error.code).toBe('INTUNE_NOT_SIGNED_IN');
  });

  it('says offline when Graph cannot be reached', async () => {
    const run = await cli(['intune', 'profiles', '--json'], { ENROLLMENT_BENCH_GRAPH_URL: 'http://127.0.0.1:9/beta' });
    expect(run.code).toBe(6);
    expect(JSON.parse(run.stdout).error.code).toBe('INTUNE_OFFLINE');
  });

  it('never writes the token: not in the data folder, the log, or any export', async () => {
    const exportsDir = path.join(dir.path, 'exports');
    fs.mkdirSync(exportsDir);
    for (const kind of ['session-csv', 'session-json', 'corporate-identifiers', 'configurator-serials']) {
      const run = await cli(['export', kind, '--out', path.join(exportsDir, `${kind}.out`)]);
      expect(run.code).toBe(0);
    }
    const status = await cli(['intune', 'status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ enabled: true, signedIn: true, credential: 'env-token', tokenStorage: 'memory' });
    expect(status.stdout).not.toContain(graph.token);
    expect(fs.readdirSync(path.join(dataDir, 'logs'))).not.toHaveLength(0);
    expect(filesContaining(dataDir, graph.token)).toEqual([]);
    expect(filesContaining(exportsDir, graph.token)).toEqual([]);
    // The search itself works: the token is found where it is planted.
    fs.writeFileSync(path.join(exportsDir, 'planted.txt'), `x${graph.token}x`);
    expect(filesContaining(exportsDir, graph.token)).toEqual([path.join(exportsDir, 'planted.txt')]);
  });

  it('says which session "fetch --choose" ended, when the open one was for another profile', async () => {
    const chosen = JSON.parse((await cli(['profile', 'list', '--json'])).stdout).chosenProfileId as string;
    // The app's open session (the bench screen's): a CLI run keeps a scripted session of its own.
    const journal = openJournalDatabase({ dataDir, Database });
    const session = createJournalStore(journal.db, systemClock).startSession({
      technician: 'Sam',
      benchHost: 'bench',
      profileSha256: chosen,
      kiosk: false,
    });
    journal.close();

    const run = await cli(['intune', 'fetch', 'f0000000-0000-4000-8000-000000000001', '--choose']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Ended session ${session.id} (it was for another profile); its Macs stay in the log.`);
    const sessions = JSON.parse((await cli(['sessions', '--json'])).stdout) as Array<{ id: string; endedAt: string | null }>;
    expect(sessions.find((s) => s.id === session.id)?.endedAt).not.toBeNull();

    // Choosing the same profile again continues: nothing more is ended.
    const again = await cli(['intune', 'fetch', 'f0000000-0000-4000-8000-000000000001', '--choose']);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('Ended session');
  });
});
