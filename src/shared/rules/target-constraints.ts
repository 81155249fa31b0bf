// Whether a target can receive the profile, as an Etcher-style list of findings in a fixed,
// documented order (docs/DEVICES.md): the first error is the headline the technician reads.
// Pure: the facts are gathered elsewhere (src/main/devices), this module only judges them.
import type { Finding } from '../models/common';
import type { ProfileContext, TargetKind, UsbMode } from '../models/target';
import { MACOS_SUPPORT_TABLE, majorName, type MacOSSupport } from './macos-support';
import { isAtLeast, parseMacOSVersion } from './macos-version';

/** A profile is at most a few hundred kilobytes; ask for a little more so the copy and its temp file fit. */
export const MIN_FREE_BYTES = 1024 * 1024;

/** Every constraint code, in the order findings are listed. Codes are public: never rename one. */
export const CONSTRAINT_ORDER = [
  'VOLUME_UNREADABLE',
  'TARGET_UNRESPONSIVE',
  'USB_DFU_MODE',
  'USB_RECOVERY_MODE',
  'USB_RESTORE_MODE',
  'USB_DEBUG_MODE',
  'NOT_A_MAC',
  'USB_NOT_A_TARGET',
  'NOT_A_MAC_VOLUME',
  'LOCKED',
  'NO_DATA_VOLUME',
  'READ_ONLY',
  'STAGING_PATH_UNSAFE',
  'NOT_ENOUGH_SPACE',
  'FREE_SPACE_UNKNOWN',
  'BENCH_DISK',
  'MACOS_TOO_OLD',
  'MACOS_UNSUPPORTED',
  'MACOS_VERSION_UNKNOWN',
  'PROFILE_NEEDS_NEWER_MACOS',
  'ALREADY_STAGED',
  'OTHER_FILE_STAGED',
  'CONFIGURATOR_INSTALLED',
] as const;
export type ConstraintCode = (typeof CONSTRAINT_ORDER)[number];

/** The facts a verdict is made from, whatever adapter produced them. */
export interface TargetFacts {
  readonly kind: TargetKind;
  /** The bench could not read the volume at all (vanished, not responding, permission). */
  readonly unreadableReason: string | null;
  /** It did not answer within the time allowed (a hung network share): TARGET_UNRESPONSIVE, not unreadable. */
  readonly unresponsive?: boolean;
  /** It is a network volume (Share Disk's SMB share, NFS…): no diskutil, free space may be unknown. */
  readonly network?: boolean;
  /** Apple Configurator is installed on the Mac (it may claim the double-click on the profile). */
  readonly configuratorInstalled?: boolean;
  readonly usbMode: UsbMode | null;
  /** Why a volume that looks like a system disk is not a Mac's (e.g. it says “Linux Arch Linux”). */
  readonly notMacReason: string | null;
  readonly locked: boolean;
  /** For a Mac: its Data volume (or a single pre-Catalina volume) is mounted. Ignored for carriers. */
  readonly hasDataVolume: boolean;
  readonly writable: boolean;
  /** Which part of the staging path is a symlink or not a folder, when one is. */
  readonly stagingPathProblem: string | null;
  readonly freeBytes: number | null;
  readonly benchDisk: boolean;
  /** Every volume of it is a plain folder under a root a person named (--mounts): a simulation. */
  readonly simulated: boolean;
  readonly macOSVersion: string | null;
  /** A file already at the staging path of the chosen profile. */
  readonly stagedFile: { readonly fileName: string; readonly matchesProfile: boolean } | null;
}

export interface ConstraintOptions {
  readonly profile: ProfileContext | null;
  /**
   * refuse (default): the bench's own disk is an error. warn: a warning, for demonstrations and
   * tests that simulate Macs with plain folders on a machine where they cannot mount file systems.
   */
  readonly benchDiskPolicy?: 'refuse' | 'warn';
  /** Supported / allowed macOS (the table in macos-support.ts, or the setting that overrides it). */
  readonly support?: MacOSSupport;
}

