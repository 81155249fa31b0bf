import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { tempDir } from '../../support/temp';
import { appear, writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';

// The session roster through the contract: a Mac staged and unplugged stays in it (so it can be
// confirmed later), a carrier is listed as a drive, and a Mac merely attached is listed too.

const dir = tempDir('eb-roster-');
afterAll(() => dir.cleanup());
let bench: Bench | null = null;
afterEach(async () => {
  await bench?.close();
  bench = null;
});

const DAY = 86_400_000;

/** Ask again until the answer satisfies `done` (discovery and staging run on their own). */
async function settle<T>(ask: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await ask();
  for (let i = 0; i < 400 && !done(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await ask();
  }
  return value;
}

describe('getRoster', () => {
  it('keeps a staged Mac after it is unplugged, with its serial and job, until it is confirmed', async () => {
    const base = fs.mkdtempSync(path.join(dir.path, 'case-'));
    const root = path.join(base, 'Volumes');
    const staging = path.join(base, 'staging');
    fs.mkdirSync(root);
    fs.mkdirSync(staging);
    bench = await createBench({ dataDir: path.join(base, 'data'), door: 'web-host', discovery: 'watch', mountRoots: [root], usbModule: null, devices: { platformRoots: false, detachGraceMs: 0, refreshMs: 0 } });
    const signer = makeSigner({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 300 * DAY) });
    const bytes = signWithForge(enrollmentProfile({ displayName: 'Contoso Macs' }), signer, new Date(Date.now() - 3_600_000));
    const profile = await bench.invoke('importProfile', { fileName: 'Contoso.mobileconfig', contentBase64: bytes.toString('base64') });
    await bench.invoke('chooseProfile', { id: profile.profile.id });

    appear(root, staging, 'Mac A', (d) => writeSystemVolume(d, { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' }));
    appear(root, staging, 'Mac A - Data', writeDataVolume);
    appear(root, staging, 'STICK', writeCarrier);
    const b = bench;
    const targets = await settle(() => b.invoke('listTargets', {}), (list) => list.length === 2);
    const mac = targets.find((t) => t.kind === 'mac-volume');
    expect(mac).toBeDefined();
    expect((await b.invoke('getRoster', {})).map((e) => [e.name, e.kind, e.attached, e.job])).toEqual([
      ['Mac A', 'mac-volume', true, null],
      ['STICK', 'carrier', true, null],
    ]);

    await b.invoke('stageTargets', { targetIds: [mac!.id] });
    await settle(() => b.invoke('listJobs', {}), (jobs) => jobs[0]?.state === 'staged');
    await b.invoke('setTargetSerial', { targetId: mac!.id, serial: 'C02XK1ABJG5H' });

    for (const volume of ['Mac A', 'Mac A - Data']) fs.rmSync(path.join(root, volume), { recursive: true, force: true });
    const roster = await settle(() => b.invoke('getRoster', {}), (list) => list.find((e) => e.targetId === mac!.id)?.job?.state === 'awaiting-approval');
    const unplugged = roster.find((e) => e.targetId === mac!.id);
    expect(unplugged).toMatchObject({ name: 'Mac A', attached: false, serialNumber: 'C02XK1ABJG5H', macOSVersion: '15.4', job: { state: 'awaiting-approval' } });

    await b.invoke('confirmEnrollment', { targetId: mac!.id, confirmedBy: 'Ana' });
    expect((await b.invoke('getRoster', {})).find((e) => e.targetId === mac!.id)?.job).toMatchObject({ state: 'enrolled', confirmedBy: 'Ana' });
  });

  it('choosing another profile ends the open session in that one call; its Macs stay in its roster', async () => {
    const base = fs.mkdtempSync(path.join(dir.path, 'case-'));
    const root = path.join(base, 'Volumes');
    const staging = path.join(base, 'staging');
    fs.mkdirSync(root);
    fs.mkdirSync(staging);
    bench = await createBench({ dataDir: path.join(base, 'data'), door: 'web-host', discovery: 'watch', mountRoots: [root], usbModule: null, devices: { platformRoots: false, detachGraceMs: 0, refreshMs: 0 } });
    const b = bench;
    const signer = makeSigner({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 300 * DAY) });
    const imported = async (name: string) => {
      const bytes = signWithForge(enrollmentProfile({ displayName: name }), signer, new Date(Date.now() - 3_600_000));
      return (await b.invoke('importProfile', { fileName: `${name}.mobileconfig`, contentBase64: bytes.toString('base64') })).profile.id;
    };
    const first = await imported('Contoso Macs');
    const second = await imported('Contoso Lab');
    await b.invoke('chooseProfile', { id: first });
    appear(root, staging, 'Mac A', (d) => writeSystemVolume(d, { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' }));
    appear(root, staging, 'Mac A - Data', writeDataVolume);
    const [mac] = await settle(() => b.invoke('listTargets', {}), (list) => list.length === 1);
    await b.invoke('stageTargets', { targetIds: [mac!.id] });
    await settle(() => b.invoke('listJobs', {}), (jobs) => jobs[0]?.state === 'staged');
    const session = await b.invoke('getSession', {});
    expect(session).toMatchObject({ profileSha256: first, endedAt: null });

    const pushed: string[] = [];
    const unsubscribe = b.subscribe((event) => {
      if (event.name === 'sessionChanged') pushed.push(event.payload === null ? 'none open' : event.payload.id);
    });
    // The same profile again continues the session.
    expect(await b.invoke('chooseProfile', { id: first })).toEqual({ chosenProfileId: first, endedSession: null });
    const answer = await b.invoke('chooseProfile', { id: second });
    unsubscribe();
    expect(answer).toMatchObject({ chosenProfileId: second, endedSession: { id: session!.id, endedAt: expect.any(String) } });
    expect(await b.invoke('getSession', {})).toBeNull();
    expect(pushed).toEqual(['none open']);
    // The ended session keeps its Mac, staged with the first profile.
    expect((await b.invoke('getRoster', { sessionId: session!.id })).map((e) => [e.name, e.job?.state, e.job?.profileSha256])).toEqual([['Mac A', 'staged', first]]);
    // Clearing the choice ends nothing (there is no open session now anyway), and a new session
    // starts with the next staging, for the profile now chosen.
    expect(await b.invoke('chooseProfile', { id: null })).toEqual({ chosenProfileId: null, endedSession: null });
    await b.invoke('chooseProfile', { id: second });
    await b.invoke('stageTargets', { targetIds: [mac!.id] });
    expect(await b.invoke('getSession', {})).toMatchObject({ profileSha256: second, endedAt: null });
  });
});
