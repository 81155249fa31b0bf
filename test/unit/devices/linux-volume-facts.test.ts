import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { blockDevice, mountAt, mountHolding, parseMountinfo, readMountinfo } from '../../../src/main/devices/volume-facts/linux-mountinfo';
import { extSuperblockUuid, filesystemUuid } from '../../../src/main/devices/volume-facts/linux-uuid';
import { tempDir } from '../../support/temp';

const SAMPLE = [
  '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard',
  '42 27 0:39 / /tmp/root/Read\\040Only ro,relatime - tmpfs tmpfs ro,size=1024k',
  '43 27 7:0 / /media/tech/USB\\040STICK rw,nosuid,nodev - ext4 /dev/loop0 rw',
  '44 27 0:40 / /run/media/tech/Share rw - cifs //mac.local/Macintosh\\134HD rw',
  '45 27 7:1 / /tmp/root/Stacked rw - ext4 /dev/loop1 ro',
  '46 27 0:41 / /tmp/root/Stacked rw - tmpfs tmpfs rw',
  'garbage line',
  '',
].join('\n');

describe('Linux mountinfo', () => {
  const entries = parseMountinfo(SAMPLE);

  it('reads mount points with escaped spaces and backslashes, and the read-only flag', () => {
    expect(entries.map((e) => [e.mountPoint, e.fsType, e.source, e.readOnly])).toEqual([
      ['/', 'ext4', '/dev/vda', false],
      ['/tmp/root/Read Only', 'tmpfs', 'tmpfs', true],
      ['/media/tech/USB STICK', 'ext4', '/dev/loop0', false],
      ['/run/media/tech/Share', 'cifs', '//mac.local/Macintosh\\HD', false],
      ['/tmp/root/Stacked', 'ext4', '/dev/loop1', true],
      ['/tmp/root/Stacked', 'tmpfs', 'tmpfs', false],
    ]);
  });

  it('takes the last of stacked mounts, the one that is visible', () => {
    expect(mountAt(entries, '/tmp/root/Stacked')?.fsType).toBe('tmpfs');
    expect(mountAt(entries, '/tmp/root')).toBeNull();
  });

  it('finds the mount holding a plain folder', () => {
    expect(mountHolding(entries, '/tmp/root/plain')?.mountPoint).toBe('/');
    expect(mountHolding(entries, '/tmp/root/Read Only/Users')?.mountPoint).toBe('/tmp/root/Read Only');
    expect(mountHolding(entries, '/tmp/root/Read Onlyish')?.mountPoint).toBe('/');
  });

  it('reads this machine’s own mount table', async () => {
    const own = await readMountinfo();
    expect(own?.some((e) => e.mountPoint === '/')).toBe(true);
    expect(await readMountinfo('/nonexistent/mountinfo')).toBeNull();
  });
});

describe('Linux block devices (sysfs)', () => {
  const dir = tempDir('eb-sysfs-');
  afterAll(() => dir.cleanup());

  it('names the whole disk of a partition and sees a USB bus in its path', async () => {
    const sys = dir.path;
    const usbDisk = path.join(sys, 'devices/pci0000:00/0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb');
    fs.mkdirSync(path.join(usbDisk, 'sdb1'), { recursive: true });
    fs.writeFileSync(path.join(usbDisk, 'sdb1', 'partition'), '1\n');
    const loop = path.join(sys, 'devices/virtual/block/loop3');
    fs.mkdirSync(loop, { recursive: true });
    fs.mkdirSync(path.join(sys, 'dev/block'), { recursive: true });
    fs.symlinkSync(path.join(usbDisk, 'sdb1'), path.join(sys, 'dev/block/8:17'));
    fs.symlinkSync(loop, path.join(sys, 'dev/block/7:3'));

    expect(await blockDevice('8:17', sys)).toEqual({ disk: 'sdb', bus: 'USB' });
    expect(await blockDevice('7:3', sys)).toEqual({ disk: 'loop3', bus: 'disk image (loop)' });
    expect(await blockDevice('0:39', sys)).toBeNull();
    expect(await blockDevice('8:99', sys)).toBeNull();
  });
});

const MKFS = ['/usr/sbin/mkfs.ext4', '/sbin/mkfs.ext4'].find((p) => fs.existsSync(p));

describe('file-system UUIDs', () => {
  const dir = tempDir('eb-uuid-');
  afterAll(() => dir.cleanup());

  it.skipIf(!MKFS)('reads the UUID from a real ext4 super block (mkfs.ext4 needed)', async () => {
    const image = path.join(dir.path, 'disk.ext4');
    fs.writeFileSync(image, Buffer.alloc(0));
    fs.truncateSync(image, 4 * 1024 * 1024);
    execFileSync(MKFS as string, ['-q', '-F', '-U', '0b8e4f3c-6f1d-4d1e-9a53-2f7c1d0e9b11', image]);
    expect(await extSuperblockUuid(image)).toBe('0b8e4f3c-6f1d-4d1e-9a53-2f7c1d0e9b11');
  });

  it('finds nothing in a file that is not ext', async () => {
    const file = path.join(dir.path, 'zeros');
    fs.writeFileSync(file, Buffer.alloc(4096));
    expect(await extSuperblockUuid(file)).toBeNull();
    expect(await extSuperblockUuid(path.join(dir.path, 'missing'))).toBeNull();
  });

  it('takes the UUID from udev’s by-uuid links when they exist', async () => {
    const byUuid = path.join(dir.path, 'by-uuid');
    fs.mkdirSync(byUuid);
    fs.symlinkSync('/dev/null', path.join(byUuid, '6A1B-2C3D'));
    const entry = { id: 1, parentId: 0, majMin: '1:3', mountPoint: '/media/x', fsType: 'exfat', source: '/dev/null', readOnly: false };
    expect(await filesystemUuid(entry, byUuid)).toBe('6a1b-2c3d');
    expect(await filesystemUuid({ ...entry, source: 'tmpfs' }, byUuid)).toBeNull();
  });
});