const USB_FINDINGS: Partial<Record<UsbMode, Finding>> = {
  dfu: error('USB_DFU_MODE', 'This Mac is in DFU mode and cannot receive files. Restart it, hold the power button until the startup options appear, choose Options, then Utilities → Share Disk.'),
  wtf: error('USB_DFU_MODE', 'This Mac is in DFU mode and cannot receive files. Restart it into Share Disk (Apple silicon) or Target Disk Mode (Intel: hold T at startup).'),
  'port-dfu': error('USB_DFU_MODE', 'This Mac is in port DFU mode and cannot receive files. Restart it, then boot it into Share Disk.'),
  recovery: error('USB_RECOVERY_MODE', 'This Mac is in Recovery and cannot receive files over this cable. In Recovery choose Utilities → Share Disk, then connect to it from this bench.'),
  restore: error('USB_RESTORE_MODE', 'This Mac is being restored or is running recoveryOS. Wait until it finishes, then boot it into Share Disk.'),
  kis: error('USB_DEBUG_MODE', 'This Mac is in a debug USB mode and cannot receive files. Restart it into Share Disk.'),
  ios: error('NOT_A_MAC', 'This is an iPhone or iPad. The bench stages enrollment profiles on Macs only.'),
};

/** The ordered findings for one target. `stageable` is "no error among them". */
export function targetConstraints(facts: TargetFacts, options: ConstraintOptions): Finding[] {
  if (facts.unresponsive) {
    return [
      error(
        'TARGET_UNRESPONSIVE',
        `This ${facts.network ? 'shared disk' : 'disk'} does not answer${facts.unreadableReason ? ` (${facts.unreadableReason})` : ''}. Check the cable and that the Mac is still in Share Disk, then connect to it again.`,
      ),
    ];
  }
  if (facts.unreadableReason !== null) {
    return [error('VOLUME_UNREADABLE', `The bench cannot read this disk (${facts.unreadableReason}). Unplug it and plug it in again.`)];
  }
  if (facts.kind === 'usb-device') {
    const mode = facts.usbMode ?? 'other-apple';
    return [USB_FINDINGS[mode] ?? error('USB_NOT_A_TARGET', 'This USB device is not a Mac the bench can stage.')];
  }

  const findings: Finding[] = [];
  const isMac = facts.kind === 'mac-volume';
  if (isMac && facts.notMacReason !== null) {
    findings.push(error('NOT_A_MAC_VOLUME', `This disk is not a Mac’s startup disk: ${facts.notMacReason}.`));
  }
  if (facts.locked) {
    findings.push(error('LOCKED', 'This disk is locked by FileVault. Unlock it first: in Share Disk enter the Mac’s password; in Target Disk Mode unlock it in Disk Utility.'));
  }
  // A locked disk, or a Mac whose Data volume is absent, says nothing about where the profile would
  // go: listing read-only or free-space problems of the wrong volume would only confuse.
  const dataMissing = isMac && facts.notMacReason === null && !facts.hasDataVolume;
  if (dataMissing && !facts.locked) {
    findings.push(error('NO_DATA_VOLUME', 'Only this Mac’s System volume is attached. Its Data volume, where the profile goes, is not mounted.'));
  }
  if (!facts.locked && !dataMissing) {
    if (!facts.writable) findings.push(error('READ_ONLY', 'This disk is read-only, so the profile cannot be copied to it.'));
    if (facts.stagingPathProblem !== null) {
      findings.push(error('STAGING_PATH_UNSAFE', `The folder ${facts.stagingPathProblem} on this disk points somewhere else or is not a folder, so the bench will not write there.`));
    }
    if (facts.freeBytes !== null && facts.freeBytes < MIN_FREE_BYTES) {
      findings.push(error('NOT_ENOUGH_SPACE', `This disk is full (${formatBytes(facts.freeBytes)} free). Free at least ${formatBytes(MIN_FREE_BYTES)} on it.`));
    }
    if (facts.freeBytes === null && facts.writable) {
      // Unknown is not full: SMB clients often report no block counts. A full disk still fails the
      // copy itself, with STAGE_DISK_FULL.
      findings.push({
        severity: 'warning',
        code: 'FREE_SPACE_UNKNOWN',
        message: `The free space on this ${facts.network ? 'shared disk' : 'disk'} is unknown${facts.network ? ' (network shares often do not say)' : ''}. Staging goes ahead; if the disk is full, the copy fails and says so.`,
      });
    }
  }
  if (facts.benchDisk) {
    // A folder a person named with --mounts is a deliberate simulation (tests, demonstrations, a
    // carrier folder): allowed with a warning. Anything else on the bench's disk never is.
    const warn = options.benchDiskPolicy === 'warn' || facts.simulated;
    findings.push({
      severity: warn ? 'warning' : 'error',
      code: 'BENCH_DISK',
      message: warn
        ? 'This folder is on the bench’s own disk (allowed: the bench is simulating attached Macs).'
        : 'This is the bench’s own disk, not an attached Mac.',
    });
  }
  if (isMac && facts.notMacReason === null) {
    findings.push(...versionFindings(facts.macOSVersion, options.profile, options.support ?? MACOS_SUPPORT_TABLE, facts.network === true));
  }
  if (facts.stagedFile !== null && options.profile !== null) {
    findings.push(
      facts.stagedFile.matchesProfile
        ? { severity: 'info', code: 'ALREADY_STAGED', message: 'The chosen profile is already staged on this disk.' }
        : {
            severity: 'warning',
            code: 'OTHER_FILE_STAGED',
            message: `A different file named “${facts.stagedFile.fileName}” is already there. Staging keeps it under another name and puts the chosen profile in its place.`,
          },
    );
  }
  if (isMac && facts.configuratorInstalled) {
    findings.push({
      severity: 'warning',
      code: 'CONFIGURATOR_INSTALLED',
      message:
        'Apple Configurator is installed on this Mac and may open the profile when it is double-clicked. If it does, open System Settings › General › Device Management (Privacy & Security › Profiles before macOS 15), click “+” and choose the staged file, or drag the file there.',
    });
  }
  return findings;
}

