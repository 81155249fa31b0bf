// Turning gathered facts into Targets: pair each Mac's System and Data volumes, give every target
// its id, and judge it with the pure constraint rules. No I/O here: the facts were gathered
// already, so this is the one place to read to know why a target got its verdict.
import path from 'node:path';
import type { CarrierTarget, FileIdentity, MacOSVersion, OmitEach, ProfileContext, Target, UsbFacts } from '../../shared/models/target';
import type { MacOSSupport } from '../../shared/rules/macos-support';
import { MAC_STAGING_DIR } from '../../shared/rules/staging-paths';
import { isStageable, targetConstraints, type TargetFacts } from '../../shared/rules/target-constraints';
import type { UsbDeviceReport } from './adapters/usb-adapter';
import { describeUsb } from './usb/classify-usb';
import type { VolumeFacts } from './volume-facts/gather-volume';

export interface InspectOptions {
  readonly profile: ProfileContext | null;
  readonly benchDiskPolicy?: 'refuse' | 'warn';
  /** Supported / allowed macOS (the table, or the setting overriding it). */
  readonly support?: MacOSSupport;
}

/** A target before the scanner gives it its attach time (and keeps its id stable). */
export interface TargetDraft {
  readonly target: OmitEach<Target, 'attachedAt'>;
  /** Volumes (mount point + device) or USB keys this target is made of, to keep its id while they stay. */
  readonly members: readonly string[];
}

// "Macintosh HD - Data", "Macintosh HD — Data", and macOS's duplicate-name suffix: "Macintosh HD - Data 1".
const DATA_SUFFIX = /\s+[-–—]\s+Data(?=(\s+\d+)?$)/;

export function inspectTargets(volumes: readonly VolumeFacts[], usb: readonly UsbDeviceReport[], options: InspectOptions): TargetDraft[] {
  const drafts: TargetDraft[] = [];
  const usable = volumes.filter((v) => v.unreadableReason !== null || (!v.auxiliary && (v.source === 'explicit' || v.isMountPoint)));
  const systems = usable.filter((v) => v.unreadableReason === null && isMacSystem(v) && !v.looksLikeData);
  const datas = usable.filter((v) => v.unreadableReason === null && v.system === null && v.looksLikeData);
  const pairs = pairVolumes(systems, datas);
  const paired = new Set([...pairs.values()]);

  for (const volume of usable) {
    if (paired.has(volume)) continue;
    if (volume.unreadableReason !== null) drafts.push(unreadable(volume));
    else if (systems.includes(volume)) drafts.push(macTarget(volume, pairs.get(volume) ?? null, options));
    else if (datas.includes(volume) || isMacSystem(volume)) drafts.push(macTarget(isMacSystem(volume) ? volume : null, volume.looksLikeData ? volume : null, options));
    else if (volume.system !== null) drafts.push(notMacTarget(volume, options));
    else drafts.push(carrierTarget(volume, options));
  }
  for (const report of usb) drafts.push(usbTarget(report.key, report.facts));
  return drafts;
}

function isMacSystem(v: VolumeFacts): boolean {
  return v.system?.kind === 'macos' || v.system?.kind === 'compat';
}

/**
 * System ↔ Data: the same APFS volume group where diskutil says so (macOS), else by name in the
 * same folder ("X" and "X - Data"). A name that matches more than one volume pairs nothing: a
 * wrong pairing would show one Mac's version on another Mac's disk.
 */
