import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import type { BenchEvent } from '../../../src/shared/contract';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { tempDir } from '../../support/temp';
import { appear, writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { until } from '../../support/wait';

// Staging on attach (a kiosk station, or a bench with autoStageOnAttach) through the real scanner
// watching a real folder: macOS mounts a Mac's System volume and its Data volume one after the
// other, and a scan in between sees a Mac that cannot be staged yet.

const dir = tempDir('eb-auto-stage-');
afterAll(() => dir.cleanup());
let bench: Bench | null = null;
afterEach(async () => {
  await bench?.close();
  bench = null;
});

const DAY = 86_400_000;
const SEQUOIA = { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' };

async function autoStagingBench() {
  const base = fs.mkdtempSync(path.join(dir.path, 'case-'));
  const root = path.join(base, 'Volumes');
  const staging = path.join(base, 'staging');
  fs.mkdirSync(root);
  fs.mkdirSync(staging);
  const dataDir = path.join(base, 'data');
  const b = await createBench({
    dataDir,
    door: 'web-host',
    discovery: 'watch',
    mountRoots: [root],
    usbModule: null,
    devices: { platformRoots: false, detachGraceMs: 0, refreshMs: 0 },
  });
  bench = b;
  const events: BenchEvent[] = [];
  b.subscribe((e) => events.push(e));
  const signer = makeSigner({ notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 300 * DAY) });
  const bytes = signWithForge(enrollmentProfile({ displayName: 'Contoso Macs' }), signer, new Date(Date.now() - 3_600_000));
  const profile = await b.invoke('importProfile', { fileName: 'Contoso.mobileconfig', contentBase64: bytes.toString('base64') });
  await b.invoke('chooseProfile', { id: profile.profile.id });
  await b.invoke('updateSettings', { autoStageOnAttach: true });
  /** Every job-state record of the journal, as "from → to" per target name. */
  const transitions = () => {
    const db = new Database(path.join(dataDir, 'journal.sqlite3'), { readonly: true });
    try {
      return (
        db
          .prepare("SELECT target_id AS target, from_state AS fromState, to_state AS toState FROM events WHERE kind = 'job-state' ORDER BY seq")
          .all() as Array<{ target: string; fromState: string | null; toState: string }>
      ).map((row) => `${path.basename(row.target).replace(/ - Data$/, '')}: ${row.fromState ?? '∅'} → ${row.toState}`);
    } finally {
      db.close();
    }
  };
  return { b, root, staging, events, transitions };
}

describe('staging on attach', () => {
  it('stages a Mac whose Data volume is mounted after its System volume was seen, once', async () => {
    const { b, root, staging, events, transitions } = await autoStagingBench();
    appear(root, staging, 'Mac A', (d) => writeSystemVolume(d, SEQUOIA));
    // The scanner has seen the Mac without its Data volume: nothing to stage it on yet.
    await until(
      () => events.some((e) => e.name === 'targetsChanged' && e.payload.type === 'attach' && e.payload.target.name === 'Mac A'),
      'Mac A seen',
    );
    const seen = await b.invoke('listTargets', {});
    expect(seen.map((t) => [t.name, t.stageable])).toEqual([['Mac A', false]]);
    expect(await b.invoke('listJobs', {})).toEqual([]);

    appear(root, staging, 'Mac A - Data', writeDataVolume);
    await until(() => events.some((e) => e.name === 'jobChanged' && e.payload.state === 'staged'), 'Mac A staged');
    const [job] = await b.invoke('listJobs', {});
    expect(job).toMatchObject({ targetId: seen[0]?.id, state: 'staged' });
    expect(fs.existsSync(job?.path as string)).toBe(true);

    // Staging it changes what the scanner sees (the file is there now): that change stages nothing.
    await until(
      () =>
        events.some(
          (e) =>
            e.name === 'targetsChanged' &&
            e.payload.type === 'update' &&
            e.payload.target.kind === 'mac-volume' &&
            e.payload.target.stagedFile !== null,
        ),
      'the staged file seen',
    );
    await bench?.close();
    bench = null;
    expect(transitions()).toEqual(['Mac A: ∅ → queued', 'Mac A: queued → staging', 'Mac A: staging → verifying', 'Mac A: verifying → staged']);
  });
});
