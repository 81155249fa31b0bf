import { describe, expect, it } from 'vitest';
import { parseMountinfo } from '../../../src/main/devices/volume-facts/linux-mountinfo';
import { parseMacMount } from '../../../src/main/devices/volume-facts/macos-mounts';
import { hungShare, hungShares, markHung, networkEndpoint } from '../../../src/main/platform/network-health';
import { createWatchdog } from '../../../src/main/staging/network-watchdog';
import { connectionLabel, isNetworkFileSystem, networkKind, networkLabel } from '../../../src/shared/rules/network-volumes';

// Network volumes: which file systems are shares (from the mount table, on both platforms), the
// words a tile shows for them, which server a path reaches, and the watchdog that gives up on a
// hung one.

describe('network file systems, as the mount table names them', () => {
  it.each([
    ['smbfs', 'smb'],
    ['cifs', 'smb'],
    ['smb3', 'smb'],
    ['fuse.smbnetfs', 'smb'],
    ['fuse.gvfsd-fuse', 'smb'],
    ['nfs', 'nfs'],
    ['nfs4', 'nfs'],
    ['fuse.sshfs', 'other'],
    ['afpfs', 'other'],
    ['webdav', 'other'],
  ])('%s is a network file system (%s)', (fsType, kind) => {
    expect(networkKind(fsType)).toBe(kind);
    expect(isNetworkFileSystem(fsType)).toBe(true);
  });

  it.each(['apfs', 'hfs', 'msdos', 'exfat', 'ext4', 'tmpfs', 'fuseblk', 'fuse.exfat', 'fuse.ntfs-3g', 'directory', null])('%s is local', (fsType) => {
    expect(isNetworkFileSystem(fsType)).toBe(false);
  });

  it('shows “Shared over the cable (SMB)” for Share Disk, and the bus otherwise', () => {
    expect(networkLabel({ fileSystem: 'smbfs' })).toBe('Shared over the cable (SMB)');
    expect(networkLabel({ fileSystem: 'fuse.smbnetfs' })).toBe('Shared over the cable (SMB)');
    expect(networkLabel({ fileSystem: 'apfs' })).toBeNull();
    expect(connectionLabel({ fileSystem: 'cifs', busProtocol: 'SMB (Share Disk)' })).toBe('Shared over the cable (SMB)');
    expect(connectionLabel({ fileSystem: 'apfs', busProtocol: 'USB' })).toBe('USB');
    expect(connectionLabel({ fileSystem: 'directory', busProtocol: 'directory' })).toBe('Folder on this bench');
  });
});

describe('macOS mount table (`mount` output)', () => {
  // Shapes of /sbin/mount lines on macOS 14/15: an SMB share mounted from Finder → Network,
  // the sealed system volume, a stick and a read-only disk image.
  const SAMPLE = [
    '/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)',
    '/dev/disk3s5 on /System/Volumes/Data (apfs, local, journaled, nobrowse, protect, root data)',
    '//GUEST:@Mac%20mini._smb._tcp.local/Macintosh%20HD%20-%20Data on /Volumes/Macintosh HD - Data (smbfs, nodev, nosuid, mounted by tech)',
    '/dev/disk4s1 on /Volumes/STICK (msdos, local, nodev, nosuid, noowners)',
    '/dev/disk5s1 on /Volumes/Installer (hfs, local, nodev, nosuid, read-only, noowners, quarantine, mounted by tech)',
    'map auto_home on /System/Volumes/Data/home (autofs, automounted, nobrowse)',
    'not a mount line',
  ].join('\n');
  const mounts = parseMacMount(SAMPLE);

  it('reads type, read-only and remote flags per mount point, spaces included', () => {
    expect(mounts.get('/Volumes/Macintosh HD - Data')).toEqual({
      source: '//GUEST:@Mac%20mini._smb._tcp.local/Macintosh%20HD%20-%20Data',
      mountPoint: '/Volumes/Macintosh HD - Data',
      fsType: 'smbfs',
      readOnly: false,
      remote: true,
    });
    expect(mounts.get('/Volumes/STICK')).toMatchObject({ fsType: 'msdos', readOnly: false, remote: false });
    expect(mounts.get('/Volumes/Installer')).toMatchObject({ fsType: 'hfs', readOnly: true });
    expect(mounts.get('/')).toMatchObject({ fsType: 'apfs', readOnly: true, remote: false });
    expect(mounts.size).toBe(6);
  });
});

describe('which server a path reaches (network-health)', () => {
  const entries = parseMountinfo(
    [
      '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
      '44 27 0:40 / /run/media/tech/Share rw - cifs //mac.local/Macintosh\\040HD rw',
      '45 27 0:41 / /tmp/smb rw,nosuid,nodev,relatime - fuse.smbnetfs smbnetfs rw,user_id=0,group_id=0',
    ].join('\n'),
  );

  it('is the share’s mount, or for smbnetfs the host folder inside its one mount', () => {
    expect(networkEndpoint('/run/media/tech/Share/Users/Shared', entries)).toBe('/run/media/tech/Share');
    expect(networkEndpoint('/tmp/smb/127.0.0.1:4455/Macintosh HD - Data', entries)).toBe('/tmp/smb/127.0.0.1:4455');
    expect(networkEndpoint('/tmp/smb/mac-b.local/Data', entries)).toBe('/tmp/smb/mac-b.local');
    expect(networkEndpoint('/home/tech/fake-macs/A', entries)).toBeNull();
    expect(networkEndpoint('/Volumes/Macintosh HD - Data/Users', null)).toBe('/Volumes/Macintosh HD - Data');
  });

  it('counts a share as hung until the stalled call comes back', async () => {
    let answer: () => void = () => {};
    const stalled = new Promise<void>((resolve) => (answer = resolve));
    markHung('/tmp/smb/mac-a.local', stalled, 'a test');
    expect(hungShare('/tmp/smb/mac-a.local/Data/Users')).toBe('/tmp/smb/mac-a.local');
    expect(hungShare('/tmp/smb/mac-a.local')).toBe('/tmp/smb/mac-a.local');
    expect(hungShare('/tmp/smb/mac-a.localhost/Data')).toBeNull();
    expect(hungShare('/tmp/smb/mac-b.local/Data')).toBeNull();
    answer();
    await stalled;
    await new Promise((resolve) => setImmediate(resolve));
    expect(hungShare('/tmp/smb/mac-a.local/Data')).toBeNull();
    expect(hungShares()).toEqual([]);
  });
});

describe('the staging watchdog', () => {
  it('gives up with TARGET_UNRESPONSIVE when no sign of life comes, and aborts the work', async () => {
    const dog = createWatchdog(50, 'staging on /Volumes/Mac');
    const never = new Promise<string>(() => {});
    await expect(dog.run(never)).rejects.toMatchObject({ code: 'TARGET_UNRESPONSIVE', detail: 'staging on /Volumes/Mac: no answer within 0.1 s' });
    expect(dog.signal.aborted).toBe(true);
  });

  it('lets slow work that keeps showing signs of life finish', async () => {
    const dog = createWatchdog(80, 'staging');
    const work = (async () => {
      for (let i = 0; i < 5; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 40));
        dog.touch();
      }
      return 'done';
    })();
    await expect(dog.run(work)).resolves.toBe('done');
    expect(dog.signal.aborted).toBe(false);
  });

  it('follows its parent’s cancellation', () => {
    const parent = new AbortController();
    const dog = createWatchdog(1000, 'staging', parent.signal);
    parent.abort();
    expect(dog.signal.aborted).toBe(true);
  });
});
