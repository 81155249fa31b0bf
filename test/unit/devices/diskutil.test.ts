import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandRunner } from '../../../src/main/platform/run-command';
import { diskutilInfo, parseDiskutilInfo } from '../../../src/main/devices/volume-facts/diskutil';
import { CORPUS_ROOT } from '../../support/temp';

// Real `diskutil` outputs from ../shared/corpus/diskutil (see MANIFEST.md for their origins).
const corpus = (name: string) => fs.readFileSync(path.join(CORPUS_ROOT, 'diskutil', name), 'utf8');

/** The platform runner, answering as diskutil did on the machines the samples come from. */
function runnerAnswering(byTarget: Record<string, string>): CommandRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (command: string, args: readonly string[]) => {
    calls.push([command, ...args]);
    const output = byTarget[args[args.length - 1] ?? ''];
    return output === undefined ? { stdout: 'Could not find disk: nope\n', code: 1 } : { stdout: output, code: 0 };
  };
  return Object.assign(run, { calls });
}

describe('diskutil info facts', () => {
  it('reads a Mac’s Data volume (Asahi Linux docs sample)', async () => {
    const run = runnerAnswering({ '/Volumes/Data': corpus('asahi-docs_diskutil-info_disk3s5_Data.txt') });
    expect(await diskutilInfo(run, '/Volumes/Data')).toEqual({
      deviceIdentifier: 'disk3s5',
      volumeName: 'Data',
      mountPoint: '/Volumes/Data',
      busProtocol: 'Apple Fabric',
      internal: true,
      removableOrExternal: false,
      writable: true,
      fileVault: false,
      locked: false,
      encrypted: null, // this sample has no "Encrypted:" line
      apfsVolumeGroupId: 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC',
      apfsContainer: 'disk3',
      volumeUuid: 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC',
      fileSystem: 'apfs',
      freeBytes: 183397150720,
    });
    expect(run.calls).toEqual([['/usr/sbin/diskutil', 'info', '-plist', '/Volumes/Data']]);
  });

  it('reads the sealed System volume of the same Mac as read-only, in the same volume group', () => {
    const facts = parseDiskutilInfo(corpus('asahi-docs_diskutil-info_disk3s1_System.txt'));
    expect(facts).toMatchObject({
      volumeName: 'Macintosh HD',
      mountPoint: '/Volumes/Macintosh HD',
      writable: false,
      apfsVolumeGroupId: 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC',
      volumeUuid: '424FEA98-2296-48FD-8DFF-0866835572E9',
    });
  });

  it.each([
    ['asahi-docs_diskutil-info_disk2s1_1TR-Recovery.txt', { volumeName: 'Recovery', writable: false, internal: true, apfsVolumeGroupId: null }],
    ['asahi-docs_diskutil-info_disk1s1_iSCPreboot.txt', { volumeName: 'iSCPreboot', mountPoint: '/System/Volumes/iSCPreboot', writable: true }],
    [
      'inqry_test_representing_external_hdd_generic_DISKUTIL_OUTPUT.txt',
      { deviceIdentifier: 'disk5', volumeName: null, mountPoint: null, busProtocol: 'SATA', internal: false, removableOrExternal: true, writable: null, fileSystem: null },
    ],
  ])('reads %s', (file, expected) => {
    expect(parseDiskutilInfo(corpus(file))).toMatchObject(expected);
  });

  it.each([
    'asahi-docs_diskutil-apfs-list_disk3_macOS-container_sealed-broken.txt',
    'inqry_test_getting_identifiers_disk_images_DISKUTIL_LIST_OUTPUT.txt',
    'inqry_test_getting_identifiers_yosemite_DISKUTIL_LIST_OUTPUT.txt',
  ])('finds no volume facts in other diskutil output (%s)', (file) => {
    expect(parseDiskutilInfo(corpus(file))).toBeNull();
  });

  it('reads the -plist form with the same meaning', () => {
    // The plist keys of `diskutil info -plist`, carrying the values of the Data sample above.
    const plist = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>APFSContainerFree</key><integer>183397150720</integer>
	<key>APFSContainerReference</key><string>disk3</string>
	<key>APFSPhysicalStores</key><array><dict><key>APFSPhysicalStore</key><string>disk0s2</string></dict></array>
	<key>APFSVolumeGroupID</key><string>DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC</string>
	<key>BusProtocol</key><string>Apple Fabric</string>
	<key>DeviceIdentifier</key><string>disk3s5</string>
	<key>Encryption</key><false/>
	<key>FileVault</key><false/>
	<key>FilesystemType</key><string>apfs</string>
	<key>Internal</key><true/>
	<key>Locked</key><false/>
	<key>MountPoint</key><string>/Volumes/Data</string>
	<key>RemovableMediaOrExternalDevice</key><false/>
	<key>VolumeName</key><string>Data</string>
	<key>VolumeUUID</key><string>DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC</string>
	<key>Writable</key><true/>
	<key>WritableVolume</key><true/>
</dict>
</plist>
`;
    expect(parseDiskutilInfo(plist)).toEqual({ ...parseDiskutilInfo(corpus('asahi-docs_diskutil-info_disk3s5_Data.txt')), encrypted: false });
  });

  it('knows nothing when diskutil fails or prints garbage', async () => {
    expect(await diskutilInfo(runnerAnswering({}), '/Volumes/Share')).toBeNull();
    expect(parseDiskutilInfo('<plist><dict><key>VolumeName</key>')).toBeNull();
    expect(parseDiskutilInfo('')).toBeNull();
  });
});