function pairVolumes(systems: readonly VolumeFacts[], datas: readonly VolumeFacts[]): Map<VolumeFacts, VolumeFacts> {
  const pairs = new Map<VolumeFacts, VolumeFacts>();
  const taken = new Set<VolumeFacts>();
  for (const system of systems) {
    const group = system.apfsGroupId;
    const partner = group ? datas.filter((d) => d.apfsGroupId === group && !taken.has(d)) : [];
    if (partner.length === 1) {
      pairs.set(system, partner[0] as VolumeFacts);
      taken.add(partner[0] as VolumeFacts);
    }
  }
  const key = (v: VolumeFacts, name: string) => `${path.dirname(v.mountPoint)}\0${name}`;
  const byName = (list: readonly VolumeFacts[], name: (v: VolumeFacts) => string) => {
    const map = new Map<string, VolumeFacts[]>();
    for (const v of list) map.set(key(v, name(v)), [...(map.get(key(v, name(v))) ?? []), v]);
    return map;
  };
  const freeSystems = systems.filter((s) => !pairs.has(s));
  const freeDatas = datas.filter((d) => !taken.has(d));
  for (const fold of [(s: string) => s, (s: string) => s.toLocaleLowerCase()]) {
    const sys = byName(freeSystems.filter((s) => !pairs.has(s)), (v) => fold(v.name));
    const dat = byName(freeDatas.filter((d) => !taken.has(d)), (v) => fold(v.name.replace(DATA_SUFFIX, '')));
    for (const [k, list] of sys) {
      const candidates = dat.get(k) ?? [];
      if (list.length === 1 && candidates.length === 1) {
        pairs.set(list[0] as VolumeFacts, candidates[0] as VolumeFacts);
        taken.add(candidates[0] as VolumeFacts);
      }
    }
  }
  return pairs;
}

function macTarget(system: VolumeFacts | null, data: VolumeFacts | null, options: InspectOptions): TargetDraft {
  const main = (data ?? system) as VolumeFacts;
  const reading = system?.system ?? data?.system ?? null;
  const macOS: MacOSVersion | null =
    reading?.kind === 'macos' ? { productName: reading.productName, productVersion: reading.productVersion, build: reading.build } : null;
  const locked = (data?.locked ?? false) || (data === null && system?.groupDataLocked === true);
  const facts: TargetFacts = {
    ...volumeFacts(main),
    kind: 'mac-volume',
    locked,
    hasDataVolume: data !== null,
    benchDisk: (system?.benchDisk ?? false) || (data?.benchDisk ?? false),
    simulated: (system?.simulated ?? true) && (data?.simulated ?? true),
    macOSVersion: macOS?.productVersion ?? null,
    network: main.network,
    unresponsive: (data?.unresponsive ?? false) || (system?.unresponsive ?? false),
    configuratorInstalled: (data?.configuratorInstalled ?? false) || (system?.configuratorInstalled ?? false),
  };
  const constraints = targetConstraints(facts, options);
  const uuid = data?.volumeUuid ?? data?.apfsGroupId ?? system?.apfsGroupId ?? system?.volumeUuid ?? null;
  return {
    members: [...new Set([system, data].filter((v): v is VolumeFacts => v !== null).map(memberOf))],
    target: {
      ...volumeTargetFields(main, uuid),
      kind: 'mac-volume',
      serialNumber: null,
      name: system ? system.name : main.name.replace(DATA_SUFFIX, ''),
      dataVolume: data?.mountPoint ?? null,
      systemVolume: system?.mountPoint ?? null,
      macOS,
      writable: data ? data.writable : false,
      locked,
      freeBytes: data ? data.freeBytes : (system?.freeBytes ?? null),
      stageable: isStageable(constraints),
      constraints,
      stagingDir: data ? path.join(data.mountPoint, ...MAC_STAGING_DIR) : null,
      stagedFile: data?.stagedFile ?? null,
      rootIdentity: data ? rootIdentity(data) : null,
    },
  };
}

function notMacTarget(volume: VolumeFacts, options: InspectOptions): TargetDraft {
  const reason = volume.system?.kind === 'not-macos' || volume.system?.kind === 'unreadable' ? volume.system.reason : 'it has no macOS';
  const constraints = targetConstraints({ ...volumeFacts(volume), kind: 'mac-volume', notMacReason: reason }, options);
  return {
    members: [memberOf(volume)],
    target: {
      ...volumeTargetFields(volume, volume.volumeUuid),
      kind: 'mac-volume',
      dataVolume: null,
      systemVolume: null,
      macOS: null,
      serialNumber: null,
      stageable: isStageable(constraints),
      constraints,
    },
  };
}

