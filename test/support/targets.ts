import type { Target } from '../../src/shared/models/target';

/** A Target as the scanner would report it, for tests that start from known facts. */
export function macTarget(id: string, dataVolume: string, overrides: Partial<Target> = {}): Target {
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
    usb: null,
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