function versionFindings(version: string | null, profile: ProfileContext | null, support: MacOSSupport, network: boolean): Finding[] {
  const needs = profile && parseMacOSVersion(profile.minMacOS) && !isAtLeast(support.allowed, profile.minMacOS) ? profile.minMacOS : null;
  if (version === null || parseMacOSVersion(version) === null) {
    // Unknown is not absent: only the profile's own minimum makes it a blocker, since staging a
    // file an older Mac refuses would send the person at the Mac on a useless errand.
    const why = network
      ? 'only its Data volume is shared, so its System volume, which holds the version, cannot be read'
      : 'its System volume is not attached';
    const what = needs
      ? ` The chosen profile needs macOS ${needs} or later: attach its System volume too (in Share Disk, share the disk itself, not only “Data”) or check the version on the Mac, then choose a profile it accepts.`
      : ` Staging goes ahead; Intune needs macOS ${majorName(support.allowed)} or later (see About This Mac once it starts).`;
    return [{ severity: needs ? 'error' : 'warning', code: 'MACOS_VERSION_UNKNOWN', message: `The macOS version is unknown (${why}).${what}` }];
  }
  const findings: Finding[] = [];
  if (!isAtLeast(version, support.allowed)) {
    findings.push(error('MACOS_TOO_OLD', `This Mac runs macOS ${version}. Intune direct enrollment needs macOS ${majorName(support.allowed)} or later.`));
    return findings;
  }
  if (!isAtLeast(version, support.supported)) {
    findings.push({
      severity: 'warning',
      code: 'MACOS_UNSUPPORTED',
      message: `This Mac runs macOS ${version}. It can be enrolled, but Microsoft supports macOS ${majorName(support.supported)} or later.`,
    });
  }
  const tooOld = needs ? profileNeedsNewerMacOS(version, needs) : null;
  if (tooOld) findings.push(tooOld);
  return findings;
}

/**
 * PROFILE_NEEDS_NEWER_MACOS for a Mac running `version` and a profile needing `minMacOS` (13.1 for
 * ACME), or null. An unknown version is not refused here (MACOS_VERSION_UNKNOWN warns instead).
 * The staging policy calls it with the profile actually being staged.
 */
export function profileNeedsNewerMacOS(version: string | null, minMacOS: string): Finding | null {
  if (version === null || parseMacOSVersion(version) === null || parseMacOSVersion(minMacOS) === null) return null;
  if (isAtLeast(version, minMacOS)) return null;
  return error('PROFILE_NEEDS_NEWER_MACOS', `The chosen profile needs macOS ${minMacOS} or later; this Mac runs macOS ${version}.`);
}

export function isStageable(findings: readonly Finding[]): boolean {
  return !findings.some((f) => f.severity === 'error');
}

/** 1048576 → "1 MB"; decimal units, as Finder shows sizes. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`;
}

function error(code: ConstraintCode, message: string): Finding {
  return { severity: 'error', code, message };
}
