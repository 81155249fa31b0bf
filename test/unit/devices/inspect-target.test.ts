import { describe, expect, it } from 'vitest';
import { inspectTargets } from '../../../src/main/devices/inspect-target';
import { baseFacts, type VolumeFacts } from '../../../src/main/devices/volume-facts/gather-volume';

// Facts as gather-volume.ts would report them; the pairing and verdict logic needs no disk.
const MAC_14 = { kind: 'macos', productName: 'macOS', productVersion: '14.7.4', build: '23H420', userVisibleVersion: '14.7.4' } as const;

/** A mounted, writable APFS volume on Thunderbolt, as gather-volume.ts reports one. */
function volume(mountPoint: string, facts: Partial<VolumeFacts> = {}): VolumeFacts {
  return {
    ...baseFacts({ mountPoint, source: 'explicit' }),
    isMountPoint: true,
    device: 42,
    fileSystem: 'apfs',
    busProtocol: 'Thunderbolt',
    writable: true,
    freeBytes: 100e9,
    unreadableReason: null,
    ...facts,
  };
}
const system = (mp: string, facts: Partial<VolumeFacts> = {}) => volume(mp, { system: MAC_14, writable: false, ...facts });
const data = (mp: string, facts: Partial<VolumeFacts> = {}) => volume(mp, { looksLikeData: true, ...facts });
const inspect = (volumes: VolumeFacts[]) => inspectTargets(volumes, [], { profile: null }).map((d) => d.target);

describe('pairing a Mac’s System and Data volumes', () => {
  it('pairs by APFS volume group even when the names do not match (Asahi sample: "Macintosh HD" + "Data")', () => {
    const group = 'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC';
    const [mac, ...rest] = inspect([
      system('/Volumes/Macintosh HD', { apfsGroupId: group, volumeUuid: '424FEA98-2296-48FD-8DFF-0866835572E9' }),
      data('/Volumes/Data', { apfsGroupId: group, volumeUuid: group }),
    ]);
    expect(rest).toEqual([]);
    expect(mac).toMatchObject({
      id: `uuid:${group}`,
      kind: 'mac-volume',
      name: 'Macintosh HD',
      mountPoint: '/Volumes/Data',
      dataVolume: '/Volumes/Data',
      systemVolume: '/Volumes/Macintosh HD',
      macOS: { productName: 'macOS', productVersion: '14.7.4', build: '23H420' },
      writable: true,
      stageable: true,
      // 14.7.4 is allowed, not supported (the table in macos-support.ts: 15+ supported, 13+ allowed).
      constraints: [{ severity: 'warning', code: 'MACOS_UNSUPPORTED' }],
      stagingDir: '/Volumes/Data/Users/Shared/Enrollment',
    });
  });

  it.each([
    ['a hyphen', 'Macintosh HD', 'Macintosh HD - Data'],
    ['an em dash', 'Macintosh HD', 'Macintosh HD — Data'],
    ['an en dash', 'Macintosh HD', 'Macintosh HD – Data'],
    ['macOS’s duplicate-name suffix', 'Macintosh HD 1', 'Macintosh HD - Data 1'],
    ['different case', 'MACINTOSH HD', 'Macintosh HD - Data'],
  ])('pairs by name with %s', (_how, systemName, dataName) => {
    const targets = inspect([system(`/m/${systemName}`), data(`/m/${dataName}`)]);
    expect(targets).toHaveLength(1);
    expect(targets[0]).toMatchObject({ systemVolume: `/m/${systemName}`, dataVolume: `/m/${dataName}`, stageable: true });
  });

  it('does not pair a name that matches two volumes: it would show one Mac’s version on another', () => {
    const targets = inspect([system('/m/Macintosh HD'), data('/m/Macintosh HD - Data'), data('/m/Macintosh HD — Data')]);
    expect(targets.map((t) => (t.kind === 'mac-volume' ? [t.systemVolume, t.dataVolume] : t.kind))).toEqual([
      ['/m/Macintosh HD', null],
      [null, '/m/Macintosh HD - Data'],
      [null, '/m/Macintosh HD — Data'],
    ]);
  });

  it('does not pair volumes from different roots', () => {
    expect(inspect([system('/a/Macintosh HD'), data('/b/Macintosh HD - Data')])).toHaveLength(2);
  });

  it('makes a Data volume alone stageable with the version unknown', () => {
    const [target] = inspect([data('/m/Macintosh HD - Data')]);
    expect(target).toMatchObject({
      id: 'path:/m/Macintosh HD - Data',
      name: 'Macintosh HD',
      macOS: null,
      stageable: true,
      constraints: [{ severity: 'warning', code: 'MACOS_VERSION_UNKNOWN' }],
    });
  });

  it('refuses a System volume alone, or says it is locked when diskutil says its Data volume is', () => {
    expect(inspect([system('/m/Macintosh HD')])[0]).toMatchObject({ stageable: false, constraints: [{ code: 'NO_DATA_VOLUME' }, { code: 'MACOS_UNSUPPORTED' }] });
    expect(inspect([system('/m/Macintosh HD', { groupDataLocked: true })])[0]).toMatchObject({ locked: true, constraints: [{ code: 'LOCKED' }, { code: 'MACOS_UNSUPPORTED' }] });
  });

  it('treats an older one-volume Mac as both System and Data', () => {
    const [target] = inspect([volume('/m/Old Mac', { system: { ...MAC_14, productVersion: '10.14.6', build: '18G103' }, looksLikeData: true })]);
    expect(target).toMatchObject({ systemVolume: '/m/Old Mac', dataVolume: '/m/Old Mac', constraints: [{ code: 'MACOS_TOO_OLD' }] });
  });
});

