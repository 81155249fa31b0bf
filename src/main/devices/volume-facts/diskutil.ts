// macOS volume facts from `diskutil info -plist <mount point>` (DOMAIN.md §3): bus, internal or
// external, writable, FileVault/locked, APFS volume group (pairs System and Data) and volume UUID.
// The parser also reads diskutil's human text form (what support pastes, and what the public
// samples in ../shared/corpus/diskutil are), so both shapes give the same facts.
import type { CommandRunner } from '../../platform/run-command';
import { isPlainDict as isDict, readPlistStrict, type PlainPlistValue as PlistValue } from '../../profiles/read-plist';
import { DEVICE_PLIST_TOLERANCE } from '../plist-tolerance';

export interface DiskutilFacts {
  readonly deviceIdentifier: string | null;
  readonly volumeName: string | null;
  readonly mountPoint: string | null;
  readonly busProtocol: string | null;
  /** Inside the bench Mac (diskutil "Device Location: Internal"). */
  readonly internal: boolean | null;
  readonly removableOrExternal: boolean | null;
  readonly writable: boolean | null;
  readonly fileVault: boolean | null;
  readonly locked: boolean | null;
  readonly encrypted: boolean | null;
  readonly apfsVolumeGroupId: string | null;
  readonly apfsContainer: string | null;
  readonly volumeUuid: string | null;
  readonly fileSystem: string | null;
  readonly freeBytes: number | null;
}

export function parseDiskutilInfo(stdout: string): DiskutilFacts | null {
  const text = stdout.trimStart();
  if (text.startsWith('<?xml') || text.startsWith('<plist') || text.startsWith('<!DOCTYPE')) return fromPlist(text);
  return fromText(text);
}

function fromPlist(text: string): DiskutilFacts | null {
  let plist: PlistValue;
  try {
    plist = readPlistStrict(text, DEVICE_PLIST_TOLERANCE);
  } catch {
    return null;
  }
  if (!isDict(plist)) return null;
  const str = (key: string) => (typeof plist[key] === 'string' && plist[key] !== '' ? (plist[key] as string) : null);
  const bool = (key: string) => (typeof plist[key] === 'boolean' ? (plist[key] as boolean) : null);
  const num = (key: string) => (typeof plist[key] === 'number' ? (plist[key] as number) : null);
  return {
    deviceIdentifier: str('DeviceIdentifier'),
    volumeName: str('VolumeName'),
    mountPoint: str('MountPoint'),
    busProtocol: str('BusProtocol'),
    internal: bool('Internal'),
    removableOrExternal: bool('RemovableMediaOrExternalDevice'),
    // WritableVolume is the mounted volume; Writable also covers the media.
    writable: bool('WritableVolume') ?? bool('Writable'),
    fileVault: bool('FileVault'),
    locked: bool('Locked'),
    encrypted: bool('Encryption'),
    apfsVolumeGroupId: str('APFSVolumeGroupID'),
    apfsContainer: str('APFSContainerReference'),
    volumeUuid: str('VolumeUUID'),
    fileSystem: str('FilesystemType'),
    freeBytes: num('APFSContainerFree') ?? num('FreeSpace'),
  };
}

function fromText(text: string): DiskutilFacts | null {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z][^:]*?):\s+(.*?)\s*$/.exec(line);
    if (match) fields.set(match[1] as string, match[2] as string);
  }
  if (!fields.has('Device Identifier')) return null;
  const str = (key: string) => {
    const value = fields.get(key);
    return value === undefined || value === '' || /^Not applicable/i.test(value) ? null : value;
  };
  const yesNo = (key: string) => {
    const value = str(key);
    return value === null ? null : /^yes\b/i.test(value) ? true : /^no\b/i.test(value) ? false : null;
  };
  const location = str('Device Location');
  const removable = str('Removable Media');
  const readOnly = yesNo('Volume Read-Only') ?? yesNo('Read-Only Volume');
  const internal = location === null ? null : /^internal/i.test(location);
  return {
    deviceIdentifier: str('Device Identifier'),
    volumeName: str('Volume Name'),
    mountPoint: str('Mount Point'),
    busProtocol: str('Protocol'),
    internal,
    removableOrExternal: internal === null && removable === null ? null : internal === false || /^removable/i.test(removable ?? ''),
    writable: readOnly === null ? null : !readOnly,
    fileVault: yesNo('FileVault'),
    locked: yesNo('Locked'),
    encrypted: yesNo('Encrypted'),
    apfsVolumeGroupId: str('APFS Volume Group'),
    apfsContainer: str('APFS Container'),
    volumeUuid: str('Volume UUID'),
    fileSystem: str('Type (Bundle)'),
    freeBytes: bytesIn(str('Volume Free Space') ?? str('Container Free Space')),
  };
}

/** "183.4 GB (183397150720 Bytes) (exactly …)" → 183397150720. */
function bytesIn(value: string | null): number | null {
  const match = value ? /\((\d+) Bytes\)/.exec(value) : null;
  return match ? Number(match[1]) : null;
}

/** Ask diskutil about a mount point or a volume UUID; null when diskutil does not know it. */
export async function diskutilInfo(run: CommandRunner, target: string): Promise<DiskutilFacts | null> {
  const result = await run('/usr/sbin/diskutil', ['info', '-plist', target]);
  if (result.code !== 0) return null;
  return parseDiskutilInfo(result.stdout);
}
