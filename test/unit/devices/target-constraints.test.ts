import { describe, expect, it } from 'vitest';
import type { ProfileContext } from '../../../src/shared/models/target';
import {
  CONSTRAINT_ORDER,
  formatBytes,
  isStageable,
  MIN_FREE_BYTES,
  targetConstraints,
  type TargetFacts,
} from '../../../src/shared/rules/target-constraints';
import { MACOS_SUPPORT_TABLE, macOSSupport } from '../../../src/shared/rules/macos-support';

const READY_MAC: TargetFacts = {
  kind: 'mac-volume',
  unreadableReason: null,
  usbMode: null,
  notMacReason: null,
  locked: false,
  hasDataVolume: true,
  writable: true,
  stagingPathProblem: null,
  freeBytes: 50e9,
  benchDisk: false,
  simulated: false,
  macOSVersion: '15.1',
  stagedFile: null,
};
const ACME: ProfileContext = { sha256: 'a'.repeat(64), minMacOS: '13.1', displayName: 'Contoso Macs' };
const SCEP: ProfileContext = { sha256: 'b'.repeat(64), minMacOS: '13.0', displayName: 'Contoso Macs' };

const codes = (facts: Partial<TargetFacts>, profile: ProfileContext | null = null) =>
  targetConstraints({ ...READY_MAC, ...facts }, { profile }).map((f) => `${f.severity}:${f.code}`);

