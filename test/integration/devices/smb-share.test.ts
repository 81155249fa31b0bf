import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import { silentLogger } from '../../../src/main/platform/logger';
import type { Job } from '../../../src/shared/models/job';
import { volumePathsOf, type Target } from '../../../src/shared/models/target';
import { asVolume } from '../../support/targets';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { smbUnavailableReason, startSmbWorld, type SmbWorld } from '../../support/smb';
import { tempDir } from '../../support/temp';
import { fillUp, writeDataVolume, writeSystemVolume } from '../../support/volumes';

// Share Disk as it really is: an SMB share (Samba's smbd on 127.0.0.1, a free port) of a
// Mac-shaped folder, mounted on the bench through a FUSE SMB client (smbnetfs), which reports no
// free space at all. Staging onto it must work, and a share that hangs or fills up must fail that
// one Mac with its code within seconds while another Mac stages.

const unavailable = smbUnavailableReason();
const DAY = 86_400_000;
const dir = tempDir('eb-smb-test-');
const server = path.join(dir.path, 'server'); // the Mac's side
const localRoot = path.join(dir.path, 'local'); // plain folders: a local Mac for comparison
const dataDir = path.join(dir.path, 'data');
const profileFile = path.join(dir.path, 'Contoso.mobileconfig');
const STAGED = ['Users', 'Shared', 'Enrollment', 'Contoso Mac enrollment.mobileconfig'];
let world: SmbWorld | null = null;
let fullTmpfs: string | null = null;

const cli = (...args: string[]) => runCliProcess(['--data-dir', dataDir, ...args]);
const serverFile = (share: string) => path.join(server, share, ...STAGED);
const tempsIn = (folder: string) => (fs.existsSync(folder) ? fs.readdirSync(folder).filter((n) => n.startsWith('.eb-tmp-')) : []);

