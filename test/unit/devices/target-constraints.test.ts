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
  macOSVersion: '14.7.4',
  stagedFile: null,
};
const ACME: ProfileContext = { sha256: 'a'.repeat(64), minMacOS: '13.1', displayName: 'Contoso Macs' };
const SCEP: ProfileContext = { sha256: 'b'.repeat(64), minMacOS: '12.0', displayName: 'Contoso Macs' };

const codes = (facts: Partial<TargetFacts>, profile: ProfileContext | null = null) =>
  targetConstraints({ ...READY_MAC, ...facts }, { profile }).map((f) => `${f.severity}:${f.code}`);

describe('target constraints', () => {
  it.each<[string, Partial<TargetFacts>, ProfileContext | null, string[]]>([
    ['a ready Mac on macOS 14', {}, null, []],
    ['a ready Mac with an ACME profile', {}, ACME, []],
    ['a Mac on macOS 13.6 (allowed, not supported)', { macOSVersion: '13.6' }, null, ['warning:MACOS_UNSUPPORTED']],
    ['a Mac on macOS 11.1 (too old)', { macOSVersion: '11.1' }, null, ['error:MACOS_TOO_OLD']],
    ['a Mac on macOS 12.7 with an ACME profile', { macOSVersion: '12.7' }, ACME, ['warning:MACOS_UNSUPPORTED', 'error:PROFILE_NEEDS_NEWER_MACOS']],
    ['a Mac on macOS 12.7 with a SCEP profile', { macOSVersion: '12.7' }, SCEP, ['warning:MACOS_UNSUPPORTED']],
    ['a Mac on macOS 13.1 with an ACME profile', { macOSVersion: '13.1' }, ACME, ['warning:MACOS_UNSUPPORTED']],
    ['a Data volume alone (version unknown)', { macOSVersion: null }, null, ['warning:MACOS_VERSION_UNKNOWN']],
    ['a Data volume alone with an ACME profile', { macOSVersion: null }, ACME, ['warning:MACOS_VERSION_UNKNOWN']],
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
    const [, needs] = targetConstraints({ ...READY_MAC, macOSVersion: '12.6.1' }, { profile: ACME });
    expect(needs?.message).toBe('The chosen profile needs macOS 13.1 or later; this Mac runs macOS 12.6.1.');
    const [old] = targetConstraints({ ...READY_MAC, macOSVersion: '10.15.4' }, { profile: null });
    expect(old?.message).toBe('This Mac runs macOS 10.15.4. Intune direct enrollment needs macOS 12 or later.');
  });

  it('prints sizes as Finder does', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(MIN_FREE_BYTES)).toBe('1 MB');
    expect(formatBytes(183_397_150_720)).toBe('183 GB');
    expect(formatBytes(2_500_000)).toBe('2.5 MB');
  });
});
