import type { ExpiryInfo, LibraryProfile } from '../../shared/models/profile';
import { profileExpiry } from '../../shared/rules/profile-expiry';
import { formatDateTime } from '../components/format';

/** The chosen profile's expiry, re-evaluated at `now` (the list was evaluated when it was loaded). */
export function liveExpiry(profile: LibraryProfile, now: number, warningHours: number): ExpiryInfo {
  return profileExpiry(
    {
      downloadedAt: profile.expiry.downloadedAt,
      basis: profile.expiry.basis,
      payloadExpirationDate: profile.expiry.payloadExpirationDate,
      removalDate: profile.expiry.removalDate,
    },
    now,
    warningHours,
  );
}

/** Where the validity comes from, in a technician's words: "signed 25 Nov 14:02". */
export function basisText(expiry: Pick<ExpiryInfo, 'basis' | 'downloadedAt'>): string {
  const at = formatDateTime(expiry.downloadedAt);
  switch (expiry.basis) {
    case 'intune-download':
      return `downloaded from Intune at ${at}`;
    case 'cms-signing-time':
      return `signed ${at}`;
    case 'quarantine':
      return `downloaded ${at} (macOS download record)`;
    case 'birth-time':
      return `file created ${at}`;
    case 'modified-time':
      return `file last changed ${at}`;
    case 'entered':
      return `download date entered: ${at}`;
    default:
      return `first seen by the bench ${at} (the real download may be earlier)`;
  }
}

export function identityText(profile: LibraryProfile): string {
  switch (profile.enrollment?.identity) {
    case 'acme':
      return 'ACME certificate';
    case 'scep':
      return 'SCEP certificate';
    case 'pkcs12':
      return 'PKCS#12 certificate';
    default:
      return 'no identity';
  }
}

export function signedByText(profile: LibraryProfile): string {
  const signature = profile.signature;
  if (!profile.signed || !signature) return 'not signed';
  const cn = signature.signerSubject?.match(/CN=([^,/]+)/)?.[1] ?? signature.signerSubject ?? 'unknown signer';
  switch (signature.status) {
    case 'verified':
      return `${cn} (signature verified)`;
    case 'invalid':
      return `${cn} (signature does not check out)`;
    case 'unsupported':
      return `${cn} (signature not checked)`;
    default:
      return 'signature unreadable';
  }
}

/** The Entra dynamic group rule Intune documents for profiles (DOMAIN.md §1). */
export function dynamicGroupRule(enrollmentProfileName: string): string {
  return `(device.enrollmentProfileName -eq "${enrollmentProfileName.replace(/"/g, '\\"')}")`;
}
