import { describe, expect, it } from 'vitest';
import type { JobState } from '../../../src/shared/models/job';
import { countOutcomes, isFinal, isRetryable, jobOutcome, needsAttention } from '../../../src/shared/rules/job-outcome';
import { profileRefusal, targetRefusal, type StagingProfileFacts } from '../../../src/shared/rules/staging-policy';
import { macTarget, usbTarget } from '../../support/targets';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const good: StagingProfileFacts = {
  isEnrollmentProfile: true,
  notEnrollmentReason: null,
  errors: [],
  expiresAt: '2026-12-05T10:00:00Z',
  minMacOS: '12.0',
};
const acme = { ...good, minMacOS: '13.1' };

describe('the staging policy: may this profile be staged?', () => {
  it.each([
    ['a usable profile', good, null],
    ['not an enrollment profile', { ...good, isEnrollmentProfile: false, notEnrollmentReason: 'no MDM payload' }, 'PROFILE_NOT_ENROLLMENT'],
    ['a tampered one', { ...good, errors: [{ code: 'CMS_SIGNATURE_INVALID' }] }, 'PROFILE_NOT_USABLE'],
    ['a dangling identity', { ...good, errors: [{ code: 'PROFILE_IDENTITY_DANGLING' }] }, 'PROFILE_NOT_USABLE'],
    ['an expired one', { ...good, expiresAt: '2026-11-26T10:00:00Z' }, 'PROFILE_EXPIRED'],
    // Broken comes before expired: downloading again would not fix it.
    ['broken and expired', { ...good, errors: [{ code: 'CMS_DIGEST_MISMATCH' }], expiresAt: '2026-11-01T00:00:00Z' }, 'PROFILE_NOT_USABLE'],
  ] as const)('%s → %s', (_name, profile, code) => {
    expect(profileRefusal(profile, NOW)?.code ?? null).toBe(code);
  });

  it('names the findings behind a refusal', () => {
    expect(profileRefusal({ ...good, errors: [{ code: 'CMS_SIGNATURE_INVALID' }, { code: 'PROFILE_IDENTITY_DANGLING' }] }, NOW)?.detail).toBe(
      'CMS_SIGNATURE_INVALID, PROFILE_IDENTITY_DANGLING',
    );
  });
});

describe('the staging policy: may this target receive it?', () => {
  const ventura = macTarget('uuid:V', '/Volumes/V - Data', { macOS: { productName: 'macOS', productVersion: '13.0', build: '22A380' } });

  it('refuses ACME on macOS 13.0 even when the scan judged the Mac for another profile', () => {
    expect(targetRefusal(ventura, good)).toBeNull();
    expect(targetRefusal(ventura, acme)).toMatchObject({ code: 'PROFILE_NEEDS_NEWER_MACOS', message: expect.stringContaining('13.1') });
  });

  it('does not refuse a SCEP profile for a verdict the scan made for a chosen ACME one', () => {
    const judged = {
      ...ventura,
      stageable: false,
      constraints: [{ severity: 'error' as const, code: 'PROFILE_NEEDS_NEWER_MACOS', message: 'needs 13.1' }],
    };
    expect(targetRefusal(judged, good)).toBeNull();
    expect(targetRefusal(judged, acme)?.code).toBe('PROFILE_NEEDS_NEWER_MACOS');
  });

  it('gives the first error of the target’s verdicts, in their documented order', () => {
    const target = macTarget('uuid:R', '/Volumes/R', {
      stageable: false,
      constraints: [
        { severity: 'warning', code: 'MACOS_UNSUPPORTED', message: 'old' },
        { severity: 'error', code: 'READ_ONLY', message: 'read-only' },
        { severity: 'error', code: 'NOT_ENOUGH_SPACE', message: 'full' },
      ],
    });
    expect(targetRefusal(target, good)?.code).toBe('READ_ONLY');
  });

  it('refuses a locked disk, a USB device and a Mac with no Data volume, whatever its list says', () => {
    expect(targetRefusal(macTarget('a', '/V/a', { locked: true }), good)?.code).toBe('LOCKED');
    expect(targetRefusal(usbTarget('b', { mode: 'other-apple' }, { stageable: true }), good)?.code).toBe('USB_NOT_A_TARGET');
    expect(targetRefusal(macTarget('c', '/V/c', { dataVolume: null }), good)?.code).toBe('NO_DATA_VOLUME');
    expect(targetRefusal(macTarget('d', '/V/d', { stageable: false }), good)?.code).toBe('STAGE_NOT_STAGEABLE');
  });

  it('lets a warning through', () => {
    expect(
      targetRefusal(macTarget('w', '/V/w', { constraints: [{ severity: 'warning', code: 'BENCH_DISK', message: 'simulated' }] }), good),
    ).toBeNull();
  });
});

describe('one vocabulary of job outcomes', () => {
  const table: ReadonlyArray<[JobState, string, boolean, boolean, boolean]> = [
    // state, outcome, final, needs attention, retryable
    ['queued', 'in-progress', false, false, false],
    ['staging', 'in-progress', false, false, false],
    ['verifying', 'in-progress', false, false, false],
    ['staged', 'staged', true, false, false],
    ['awaiting-approval', 'staged', true, false, false],
    ['enrolled', 'staged', true, false, false],
    ['failed', 'failed', true, true, true],
    ['blocked', 'failed', true, true, true],
    ['interrupted', 'failed', true, true, true],
    ['cancelled', 'cancelled', true, false, true],
  ];
  it.each(table)('%s is %s (final %s, needs attention %s, retryable %s)', (state, outcome, final, attention, retryable) => {
    expect([jobOutcome(state), isFinal(state), needsAttention(state), isRetryable(state)]).toEqual([outcome, final, attention, retryable]);
  });

  it('counts failed, blocked and interrupted jobs as failed, once each', () => {
    expect(countOutcomes(['staged', 'failed', 'blocked', 'interrupted', 'cancelled', 'queued', 'enrolled'])).toEqual({
      total: 7,
      inProgress: 1,
      staged: 2,
      failed: 3,
      cancelled: 1,
    });
  });
});
