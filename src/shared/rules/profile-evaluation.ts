import type { Finding } from '../models/common';
import type { ProfileInspection, ProfileReading } from '../models/profile';
import { profileExpiry } from './profile-expiry';
import { profileFinding } from './profile-findings';

// A reading (what the bytes say) evaluated at an instant: expiry status, findings that depend on
// the date, and whether the profile may be staged. Pure, so the library can re-evaluate stored
// readings with the injected clock and the UI can do the same.

export type ProfileVerdict = 'usable' | 'unusable' | 'expired';

const day = (iso: string) => iso.slice(0, 10);

function timeFindings(reading: ProfileReading, nowMs: number): Finding[] {
  const findings: Finding[] = [];
  const signature = reading.signature;
  if (signature && signature.status !== 'unreadable') {
    if (signature.signerNotAfter !== null && Date.parse(signature.signerNotAfter) < nowMs) {
      findings.push(
        profileFinding(
          'CMS_SIGNER_EXPIRED',
          `The certificate that signed this profile expired on ${day(signature.signerNotAfter)}; macOS may show the profile as not verified.`,
        ),
      );
    }
    if (signature.signerNotBefore !== null && Date.parse(signature.signerNotBefore) > nowMs) {
      findings.push(
        profileFinding(
          'CMS_SIGNER_NOT_YET_VALID',
          `The certificate that signed this profile is only valid from ${day(signature.signerNotBefore)}; check this computer's clock.`,
        ),
      );
    }
  }
  if (Date.parse(reading.expiryFacts.downloadedAt) > nowMs) {
    findings.push(
      profileFinding(
        'PROFILE_DOWNLOADED_IN_FUTURE',
        `The download date (${reading.expiryFacts.downloadedAt}, from ${reading.expiryFacts.basis}) is later than now; check this computer's clock.`,
      ),
    );
  }
  return findings;
}

export function evaluateProfile(reading: ProfileReading, nowMs: number, warningHours: number): ProfileInspection {
  const { expiryFacts, ...rest } = reading;
  const expiry = profileExpiry(expiryFacts, nowMs, warningHours);
  const usable = reading.isEnrollmentProfile && reading.errors.length === 0 && expiry.status !== 'expired';
  return { ...rest, warnings: [...reading.warnings, ...timeFindings(reading, nowMs)], expiry, usable };
}

/** Not an enrollment profile or broken comes before expired: a fresh download would not fix it. */
export function profileVerdict(inspection: Pick<ProfileInspection, 'isEnrollmentProfile' | 'errors' | 'expiry'>): ProfileVerdict {
  if (!inspection.isEnrollmentProfile || inspection.errors.length > 0) return 'unusable';
  return inspection.expiry.status === 'expired' ? 'expired' : 'usable';
}
