import { describe, expect, it } from 'vitest';
import type { ExpiryFacts, ProfileReading } from '../../../src/shared/models/profile';
import { evaluateProfile, profileVerdict } from '../../../src/shared/rules/profile-evaluation';
import { chooseDownloadedAt, normaliseWarningHours, profileExpiry } from '../../../src/shared/rules/profile-expiry';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const facts = (over: Partial<ExpiryFacts> = {}): ExpiryFacts => ({
  downloadedAt: iso(T0),
  basis: 'cms-signing-time',
  payloadExpirationDate: null,
  removalDate: null,
  ...over,
});

describe('where the download time comes from', () => {
  const firstSeenMs = T0 + 10 * DAY;
  it.each([
    ['the bench’s own download from Intune beats everything', { intuneDownloadMs: T0, cmsSigningTimeMs: T0 - DAY, quarantineMs: T0 - DAY, enteredMs: T0 - 3 * DAY }, T0, 'intune-download'],
    ['the CMS signing time beats the rest', { cmsSigningTimeMs: T0, quarantineMs: T0 - DAY, birthTimeMs: T0 - 2 * DAY, enteredMs: T0 - 3 * DAY }, T0, 'cms-signing-time'],
    ['then the quarantine timestamp', { quarantineMs: T0, birthTimeMs: T0 - DAY, enteredMs: T0 - 2 * DAY }, T0, 'quarantine'],
    ['then the birth time', { birthTimeMs: T0, modifiedTimeMs: T0 + HOUR }, T0, 'birth-time'],
    ['the modification time when it is earlier (a copy that kept its date)', { birthTimeMs: T0, modifiedTimeMs: T0 - DAY }, T0 - DAY, 'modified-time'],
    ['a person’s date when it is earlier than the file’s dates', { birthTimeMs: T0, modifiedTimeMs: T0, enteredMs: T0 - 2 * DAY }, T0 - 2 * DAY, 'entered'],
    ['the file’s date when the person’s is later (a copy cannot predate its download)', { birthTimeMs: T0, enteredMs: T0 + DAY }, T0, 'birth-time'],
    ['a person’s date alone', { enteredMs: T0 }, T0, 'entered'],
    ['first-seen only when nothing else is known', {}, firstSeenMs, 'first-seen'],
    ['zero and nonsense times count as unknown', { cmsSigningTimeMs: 0, quarantineMs: Number.NaN, birthTimeMs: Date.UTC(9500, 0, 1) }, firstSeenMs, 'first-seen'],
  ] as const)('%s', (_name, evidence, expectedMs, basis) => {
    expect(chooseDownloadedAt({ ...evidence, firstSeenMs })).toEqual({ downloadedAtMs: expectedMs, basis });
  });
});

describe('profile expiry', () => {
  it.each([
    ['1 day after download: valid, 13 days left', 1 * DAY, 'valid', 13 * DAY],
    ['11 days after: valid, exactly 72 hours left is not yet expiring', 11 * DAY, 'valid', 3 * DAY],
    ['11 days and 1 ms: expiring', 11 * DAY + 1, 'expiring', 3 * DAY - 1],
    ['13 days after: expiring, 1 day left', 13 * DAY, 'expiring', DAY],
    ['exactly 14 days after: expired', 14 * DAY, 'expired', 0],
    ['15 days after: expired a day ago', 15 * DAY, 'expired', -DAY],
  ])('%s', (_name, elapsed, status, remainingMs) => {
    const expiry = profileExpiry(facts(), T0 + elapsed, 72);
    expect(expiry).toMatchObject({ status, remainingMs, expiresAt: iso(T0 + 14 * DAY), expiresBy: 'download-window', warningHours: 72 });
  });

  it('a PayloadExpirationDate before the 14 days wins', () => {
    const expiry = profileExpiry(facts({ payloadExpirationDate: iso(T0 + 5 * DAY) }), T0 + DAY, 72);
    expect(expiry).toMatchObject({ expiresAt: iso(T0 + 5 * DAY), expiresBy: 'payload-expiration-date', status: 'valid' });
  });

  it('a PayloadExpirationDate after the 14 days does not extend them', () => {
    expect(profileExpiry(facts({ payloadExpirationDate: iso(T0 + 60 * DAY) }), T0, 72).expiresBy).toBe('download-window');
  });

  it('a RemovalDate in the past means expired', () => {
    const expiry = profileExpiry(facts({ removalDate: iso(T0 - HOUR) }), T0 + HOUR, 72);
    expect(expiry).toMatchObject({ status: 'expired', expiresBy: 'removal-date', expiresAt: iso(T0 - HOUR) });
  });

  it('the warning threshold is configurable and clamped to what the settings allow', () => {
    expect(profileExpiry(facts(), T0 + 10 * DAY, 24 * 5).status).toBe('expiring');
    expect(profileExpiry(facts(), T0 + 10 * DAY, 24).status).toBe('valid');
    expect(normaliseWarningHours(0)).toBe(1);
    expect(normaliseWarningHours(10_000)).toBe(312);
    expect(normaliseWarningHours('48')).toBe(72);
    expect(normaliseWarningHours(undefined)).toBe(72);
  });
});