describe('target constraints', () => {
  it.each<[string, Partial<TargetFacts>, ProfileContext | null, string[]]>([
    ['a ready Mac on macOS 15', {}, null, []],
    ['a ready Mac with an ACME profile', {}, ACME, []],
    ['a Mac on macOS 14.7 (allowed, not supported)', { macOSVersion: '14.7' }, null, ['warning:MACOS_UNSUPPORTED']],
    ['a Mac on macOS 13.6 (allowed, not supported)', { macOSVersion: '13.6' }, null, ['warning:MACOS_UNSUPPORTED']],
    ['a Mac on macOS 12.7 (too old since Intune moved to 13+)', { macOSVersion: '12.7' }, SCEP, ['error:MACOS_TOO_OLD']],
    ['a Mac on macOS 11.1 (too old)', { macOSVersion: '11.1' }, null, ['error:MACOS_TOO_OLD']],
    ['a Mac on macOS 13.0 with an ACME profile', { macOSVersion: '13.0' }, ACME, ['warning:MACOS_UNSUPPORTED', 'error:PROFILE_NEEDS_NEWER_MACOS']],
    ['a Mac on macOS 13.0 with a SCEP profile', { macOSVersion: '13.0' }, SCEP, ['warning:MACOS_UNSUPPORTED']],
    ['a Mac on macOS 13.1 with an ACME profile', { macOSVersion: '13.1' }, ACME, ['warning:MACOS_UNSUPPORTED']],
    ['a Data volume alone (version unknown)', { macOSVersion: null }, null, ['warning:MACOS_VERSION_UNKNOWN']],
    ['a Data volume alone with a SCEP profile', { macOSVersion: null }, SCEP, ['warning:MACOS_VERSION_UNKNOWN']],
    ['a Data volume alone with an ACME profile (needs 13.1: a blocker)', { macOSVersion: null }, ACME, ['error:MACOS_VERSION_UNKNOWN']],
    ['a share whose free space is unknown', { freeBytes: null, network: true }, null, ['warning:FREE_SPACE_UNKNOWN']],
    ['a read-only disk whose free space is unknown', { freeBytes: null, writable: false }, null, ['error:READ_ONLY']],
    ['a hung share', { unresponsive: true, network: true, freeBytes: null }, ACME, ['error:TARGET_UNRESPONSIVE']],
    ['a Mac with Apple Configurator installed', { configuratorInstalled: true }, null, ['warning:CONFIGURATOR_INSTALLED']],
    ['a carrier with Apple Configurator on it', { kind: 'carrier', configuratorInstalled: true, macOSVersion: null, hasDataVolume: false }, null, []],
    ['a locked Mac (FileVault)', { locked: true, writable: false, freeBytes: 0 }, null, ['error:LOCKED']],
    ['a System volume without its Data volume', { hasDataVolume: false, writable: false }, null, ['error:NO_DATA_VOLUME']],
    ['a read-only Mac', { writable: false }, null, ['error:READ_ONLY']],
    ['a full Mac', { freeBytes: 4096 }, null, ['error:NOT_ENOUGH_SPACE']],
    ['a symlinked Users/Shared', { stagingPathProblem: 'Users/Shared' }, null, ['error:STAGING_PATH_UNSAFE']],
    ['the bench’s own disk', { benchDisk: true }, null, ['error:BENCH_DISK']],
    ['a volume with a fake SystemVersion.plist', { notMacReason: 'its system files say “Linux Arch Linux”', macOSVersion: null }, null, ['error:NOT_A_MAC_VOLUME']],
    ['the same profile already staged', { stagedFile: { fileName: 'Contoso Macs.mobileconfig', matchesProfile: true } }, ACME, ['info:ALREADY_STAGED']],
    ['another file where the profile goes', { stagedFile: { fileName: 'Contoso Macs.mobileconfig', matchesProfile: false } }, ACME, ['warning:OTHER_FILE_STAGED']],
    ['a staged file with no profile chosen', { stagedFile: { fileName: 'x.mobileconfig', matchesProfile: false } }, null, []],
    [
      'everything wrong at once, in the documented order',
      { writable: false, stagingPathProblem: 'Users', freeBytes: 0, benchDisk: true, macOSVersion: '11.0', stagedFile: { fileName: 'x', matchesProfile: false } },
      ACME,
      ['error:READ_ONLY', 'error:STAGING_PATH_UNSAFE', 'error:NOT_ENOUGH_SPACE', 'error:BENCH_DISK', 'error:MACOS_TOO_OLD', 'warning:OTHER_FILE_STAGED'],
    ],
  ])('%s', (_name, facts, profile, expected) => {
    expect(codes(facts, profile)).toEqual(expected);
  });

  it('lists findings in the documented order', () => {
    const all = targetConstraints(
      { ...READY_MAC, writable: false, stagingPathProblem: 'Users', freeBytes: 0, benchDisk: true, macOSVersion: '12.1', stagedFile: { fileName: 'x', matchesProfile: true } },
      { profile: ACME },
    ).map((f) => CONSTRAINT_ORDER.indexOf(f.code as (typeof CONSTRAINT_ORDER)[number]));
    expect(all).not.toContain(-1);
    expect(all).toEqual([...all].sort((a, b) => a - b));
  });

  it('treats a carrier as stageable at its root, with no macOS checks', () => {
    const findings = targetConstraints({ ...READY_MAC, kind: 'carrier', macOSVersion: null, hasDataVolume: false }, { profile: ACME });
    expect(findings).toEqual([]);
    expect(isStageable(findings)).toBe(true);
  });

  it('says what a technician should do with a Mac in DFU or Recovery, and never stages it', () => {
    const dfu = targetConstraints({ ...READY_MAC, kind: 'usb-device', usbMode: 'dfu' }, { profile: null });
    expect(dfu).toEqual([{ severity: 'error', code: 'USB_DFU_MODE', message: expect.stringContaining('Share Disk') }]);
    const recovery = targetConstraints({ ...READY_MAC, kind: 'usb-device', usbMode: 'recovery' }, { profile: null });
    expect(recovery[0]).toMatchObject({ code: 'USB_RECOVERY_MODE', message: expect.stringContaining('Utilities → Share Disk') });
    expect(isStageable(recovery)).toBe(false);
    expect(targetConstraints({ ...READY_MAC, kind: 'usb-device', usbMode: 'ios' }, { profile: null })[0]?.code).toBe('NOT_A_MAC');
  });

  it('reports an unreadable disk alone, with the reason', () => {
    expect(targetConstraints({ ...READY_MAC, unreadableReason: 'permission denied' }, { profile: null })).toEqual([
      { severity: 'error', code: 'VOLUME_UNREADABLE', message: expect.stringContaining('permission denied') },
    ]);
  });

  it('makes the bench’s own disk a warning only for folders a person named, or when asked to simulate', () => {
    expect(targetConstraints({ ...READY_MAC, benchDisk: true }, { profile: null })[0]).toMatchObject({ severity: 'error', code: 'BENCH_DISK' });
    expect(targetConstraints({ ...READY_MAC, benchDisk: true, simulated: true }, { profile: null })[0]).toMatchObject({ severity: 'warning', code: 'BENCH_DISK' });
    const [finding] = targetConstraints({ ...READY_MAC, benchDisk: true }, { profile: null, benchDiskPolicy: 'warn' });
    expect(finding).toMatchObject({ severity: 'warning', code: 'BENCH_DISK' });
  });

  it('names the versions in its messages', () => {
    const [, needs] = targetConstraints({ ...READY_MAC, macOSVersion: '13.0.1' }, { profile: ACME });
    expect(needs?.message).toBe('The chosen profile needs macOS 13.1 or later; this Mac runs macOS 13.0.1.');
    const [old] = targetConstraints({ ...READY_MAC, macOSVersion: '10.15.4' }, { profile: null });
    expect(old?.message).toBe('This Mac runs macOS 10.15.4. Intune direct enrollment needs macOS 13 or later.');
    const [unsupported] = targetConstraints({ ...READY_MAC, macOSVersion: '14.7.4' }, { profile: null });
    expect(unsupported?.message).toBe('This Mac runs macOS 14.7.4. It can be enrolled, but Microsoft supports macOS 15 or later.');
  });

  it('takes supported / allowed macOS from the table, or from the setting that overrides it', () => {
    expect(MACOS_SUPPORT_TABLE).toMatchObject({ supported: '15.0', allowed: '13.0' });
    const withSupport = (version: string, override: Parameters<typeof macOSSupport>[0]) =>
      targetConstraints({ ...READY_MAC, macOSVersion: version }, { profile: null, support: macOSSupport(override) }).map((f) => `${f.severity}:${f.code}`);
    expect(withSupport('12.7', null)).toEqual(['error:MACOS_TOO_OLD']);
    expect(withSupport('12.7', { allowed: '12.0', supported: null })).toEqual(['warning:MACOS_UNSUPPORTED']);
    expect(withSupport('15.1', { supported: '26', allowed: null })).toEqual(['warning:MACOS_UNSUPPORTED']);
    // Nonsense overrides fall back to the table rather than letting every Mac through.
    expect(macOSSupport({ supported: '12', allowed: '14' })).toEqual(MACOS_SUPPORT_TABLE);
    expect(macOSSupport({ supported: 'soon', allowed: null })).toEqual(MACOS_SUPPORT_TABLE);
  });

  it('over Share Disk, says why the version is unknown and what to do', () => {
    const [warning] = targetConstraints({ ...READY_MAC, macOSVersion: null, network: true }, { profile: SCEP });
    expect(warning).toMatchObject({ severity: 'warning', code: 'MACOS_VERSION_UNKNOWN' });
    expect(warning?.message).toContain('only its Data volume is shared');
    const [blocker] = targetConstraints({ ...READY_MAC, macOSVersion: null, network: true }, { profile: ACME });
    expect(blocker).toMatchObject({ severity: 'error', code: 'MACOS_VERSION_UNKNOWN' });
    expect(blocker?.message).toContain('The chosen profile needs macOS 13.1 or later');
    expect(blocker?.message).toContain('share the disk itself');
  });

  it('calls unknown free space unknown, never full', () => {
    const [finding] = targetConstraints({ ...READY_MAC, freeBytes: null, network: true }, { profile: null });
    expect(finding?.message).toBe('The free space on this shared disk is unknown (network shares often do not say). Staging goes ahead; if the disk is full, the copy fails and says so.');
    expect(finding?.message).not.toMatch(/0 bytes|full \(/);
  });

  it('prints sizes as Finder does', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(MIN_FREE_BYTES)).toBe('1 MB');
    expect(formatBytes(183_397_150_720)).toBe('183 GB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });
});
