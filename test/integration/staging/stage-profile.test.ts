import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEMP_PREFIX } from '../../../src/main/staging/atomic-write';
import { stageProfile, type StageProfileRequest } from '../../../src/main/staging/stage-profile';
import { IS_ROOT, CAN_LOOP_MOUNT, mountExt4Image, mountTmpfs } from '../../support/mounts';
import { fillUp } from '../../support/volumes';
import { tempDir } from '../../support/temp';
import { contosoBytes, enrollmentDir, STAGE_CLOCK, stageRequest, tempFilesIn } from '../../support/stage-request';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
function volume(): string {
  const dir = tempDir('eb-stage-');
  cleanups.push(dir.cleanup);
  return dir.path;
}

const bytes = contosoBytes();
const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
const clock = STAGE_CLOCK;
const request = (root: string, overrides: Partial<StageProfileRequest> = {}) => stageRequest(root, bytes, overrides);
const leftovers = tempFilesIn;

describe('staging a profile on one target (real files)', () => {
  it('puts the exact bytes in Users/Shared/Enrollment on a Mac volume, with the instructions page', async () => {
    const root = volume();
    const result = await stageProfile(request(root));
    const expected = path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
    expect(result).toMatchObject({ path: expected, sha256, alreadyStaged: false, movedAside: null });
    expect(Buffer.compare(fs.readFileSync(expected), bytes)).toBe(0);
    const html = fs.readFileSync(path.join(enrollmentDir(root), 'How to enroll this Mac.html'), 'utf8');
    expect(html).toContain('System Settings › General › Device Management');
    expect(html).not.toContain('Privacy &amp; Security › Profiles');
    expect(html).toContain('Contoso Macs.mobileconfig');
    expect(leftovers(enrollmentDir(root))).toEqual([]);
  });

  it('copies while the journal commits, but puts nothing at the final name before the journal holds it', async () => {
    const root = volume();
    let journalHolds: () => void = () => {};
    const journalled = new Promise<void>((resolve) => (journalHolds = resolve));
    const expected = path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
    const staging = stageProfile(request(root, { journalled }));
    // The copy reaches its temporary name (however busy the machine), then waits there.
    const copied = () => leftovers(enrollmentDir(root)).some((f) => fs.statSync(path.join(enrollmentDir(root), f)).size === bytes.length);
    for (let waited = 0; !copied() && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Waiting there: nothing at a final name, the profile and its page under temporary names.
    expect(fs.readdirSync(enrollmentDir(root)).filter((f) => !leftovers(enrollmentDir(root)).includes(f))).toEqual([]);
    expect(leftovers(enrollmentDir(root)).map((f) => f.replace(/^\.eb-tmp-[0-9a-f]+-/, '')).sort()).toEqual(['Contoso Macs.mobileconfig', 'How to enroll this Mac.html']);
    journalHolds();
    await expect(staging).resolves.toMatchObject({ path: expected, sha256 });
    expect(Buffer.compare(fs.readFileSync(expected), bytes)).toBe(0);
    expect(leftovers(enrollmentDir(root))).toEqual([]);
  });

  it('writes nothing at the final name when the journal cannot record the start', async () => {
    const root = volume();
    const failure = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    await expect(stageProfile(request(root, { journalled: Promise.reject(failure) }))).rejects.toThrow();
    expect(fs.existsSync(path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig'))).toBe(false);
    expect(leftovers(enrollmentDir(root))).toEqual([]);
  });

  it('tells a macOS 14 Mac to look in Privacy & Security, and an unknown Mac every place', async () => {
    const sonoma = volume();
    await stageProfile(request(sonoma, { instructions: { ...request('').instructions!, macOSVersion: '14.7.4' } }));
    const html14 = fs.readFileSync(path.join(enrollmentDir(sonoma), 'How to enroll this Mac.html'), 'utf8');
    expect(html14).toContain('System Settings › Privacy &amp; Security › Profiles');
    expect(html14).not.toContain('Device Management');

    const unknown = volume();
    await stageProfile(request(unknown, { instructions: { ...request('').instructions!, macOSVersion: null } }));
    const htmlAny = fs.readFileSync(path.join(enrollmentDir(unknown), 'How to enroll this Mac.html'), 'utf8');
    expect(htmlAny).toContain('Device Management');
    expect(htmlAny).toContain('Privacy &amp; Security › Profiles');
    expect(htmlAny).toContain('System Preferences › Profiles');
  });

  it('puts the profile at the root of a carrier stick', async () => {
    const root = volume();
    const result = await stageProfile(request(root, { kind: 'carrier' }));
    expect(result.path).toBe(path.join(root, 'Contoso Macs.mobileconfig'));
    const html = fs.readFileSync(path.join(root, 'How to enroll this Mac.html'), 'utf8');
    expect(html).toContain('file on this drive');
    expect(html).toContain('<h1>How to enroll a Mac from this drive in Microsoft Intune</h1>');
    expect(html).not.toContain('copied to this Mac');
  });

  it('says "already staged" for identical bytes and writes nothing', async () => {
    const root = volume();
    const first = await stageProfile(request(root));
    const before = fs.statSync(first.path);
    const second = await stageProfile(request(root));
    expect(second).toMatchObject({ alreadyStaged: true, path: first.path, sha256 });
    expect(fs.statSync(first.path).ino).toBe(before.ino);
  });

  it('keeps a different file that was at the destination, renamed with a timestamp', async () => {
    const root = volume();
    fs.mkdirSync(enrollmentDir(root), { recursive: true });
    const destination = path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
    fs.writeFileSync(destination, 'an older download');
    const result = await stageProfile(request(root));
    expect(result.movedAside).toBe(`${destination}.20261126T100000Z.previous`);
    expect(fs.readFileSync(result.movedAside!, 'utf8')).toBe('an older download');
    expect(Buffer.compare(fs.readFileSync(destination), bytes)).toBe(0);
  });

  it('says where the different file will be kept before moving it, and moves nothing if told to stop', async () => {
    const root = volume();
    fs.mkdirSync(enrollmentDir(root), { recursive: true });
    const destination = path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
    fs.writeFileSync(destination, 'an older download');
    const told: Array<{ from: string; to: string; stillThere: string; asideExists: boolean }> = [];
    const result = await stageProfile(
      request(root, { onMovingAside: (from, to) => void told.push({ from, to, stillThere: fs.readFileSync(from, 'utf8'), asideExists: fs.existsSync(to) }) }),
    );
    expect(told).toEqual([{ from: destination, to: result.movedAside, stillThere: 'an older download', asideExists: false }]);

    fs.writeFileSync(destination, 'another older download');
    const refused = stageProfile(request(root, { onMovingAside: () => { throw new Error('journal unavailable'); } }));
    await expect(refused).rejects.toThrow('journal unavailable');
    expect(fs.readFileSync(destination, 'utf8')).toBe('another older download');
  });

  for (const link of [['Users'], ['Users', 'Shared'], ['Users', 'Shared', 'Enrollment']]) {
    it(`refuses a symlinked ${link.join('/')} and writes nothing outside the volume`, async () => {
      const root = volume();
      const outside = volume();
      fs.mkdirSync(path.join(root, ...link.slice(0, -1)), { recursive: true });
      fs.symlinkSync(outside, path.join(root, ...link));
      await expect(stageProfile(request(root))).rejects.toMatchObject({ code: 'STAGE_SYMLINK_ESCAPE' });
      expect(fs.readdirSync(outside)).toEqual([]);
    });
  }

  it('refuses a symlink standing at the final file name', async () => {
    const root = volume();
    const outside = path.join(volume(), 'victim');
    fs.writeFileSync(outside, 'precious');
    fs.mkdirSync(enrollmentDir(root), { recursive: true });
    fs.symlinkSync(outside, path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig'));
    await expect(stageProfile(request(root))).rejects.toMatchObject({ code: 'STAGE_SYMLINK_ESCAPE' });
    expect(fs.readFileSync(outside, 'utf8')).toBe('precious');
  });

  it('reports a copy that does not read back identically, and does not leave it to be installed', async () => {
    const root = volume();
    const staged = path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
    await expect(
      stageProfile(request(root, { onVerifying: () => fs.appendFileSync(staged, 'bit rot') })),
    ).rejects.toMatchObject({ code: 'STAGE_VERIFY_MISMATCH' });
    expect(fs.existsSync(staged)).toBe(false);
  });

  it('treats the folder vanishing mid-copy as a disconnected Mac and leaves no partial file', async () => {
    const root = volume();
    let removed = false;
    await expect(
      stageProfile(
        request(root, {
          chunkSize: 512,
          onProgress: (written) => {
            if (!removed && written > 1024) {
              removed = true;
              fs.rmSync(path.join(root, 'Users'), { recursive: true, force: true });
            }
          },
        }),
      ),
    ).rejects.toMatchObject({ code: 'STAGE_DISCONNECTED' });
    expect(fs.existsSync(path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig'))).toBe(false);
  });

  it('stops when cancelled mid-copy, leaving neither a final nor a temporary file', async () => {
    const root = volume();
    const controller = new AbortController();
    await expect(
      stageProfile(request(root, { chunkSize: 256, signal: controller.signal, onProgress: (w) => w > 1000 && controller.abort() })),
    ).rejects.toMatchObject({ code: 'STAGE_CANCELLED' });
    expect(fs.readdirSync(enrollmentDir(root))).toEqual([]);
  });

  describe('on real mounted file systems', () => {
    it.skipIf(!IS_ROOT)('a read-only tmpfs gives STAGE_READ_ONLY [needs root: tmpfs]', async () => {
      const mount = path.join(volume(), 'ReadOnlyMac');
      cleanups.push(mountTmpfs(mount, 512, { readOnly: true }));
      await expect(stageProfile(request(mount))).rejects.toMatchObject({ code: 'STAGE_READ_ONLY' });
    });

    it.skipIf(!IS_ROOT)('a full tmpfs gives STAGE_DISK_FULL and no partial or temporary file [needs root: tmpfs]', async () => {
      const mount = path.join(volume(), 'FullMac');
      cleanups.push(mountTmpfs(mount, 256));
      fs.mkdirSync(enrollmentDir(mount), { recursive: true });
      fillUp(mount);
      await expect(stageProfile(request(mount))).rejects.toMatchObject({ code: 'STAGE_DISK_FULL' });
      expect(fs.readdirSync(enrollmentDir(mount))).toEqual([]);
    });

    it.skipIf(!CAN_LOOP_MOUNT)('an immutable folder on ext4 gives STAGE_NOT_PERMITTED even to root [needs root: loop mount]', async () => {
      const base = volume();
      const mount = path.join(base, 'Ext4Mac');
      cleanups.push(mountExt4Image(path.join(base, 'mac.img'), mount));
      fs.mkdirSync(enrollmentDir(mount), { recursive: true });
      const { execFileSync } = await import('node:child_process');
      execFileSync('chattr', ['+i', enrollmentDir(mount)]);
      cleanups.push(() => execFileSync('chattr', ['-i', enrollmentDir(mount)]));
      await expect(stageProfile(request(mount))).rejects.toMatchObject({ code: 'STAGE_NOT_PERMITTED' });
    });

    it.skipIf(!CAN_LOOP_MOUNT)('stages onto a loop-mounted ext4 volume [needs root: loop mount]', async () => {
      const base = volume();
      const mount = path.join(base, 'Ext4Mac');
      cleanups.push(mountExt4Image(path.join(base, 'mac.img'), mount));
      const result = await stageProfile(request(mount));
      expect(Buffer.compare(fs.readFileSync(result.path), bytes)).toBe(0);
    });
  });
});

describe('partial copies a stopped bench left behind', () => {
  it('are removed when they are old (they hold the profile), young ones are left to whoever writes them', async () => {
    const root = volume();
    fs.mkdirSync(enrollmentDir(root), { recursive: true });
    const old = path.join(enrollmentDir(root), `${TEMP_PREFIX}abc-Contoso Macs.mobileconfig`);
    const young = path.join(enrollmentDir(root), `${TEMP_PREFIX}def-Contoso Macs.mobileconfig`);
    fs.writeFileSync(old, bytes.subarray(0, 100));
    fs.writeFileSync(young, bytes.subarray(0, 50));
    const anHourAgo = (clock.now() - 3_600_000) / 1000;
    fs.utimesSync(old, anHourAgo, anHourAgo);
    const youngTime = (clock.now() - 5_000) / 1000;
    fs.utimesSync(young, youngTime, youngTime);
    const result = await stageProfile(request(root));
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(young)).toBe(true);
    expect(result.warnings).toEqual([{ code: 'STAGE_STALE_TEMP_REMOVED', message: 'Removed 1 partial copy left by an interrupted staging.' }]);
  });

  it('never take the staging’s own copies for old ones, when the bench’s clock runs far ahead of the target’s file times', async () => {
    // A Mac's file system dates its files by its own clock (an SMB share by the Mac's): to a bench
    // a day ahead, every file there is a day old, the profile's and its page's copies in flight too.
    const root = volume();
    fs.mkdirSync(enrollmentDir(root), { recursive: true });
    const left = path.join(enrollmentDir(root), `${TEMP_PREFIX}abc-Contoso Macs.mobileconfig`);
    fs.writeFileSync(left, bytes.subarray(0, 100));
    const aDayAhead = { now: () => Date.now() + 86_400_000 };
    const result = await stageProfile(request(root, { clock: aDayAhead }));
    expect(Buffer.compare(fs.readFileSync(result.path), bytes)).toBe(0);
    expect(result.instructionsPath).toBe(path.join(enrollmentDir(root), 'How to enroll this Mac.html'));
    expect(fs.existsSync(left)).toBe(false);
    expect(leftovers(enrollmentDir(root))).toEqual([]);
  });
});
