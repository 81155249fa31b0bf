import type { CarrierTarget, MacVolumeTarget, Target, UsbDeviceTarget, UsbFacts, VolumeTarget } from '../../src/shared/models/target';

/** A Target as the scanner would report it, for tests that start from known facts. */
export function macTarget(id: string, dataVolume: string, overrides: Partial<MacVolumeTarget> = {}): MacVolumeTarget {
  return {
    id,
    kind: 'mac-volume',
    name: id,
    mountPoint: dataVolume,
    dataVolume,
    systemVolume: null,
    macOS: { productName: 'macOS', productVersion: '15.1', build: '24B83' },
    writable: true,
    locked: false,
    freeBytes: 10_000_000_000,
    stageable: true,
    constraints: [],
    serialNumber: null,
    busProtocol: 'directory',
    volumeUuid: null,
    fileSystem: 'directory',
    stagingDir: `${dataVolume}/Users/Shared/Enrollment`,
    stagedFile: null,
    rootIdentity: null,
    attachedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** A carrier drive (a plain USB stick) mounted at `mountPoint`. */
export function carrierTarget(id: string, mountPoint: string, overrides: Partial<CarrierTarget> = {}): CarrierTarget {
  return {
    id,
    kind: 'carrier',
    name: id,
    mountPoint,
    writable: true,
    locked: false,
    freeBytes: 10_000_000_000,
    stageable: true,
    constraints: [],
    busProtocol: 'directory',
    volumeUuid: null,
    fileSystem: 'directory',
    stagingDir: mountPoint,
    stagedFile: null,
    rootIdentity: null,
    attachedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** An Apple device seen only on the USB bus (in DFU mode unless `usb` says otherwise). */
export function usbTarget(id: string, usb: Partial<UsbFacts> = {}, overrides: Partial<UsbDeviceTarget> = {}): UsbDeviceTarget {
  const facts: UsbFacts = {
    vendorId: 0x05ac,
    productId: 0x1281,
    mode: 'dfu',
    ecid: null,
    cpid: null,
    chip: null,
    bdid: null,
    serialNumber: null,
    iboot: null,
    location: null,
    ...usb,
  };
  return {
    id,
    kind: 'usb-device',
    name: id,
    stageable: false,
    constraints: [],
    usb: facts,
    serialNumber: facts.serialNumber,
    busProtocol: 'USB',
    attachedAt: '2026-11-26T09:00:00.000Z',
    ...overrides,
  };
}

/** The target as a Mac's disk, failing the test when it is another kind (a checked narrowing). */
export function asMac(target: Target | undefined | null): MacVolumeTarget {
  if (target?.kind !== 'mac-volume') throw new Error(`expected a mac-volume target, got ${target ? target.kind : String(target)}`);
  return target;
}

/** The target as a mounted volume (Mac or carrier), failing the test when it is a USB device. */
export function asVolume(target: Target | undefined | null): VolumeTarget {
  if (!target || target.kind === 'usb-device') throw new Error(`expected a volume target, got ${target ? target.kind : String(target)}`);
  return target;
}