describe('what is and is not a target', () => {
  it('lists a carrier at its root, never as a Mac', () => {
    const [stick] = inspect([volume('/media/tech/STICK', { fileSystem: 'vfat' })]);
    expect(stick).toMatchObject({ kind: 'carrier', stagingDir: '/media/tech/STICK', stageable: true });
    expect(stick).not.toHaveProperty('macOS');
  });

  it('calls a volume with a non-macOS version file not a Mac volume', () => {
    const fake = volume('/m/EFI', { system: { kind: 'not-macos', productName: 'Linux', productVersion: 'Arch Linux', reason: 'its system files say “Linux Arch Linux”' } });
    expect(inspect([fake])[0]).toMatchObject({
      kind: 'mac-volume',
      stageable: false,
      constraints: [{ code: 'NOT_A_MAC_VOLUME', message: 'This disk is not a Mac’s startup disk: its system files say “Linux Arch Linux”.' }],
    });
  });

  it('hides APFS helper volumes and stale folders in /Volumes, but shows an unreadable volume', () => {
    const targets = inspect([
      volume('/Volumes/Preboot', { auxiliary: true }),
      volume('/Volumes/Old', { source: 'platform', isMountPoint: false }),
      volume('/Volumes/Dead', { source: 'platform', isMountPoint: false, unreadableReason: 'it does not respond' }),
    ]);
    expect(targets).toEqual([expect.objectContaining({ mountPoint: '/Volumes/Dead', stageable: false, constraints: [expect.objectContaining({ code: 'VOLUME_UNREADABLE' })] })]);
  });

  it('lists USB devices keyed by ECID, else serial, else port', () => {
    const usb = (key: string, facts: object) => ({
      key,
      facts: { vendorId: 0x05ac, productId: 0x1227, mode: 'dfu' as const, ecid: null, cpid: null, chip: null, bdid: null, serialNumber: null, iboot: null, location: null, ...facts },
    });
    const ids = inspectTargets([], [usb('1:2', { ecid: '001A2B3C4D5E6F70' }), usb('1:3', { serialNumber: 'H2WDX0Q1PX', mode: 'recovery' }), usb('1:4', { location: '1-4' })], { profile: null }).map((d) => d.target.id);
    expect(ids).toEqual(['ecid:001A2B3C4D5E6F70', 'serial:H2WDX0Q1PX', 'usb:1-4']);
  });
});