describe('evaluating a reading at an instant', () => {
  const reading = (over: Partial<ProfileReading> = {}): ProfileReading => ({
    sha256: 'a'.repeat(64),
    sizeBytes: 10,
    format: 'cms-der',
    signed: true,
    signature: {
      status: 'verified',
      signerSubject: 'CN=IOSProfileSigning.manage.microsoft.com',
      signerIssuer: 'CN=Issuer',
      signingTime: iso(T0),
      signerNotBefore: iso(T0 - 300 * DAY),
      signerNotAfter: iso(T0 + 5 * DAY),
      digestValid: true,
      signatureValid: true,
      valid: true,
      encoding: 'der',
    },
    identifier: 'x',
    uuid: null,
    displayName: null,
    organization: null,
    description: null,
    payloads: [],
    isEnrollmentProfile: true,
    notEnrollmentReason: null,
    enrollment: null,
    errors: [],
    warnings: [],
    notes: [],
    expiryFacts: facts(),
    ...over,
  });

  it('is usable while valid or expiring, and not once expired', () => {
    expect(evaluateProfile(reading(), T0 + DAY, 72)).toMatchObject({ usable: true, expiry: { status: 'valid' } });
    expect(evaluateProfile(reading(), T0 + 13 * DAY, 72)).toMatchObject({ usable: true, expiry: { status: 'expiring' } });
    const expired = evaluateProfile(reading(), T0 + 15 * DAY, 72);
    expect(expired.usable).toBe(false);
    expect(profileVerdict(expired)).toBe('expired');
  });

  it('an error or a non-enrollment profile is unusable, before any question of expiry', () => {
    const broken = evaluateProfile(reading({ errors: [{ severity: 'error', code: 'PROFILE_TOPIC_PREFIX', message: '' }] }), T0 + 15 * DAY, 72);
    expect(broken.usable).toBe(false);
    expect(profileVerdict(broken)).toBe('unusable');
    expect(profileVerdict(evaluateProfile(reading({ isEnrollmentProfile: false }), T0, 72))).toBe('unusable');
  });

  it('warns about a signer certificate that expired by the given instant, and only then', () => {
    expect(evaluateProfile(reading(), T0 + DAY, 72).warnings).toEqual([]);
    expect(evaluateProfile(reading(), T0 + 6 * DAY, 72).warnings.map((w) => w.code)).toEqual(['CMS_SIGNER_EXPIRED']);
  });

  it('warns about a signer not yet valid and a download in the future (a wrong clock)', () => {
    expect(evaluateProfile(reading(), T0 - 301 * DAY, 72).warnings.map((w) => w.code)).toEqual(['CMS_SIGNER_NOT_YET_VALID', 'PROFILE_DOWNLOADED_IN_FUTURE']);
  });

  it('drops the expiry facts and carries the computed expiry instead', () => {
    const inspection = evaluateProfile(reading(), T0, 72);
    expect(inspection).not.toHaveProperty('expiryFacts');
    expect(inspection.expiry.downloadedAt).toBe(iso(T0));
  });
});