beforeAll(async () => {
  if (unavailable) return;
  const signer = makeSigner({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });
  fs.writeFileSync(profileFile, signWithForge(enrollmentProfile({ displayName: 'Contoso Mac enrollment' }), signer, new Date(Date.now() - DAY)));
  // A Mac sharing both volumes, one sharing only its Data volume, and one whose disk is full.
  writeSystemVolume(path.join(server, 'Macintosh HD'), { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' });
  writeDataVolume(path.join(server, 'Macintosh HD - Data'));
  fs.mkdirSync(path.join(server, 'Macintosh HD - Data', 'Applications', 'Apple Configurator.app', 'Contents'), { recursive: true });
  writeDataVolume(path.join(server, 'Studio - Data'));
  fullTmpfs = path.join(server, 'Full - Data');
  fs.mkdirSync(fullTmpfs, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0755', 'tmpfs', fullTmpfs]);
  writeDataVolume(fullTmpfs);
  fillUp(fullTmpfs);
  // The local Mac: plain folders under a --mounts root.
  writeSystemVolume(path.join(localRoot, 'Local Mac'), { corpus: 'macos-15.4-beta-24E5238a_rust-std-test.plist' });
  writeDataVolume(path.join(localRoot, 'Local Mac - Data'));
  world = await startSmbWorld(
    ['Macintosh HD', 'Macintosh HD - Data', 'Studio - Data', 'Full - Data'].map((name) => ({ name, dir: path.join(server, name), readOnly: name === 'Macintosh HD' })),
  );
  // As Finder does on connecting: the first look opens the session (smbnetfs keeps it open), so a
  // busy test machine's slow first contact is not mistaken for a hung share.
  for (const share of fs.readdirSync(world.sharesRoot)) fs.readdirSync(path.join(world.sharesRoot, share));
}, 60_000);

afterAll(async () => {
  await world?.stop();
  if (fullTmpfs) execFileSync('umount', ['-l', fullTmpfs]);
  dir.cleanup();
}, 30_000);

describe.skipIf(unavailable !== null)(`a Mac in Share Disk, over a real SMB share${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('`targets` shows the Mac ready, shared over the cable, with unknown free space and not the bench’s own disk', async () => {
    const w = world as SmbWorld;
    const run = await cli('targets', '--mounts', w.sharesRoot, '--json');
    expect(run.code).toBe(0);
    const targets = JSON.parse(run.stdout) as Target[];
    const mac = targets.find((t) => t.name === 'Macintosh HD') as Target;
    expect(mac).toMatchObject({
      kind: 'mac-volume',
      stageable: true,
      dataVolume: w.share('Macintosh HD - Data'),
      systemVolume: w.share('Macintosh HD'),
      macOS: { productName: 'macOS', productVersion: '15.4' },
      fileSystem: 'fuse.smbnetfs',
      busProtocol: 'SMB (Share Disk)',
      freeBytes: null,
    });
    // The FUSE client may renumber a folder between looks: only the device is held against the stager.
    expect(asVolume(mac).rootIdentity).toEqual({ device: expect.any(Number), inode: null });
    const codes = mac.constraints.map((c) => `${c.severity}:${c.code}`);
    expect(codes).toEqual(['warning:FREE_SPACE_UNKNOWN', 'warning:CONFIGURATOR_INSTALLED']);
    expect(codes).not.toContain('error:BENCH_DISK');

    const studio = targets.find((t) => t.name === 'Studio') as Target;
    expect(studio).toMatchObject({ stageable: true, macOS: null });
    expect(studio.constraints.find((c) => c.code === 'MACOS_VERSION_UNKNOWN')).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('only its Data volume is shared'),
    });

    const text = await cli('targets', '--mounts', w.sharesRoot);
    expect(text.stdout).toContain('Macintosh HD (Mac, macOS 15.4 (24E5238a)) — ready to stage');
    expect(text.stdout).toContain('connection: Shared over the cable (SMB) (fuse.smbnetfs)');
  });

  it('`stage` puts the exact bytes under Users/Shared on the server, leaves no temporary file, and restaging is idempotent', async () => {
    const w = world as SmbWorld;
    const data = w.share('Macintosh HD - Data');
    const first = await cli('stage', '--profile', profileFile, '--target', data, '--mounts', w.sharesRoot, '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).results).toEqual([expect.objectContaining({ name: 'Macintosh HD', state: 'staged', code: null, path: path.join(data, ...STAGED) })]);
    // What the Mac has, read on the server's side of the share.
    expect(Buffer.compare(fs.readFileSync(serverFile('Macintosh HD - Data')), fs.readFileSync(profileFile))).toBe(0);
    expect(fs.existsSync(path.join(server, 'Macintosh HD - Data', 'Users', 'Shared', 'Enrollment', 'How to enroll this Mac.html'))).toBe(true);
    expect(tempsIn(path.dirname(serverFile('Macintosh HD - Data')))).toEqual([]);
    const inode = fs.statSync(serverFile('Macintosh HD - Data')).ino;

    const again = await cli('stage', '--profile', profileFile, '--target', data, '--mounts', w.sharesRoot, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).results).toEqual([expect.objectContaining({ name: 'Macintosh HD', state: 'staged', code: 'ALREADY_STAGED' })]);
    expect(fs.statSync(serverFile('Macintosh HD - Data')).ino).toBe(inode);
    expect(fs.readdirSync(path.dirname(serverFile('Macintosh HD - Data'))).sort()).toEqual(['Contoso Mac enrollment.mobileconfig', 'How to enroll this Mac.html']);
  });

  describe('in the core, beside a local Mac', () => {
    let bench: Bench;
    let profileId: string;
    let targets: Target[];
    const byName = (name: string) => targets.find((t) => t.name === name) as Target;

    beforeAll(async () => {
      const w = world as SmbWorld;
      bench = await createBench({
        dataDir: path.join(dir.path, 'core-data'),
        door: 'cli',
        logger: silentLogger,
        mountRoots: [w.sharesRoot, localRoot],
        devices: { platformRoots: false, detachGraceMs: 0, refreshMs: 0 },
      });
      profileId = (await bench.invoke('importProfileFromPath', { path: profileFile })).profile.id;
      await bench.invoke('chooseProfile', { id: profileId });
      targets = await bench.invoke('listTargets', {});
    });
    afterAll(async () => {
      (world as SmbWorld).resume();
      await bench?.close();
    }, 30_000);

    /** Stage and wait until every job settled; the 10 s limit is the done-when bound, not a benchmark. */
    async function stage(names: string[]): Promise<{ jobs: Map<string, Job>; ms: number }> {
      const ids = names.map((n) => byName(n).id);
      const started = performance.now();
      const { sessionId } = await bench.invoke('stageWithProfile', { profileId, targetIds: ids, newSession: true });
      let jobs: Job[] = [];
      const deadline = Date.now() + 10_000;
      for (;;) {
        jobs = await bench.invoke('listJobs', { sessionId });
        if (jobs.length === ids.length && jobs.every((j) => !['queued', 'staging', 'verifying'].includes(j.state))) break;
        if (Date.now() > deadline) throw new Error(`jobs not settled within 10 s: ${JSON.stringify(jobs.map((j) => [j.targetId, j.state, j.code]))}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const ms = performance.now() - started;
      return { jobs: new Map(names.map((n) => [n, jobs.find((j) => j.targetId === byName(n).id) as Job])), ms };
    }

    it('stages one Mac over SMB and one local Mac (the time of each is printed)', async () => {
      fs.rmSync(path.join(server, 'Studio - Data', 'Users', 'Shared', 'Enrollment'), { recursive: true, force: true });
      const smb = await stage(['Studio']);
      const local = await stage(['Local Mac']);
      expect(smb.jobs.get('Studio')).toMatchObject({ state: 'staged', code: null });
      expect(local.jobs.get('Local Mac')).toMatchObject({ state: 'staged', code: null });
      expect(Buffer.compare(fs.readFileSync(serverFile('Studio - Data')), fs.readFileSync(profileFile))).toBe(0);
      console.log(`staging one target: over SMB (smbnetfs → smbd) ${smb.ms.toFixed(0)} ms, local folder ${local.ms.toFixed(0)} ms (ratio ${(smb.ms / local.ms).toFixed(1)})`);
    });

    it('a full share fails STAGE_DISK_FULL while a local Mac stages', async () => {
      fs.rmSync(path.join(localRoot, 'Local Mac - Data', 'Users', 'Shared', 'Enrollment'), { recursive: true, force: true });
      expect(byName('Full').constraints.map((c) => c.code)).toContain('FREE_SPACE_UNKNOWN');
      const { jobs, ms } = await stage(['Full', 'Local Mac']);
      expect(jobs.get('Full')).toMatchObject({ state: 'failed', code: 'STAGE_DISK_FULL' });
      expect(jobs.get('Local Mac')).toMatchObject({ state: 'staged', code: null });
      expect(tempsIn(path.join(server, 'Full - Data', 'Users', 'Shared', 'Enrollment'))).toEqual([]);
      console.log(`full share failed and local Mac staged after ${ms.toFixed(0)} ms`);
    });

    it('a hung share (smbd stopped mid-session) fails TARGET_UNRESPONSIVE within 10 s while a local Mac stages, and `targets` says so', async () => {
      const w = world as SmbWorld;
      fs.rmSync(path.join(localRoot, 'Local Mac - Data', 'Users', 'Shared', 'Enrollment'), { recursive: true, force: true });
      fs.rmSync(path.join(server, 'Studio - Data', 'Users', 'Shared', 'Enrollment'), { recursive: true, force: true });
      w.pause();
      try {
        const { jobs, ms } = await stage(['Studio', 'Local Mac']);
        expect(jobs.get('Studio')).toMatchObject({ state: 'failed', code: 'TARGET_UNRESPONSIVE' });
        expect(jobs.get('Local Mac')).toMatchObject({ state: 'staged', code: null });
        console.log(`hung share failed TARGET_UNRESPONSIVE and local Mac staged after ${ms.toFixed(0)} ms`);

        const started = performance.now();
        const seen = await bench.invoke('rescanTargets', {});
        const scanMs = performance.now() - started;
        expect(scanMs).toBeLessThan(10_000);
        const studio = seen.find((t) => volumePathsOf(t).includes(w.share('Studio - Data')));
        expect(studio).toMatchObject({ stageable: false, constraints: [expect.objectContaining({ severity: 'error', code: 'TARGET_UNRESPONSIVE' })] });
        expect(seen.find((t) => t.name === 'Local Mac')).toMatchObject({ stageable: true });
      } finally {
        w.resume();
      }
    }, 30_000);
  });
});
