import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../../src/main/platform/run-command';
import type { DiscoveryOptions } from '../../../src/main/devices/create-discovery';
import type { TargetScanner } from '../../../src/main/devices/scanner';
import type { Target, TargetEvent } from '../../../src/shared/models/target';
import { testDiscovery } from '../../support/discovery';
import { CORPUS_ROOT, tempDir } from '../../support/temp';
import { fillUp, mountUnavailableReason, Mounts, writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';
import { until } from '../../support/wait';
import { asVolume } from '../../support/targets';

// Real file systems mounted under a temporary mount root: read-only and full tmpfs, tmpfs-backed
// Mac volumes, and a loop-mounted ext4 image mounted and unmounted while the bench watches.
// Needs root on Linux; elsewhere every test here is skipped, saying why.
const unavailable = mountUnavailableReason();
const describeMounts = unavailable ? describe.skip : describe;
if (unavailable) describe(`mounted volumes (skipped: ${unavailable})`, () => it.skip('needs real mounts', () => {}));

const dir = tempDir('eb-mounted-');
const dataDir = path.join(dir.path, 'data');
fs.mkdirSync(dataDir);
afterAll(() => dir.cleanup());

const mounts = new Mounts();
let scanner: TargetScanner | null = null;
afterEach(async () => {
  await scanner?.stop();
  scanner = null;
  mounts.unmountAll();
});

function discovery(root: string, options: Partial<DiscoveryOptions> = {}): TargetScanner {
  const created = testDiscovery(root, dataDir, options);
  scanner = created;
  return created;
}

const freshRoot = () => fs.mkdtempSync(path.join(dir.path, 'mounts-'));
const byName = (targets: Target[], name: string) => targets.find((t) => t.name === name);
const codes = (t: Target | undefined) => t?.constraints.map((c) => c.code);

describeMounts('volumes on real mounted file systems', () => {
  it('refuses a read-only tmpfs stick', async () => {
    const root = freshRoot();
    mounts.tmpfs(path.join(root, 'RO STICK'), { sizeKb: 1024, readOnly: true });
    const stick = byName(await discovery(root).scanOnce(), 'RO STICK');
    expect(stick).toMatchObject({ kind: 'carrier', writable: false, fileSystem: 'tmpfs', stageable: false });
    expect(stick?.constraints).toEqual([{ severity: 'error', code: 'READ_ONLY', message: 'This disk is read-only, so the profile cannot be copied to it.' }]);
  });

  it('refuses a full tmpfs stick, saying how much is free', async () => {
    const root = freshRoot();
    const mp = path.join(root, 'FULL STICK');
    mounts.tmpfs(mp, { sizeKb: 512 });
    fillUp(mp);
    const stick = byName(await discovery(root).scanOnce(), 'FULL STICK');
    expect(asVolume(stick).freeBytes).toBe(0);
    expect(stick?.constraints).toEqual([{ severity: 'error', code: 'NOT_ENOUGH_SPACE', message: 'This disk is full (0 bytes free). Free at least 1 MB on it.' }]);
  });

  it('makes a Mac whose System and Data volumes are real mounts ready to stage, then already staged', async () => {
    const root = freshRoot();
    const system = path.join(root, 'Macintosh HD');
    const data = path.join(root, 'Macintosh HD - Data');
    mounts.tmpfs(system, { sizeKb: 1024 });
    mounts.tmpfs(data, { sizeKb: 4096 });
    writeSystemVolume(system, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
    writeDataVolume(data);
    const s = discovery(root);

    const [ready] = await s.scanOnce();
    expect(ready).toMatchObject({ kind: 'mac-volume', name: 'Macintosh HD', macOS: { productVersion: '14.7.4' }, writable: true, stageable: true, constraints: [{ code: 'MACOS_UNSUPPORTED' }] });

    const profile = Buffer.from('<plist version="1.0"><dict/></plist>\n');
    fs.mkdirSync(path.join(data, 'Users', 'Shared', 'Enrollment'));
    fs.writeFileSync(path.join(data, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig'), profile);
    s.setProfileContext({ sha256: createHash('sha256').update(profile).digest('hex'), minMacOS: '13.1', displayName: 'Contoso Macs' });
    const [staged] = await s.scanOnce();
    expect(staged).toMatchObject({ stageable: true, constraints: [{ code: 'MACOS_UNSUPPORTED' }, { severity: 'info', code: 'ALREADY_STAGED' }], stagedFile: { matchesProfile: true } });
  });

  it('sees an ext4 stick mounted and unmounted while it watches', async () => {
    const root = freshRoot();
    const mp = path.join(root, 'USB STICK');
    const uuid = '3f0c5a8e-1b2d-4c6e-8f90-a1b2c3d4e5f6';
    const s = discovery(root);
    const events: TargetEvent[] = [];
    s.on((e) => events.push(e));
    await s.start();
    // Free space on the bench's disk changes while the test runs: only attach/detach matter here.
    const arrivals = () => events.filter((e) => e.type !== 'update').map((e) => `${e.type} ${e.target.id}`);
    const folderId = `path:${mp}`;
    const stickId = `uuid:${uuid.toUpperCase()}`;

    // The folder alone is a plain directory on the bench's disk...
    fs.mkdirSync(mp);
    await until(() => arrivals().length === 1, 'the mount folder');
    expect(events[0]).toMatchObject({ type: 'attach', target: { id: folderId, busProtocol: 'directory', constraints: [{ code: 'BENCH_DISK' }] } });

    // ...then a real file system arrives on it: a different volume, with the ext4 UUID as its id.
    mounts.ext4(path.join(dir.path, 'stick.ext4'), mp, uuid);
    await until(() => arrivals().length === 3, 'the mount');
    expect(arrivals().slice(1).sort()).toEqual([`attach ${stickId}`, `detach ${folderId}`]);
    const stick = events.find((e) => e.type === 'attach' && e.target.id === stickId)?.target;
    expect(stick).toMatchObject({
      kind: 'carrier',
      name: 'USB STICK',
      mountPoint: mp,
      volumeUuid: uuid,
      fileSystem: 'ext4',
      busProtocol: 'disk image (loop)',
      writable: true,
      stageable: true,
      constraints: [],
      stagingDir: mp,
      rootIdentity: { device: fs.lstatSync(mp).dev, inode: fs.lstatSync(mp).ino },
    });

    mounts.unmount(mp);
    await until(() => arrivals().length === 5, 'the unmount');
    expect(arrivals().slice(3).sort()).toEqual([`attach ${folderId}`, `detach ${stickId}`]);
  });

  it('notices a tmpfs mounted onto an existing folder, which raises no inotify event', async () => {
    const root = freshRoot();
    const mp = path.join(root, 'LATE');
    fs.mkdirSync(mp);
    const s = discovery(root);
    const events: TargetEvent[] = [];
    s.on((e) => events.push(e));
    await s.start();
    await until(() => events.length >= 1, 'the folder');

    mounts.tmpfs(mp, { sizeKb: 2048 });
    const onTmpfs = (e: TargetEvent) => e.target.kind !== 'usb-device' && e.target.fileSystem === 'tmpfs';
    await until(() => events.some(onTmpfs), 'the mount');
    expect(events.find(onTmpfs)).toMatchObject({
      type: 'update',
      target: { id: `path:${mp}`, stageable: true, constraints: [] },
    });
  });
});

describeMounts('macOS facts on real mounts (diskutil answers from the corpus)', () => {
  const corpus = (name: string) => fs.readFileSync(path.join(CORPUS_ROOT, 'diskutil', name), 'utf8');
  const runner = (answers: Record<string, string>): CommandRunner => async (_command, args) => {
    const answer = answers[args[args.length - 1] ?? ''];
    return answer === undefined ? { stdout: '', code: 1 } : { stdout: answer, code: 0 };
  };

  it('pairs “Macintosh HD” and “Data” by APFS volume group and refuses the internal disk', async () => {
    const root = freshRoot();
    const system = path.join(root, 'Macintosh HD');
    const data = path.join(root, 'Data');
    mounts.tmpfs(system, { sizeKb: 1024 });
    mounts.tmpfs(data, { sizeKb: 4096 });
    writeSystemVolume(system, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
    writeDataVolume(data);
    const run = runner({ [system]: corpus('asahi-docs_diskutil-info_disk3s1_System.txt'), [data]: corpus('asahi-docs_diskutil-info_disk3s5_Data.txt') });

    const targets = await discovery(root, { platform: 'darwin', run }).scanOnce();
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({
      id: 'uuid:DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC',
      name: 'Macintosh HD',
      systemVolume: system,
      dataVolume: data,
      volumeUuid: 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC',
      busProtocol: 'Apple Fabric',
      fileSystem: 'apfs',
      macOS: { productVersion: '14.7.4' },
    });
    // These samples are a Mac's internal disk, seen from that Mac: never a target.
    expect(codes(targets[0])).toEqual(['BENCH_DISK', 'MACOS_UNSUPPORTED']);
  });

  it('says a Mac is locked when only its System volume mounted and diskutil reports the Data volume locked', async () => {
    const root = freshRoot();
    const system = path.join(root, 'Macintosh HD');
    mounts.tmpfs(system, { sizeKb: 1024 });
    writeSystemVolume(system, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
    // The corpus Data volume as diskutil shows it while FileVault keeps it locked.
    const lockedData = corpus('asahi-docs_diskutil-info_disk3s5_Data.txt').replace(/Locked:\s+No/, 'Locked:                    Yes');
    const run = runner({ [system]: corpus('asahi-docs_diskutil-info_disk3s1_System.txt'), 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC': lockedData });

    const [mac] = await discovery(root, { platform: 'darwin', run }).scanOnce();
    expect(mac).toMatchObject({ locked: true, dataVolume: null, stageable: false });
    expect(mac?.constraints[0]).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('FileVault') });
  });

  it('lists a carrier stick that diskutil does not know (as with SMB shares) from what the file system says', async () => {
    const root = freshRoot();
    const stick = path.join(root, 'STICK');
    mounts.tmpfs(stick, { sizeKb: 4096 });
    writeCarrier(stick);
    const [target] = await discovery(root, { platform: 'darwin', run: runner({}) }).scanOnce();
    expect(target).toMatchObject({ kind: 'carrier', writable: true, stageable: true, busProtocol: null, constraints: [] });
  });
});
