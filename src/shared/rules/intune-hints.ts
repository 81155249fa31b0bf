import type { ProfileInspection } from '../models/profile';

// Whether a profile looks like an Intune direct-enrollment export (DOMAIN.md §1). No hint is proof
// on its own and no public sample of a real export exists, so the bench says which hints it saw
// and calls the result "looks like", never "is". The MDM server under manage.microsoft.com (or
// .us, US Government) weighs most: it is where the Mac will enroll.

export interface IntuneRecognition {
  readonly verdict: 'looks-like-intune' | 'not-from-intune';
  /** One line for a technician: "looks like an Intune export (…)" or "not from Intune (…)". */
  readonly summary: string;
  readonly hints: readonly string[];
}

const MICROSOFT_HOST = /(^|\.)manage\.microsoft\.(com|us)$/i;

function hostOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname || null;
  } catch {
    return null;
  }
}

export function recogniseIntune(
  profile: Pick<ProfileInspection, 'identifier' | 'displayName' | 'payloads' | 'enrollment' | 'signature'>,
): IntuneRecognition {
  const hints: string[] = [];
  const server = profile.enrollment?.serverHost || hostOf(profile.enrollment?.serverUrl);
  const serverIsMicrosoft = server !== null && server !== '' && MICROSOFT_HOST.test(server);
  if (serverIsMicrosoft) hints.push(`MDM server ${server}`);
  const checkIn = hostOf(profile.enrollment?.checkInUrl);
  if (checkIn && MICROSOFT_HOST.test(checkIn) && checkIn !== server) hints.push(`check-in server ${checkIn}`);
  if (profile.identifier === 'Microsoft.Profiles.MDM') hints.push('identifier Microsoft.Profiles.MDM');
  if (profile.displayName === 'Management Profile') hints.push('display name “Management Profile”');
  if (profile.payloads.some((p) => p.identifier?.toLowerCase().startsWith('www.windowsintune.com.'))) hints.push('payload identifiers www.windowsintune.com.*');
  if (profile.signature?.signerSubject && /IOSProfileSigning\.manage\.microsoft\.com/i.test(profile.signature.signerSubject)) {
    hints.push('signed by IOSProfileSigning.manage.microsoft.com');
  }
  if (serverIsMicrosoft || hints.length >= 2) {
    return { verdict: 'looks-like-intune', summary: `looks like an Intune export (${hints.join(', ')})`, hints };
  }
  const why = server ? `its MDM server is ${server}` : 'it names no Intune MDM server';
  return {
    verdict: 'not-from-intune',
    summary: `not from Intune (${why}${hints.length > 0 ? `; only one Intune hint: ${hints[0]}` : ''})`,
    hints,
  };
}