function carrierTarget(volume: VolumeFacts, options: InspectOptions): TargetDraft {
  const constraints = targetConstraints({ ...volumeFacts(volume), kind: 'carrier' }, options);
  return {
    members: [memberOf(volume)],
    target: {
      ...volumeTargetFields(volume, volume.volumeUuid),
      kind: 'carrier',
      stageable: isStageable(constraints),
      constraints,
      stagingDir: volume.mountPoint,
      stagedFile: volume.stagedFile,
      rootIdentity: rootIdentity(volume),
    },
  };
}

function unreadable(volume: VolumeFacts): TargetDraft {
  const constraints = targetConstraints({ ...volumeFacts(volume), kind: 'carrier' }, { profile: null });
  return { members: [memberOf(volume)], target: { ...volumeTargetFields(volume, null), kind: 'carrier', stageable: false, constraints } };
}

function usbTarget(key: string, usb: UsbFacts): TargetDraft {
  const constraints = targetConstraints({ ...volumeFacts(null), kind: 'usb-device', usbMode: usb.mode }, { profile: null });
  const id = usb.ecid ? `ecid:${usb.ecid}` : usb.serialNumber ? `serial:${usb.serialNumber}` : `usb:${usb.location ?? key}`;
  return {
    members: [`usb:${key}`],
    target: {
      id,
      kind: 'usb-device',
      name: describeUsb(usb),
      stageable: isStageable(constraints),
      constraints,
      usb,
      serialNumber: usb.serialNumber,
      busProtocol: 'USB',
    },
  };
}

function memberOf(volume: VolumeFacts): string {
  return `${volume.mountPoint}\0${volume.device ?? ''}`;
}

/** Constraint facts every volume kind shares. */
function volumeFacts(volume: VolumeFacts | null): TargetFacts {
  return {
    kind: 'carrier',
    unreadableReason: volume?.unreadableReason ?? null,
    unresponsive: volume?.unresponsive ?? false,
    network: volume?.network ?? false,
    usbMode: null,
    notMacReason: null,
    locked: volume?.locked ?? false,
    hasDataVolume: false,
    writable: volume?.writable ?? false,
    stagingPathProblem: volume?.stagingPathProblem ?? null,
    freeBytes: volume?.freeBytes ?? null,
    benchDisk: volume?.benchDisk ?? false,
    simulated: volume?.simulated ?? false,
    macOSVersion: null,
    stagedFile: volume?.stagedFile ? { fileName: path.basename(volume.stagedFile.path), matchesProfile: volume.stagedFile.matchesProfile } : null,
  };
}

/** The fields both volume-backed kinds (mac-volume, carrier) take from their main volume. */
function volumeTargetFields(volume: VolumeFacts, uuid: string | null): Omit<CarrierTarget, 'attachedAt' | 'kind' | 'stageable' | 'constraints'> {
  return {
    id: uuid ? `uuid:${uuid.toUpperCase()}` : `path:${volume.mountPoint}`,
    name: volume.name,
    mountPoint: volume.mountPoint,
    writable: volume.writable,
    locked: volume.locked,
    freeBytes: volume.freeBytes,
    busProtocol: volume.busProtocol,
    volumeUuid: volume.volumeUuid,
    fileSystem: volume.fileSystem,
    stagingDir: null,
    stagedFile: null,
    rootIdentity: null,
  };
}

function rootIdentity(volume: VolumeFacts): FileIdentity | null {
  if (volume.device === null) return null;
  return { device: volume.device, inode: volume.network ? null : volume.inode };
}
