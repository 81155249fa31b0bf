import type { EnrollmentInfo, IdentityKind } from '../../shared/models/profile';
import type { ProfileFindingCode } from '../../shared/rules/profile-findings';
import type { FindingCollector } from './finding-collector';
import { isDict, stringAt, type PlistDict } from './plist-value';
import { MACOS_SUPPORT_TABLE } from '../../shared/rules/macos-support';

// The com.apple.mdm payload (Apple device-management schema, DOMAIN.md §2): where the Mac will
// check in, the push topic, and the identity it authenticates with. Also what macOS the payloads
// demand: userless enrollment is allowed and supported from the versions in the support table
// (macos-support.ts); ACME needs 13.1; a hardware-bound or attested ACME key needs 14.

const IDENTITY_TYPES: Readonly<Record<string, IdentityKind>> = {
  'com.apple.security.acme': 'acme',
  'com.apple.security.scep': 'scep',
  'com.apple.security.pkcs12': 'pkcs12',
};
const TOPIC_PREFIX = 'com.apple.mgmt.';
const ACCESS_RIGHTS_ALL = 8191;

const USERLESS_MIN_MACOS = MACOS_SUPPORT_TABLE.allowed;
const ACME_MIN_MACOS = '13.1';
const ATTESTATION_MIN_MACOS = '14.0';
const MICROSOFT_SUPPORTED_MACOS = MACOS_SUPPORT_TABLE.supported;

export function checkEnrollment(root: PlistDict, payloads: readonly PlistDict[], mdmIndex: number, findings: FindingCollector): EnrollmentInfo {
  const mdm = payloads[mdmIndex] as PlistDict;
  const serverUrl = checkServerUrl(mdm.get('ServerURL'), findings);
  const topic = checkTopic(mdm.get('Topic'), findings);
  const checkIn = mdm.get('CheckInURL');
  if (checkIn !== undefined) checkUrl(checkIn, 'CheckInURL', 'the check-in address', findings, {
    missing: 'PROFILE_MDM_CHECKIN_URL_INVALID',
    invalid: 'PROFILE_MDM_CHECKIN_URL_INVALID',
    noHost: 'PROFILE_MDM_CHECKIN_URL_INVALID',
    notHttps: 'PROFILE_MDM_CHECKIN_URL_INVALID',
  });
  checkAccessRights(mdm.get('AccessRights'), findings);
  const identity = resolveIdentity(mdm, payloads, mdmIndex, findings);
  if (identity === 'acme') {
    findings.add(
      'PROFILE_ACME_NEEDS_SERIALS',
      "ACME enrollment only works for Macs whose serial numbers were imported into Intune and assigned to this enrollment profile first.",
    );
  }
  if (root.get('PayloadScope') === 'User') {
    findings.add('PROFILE_SCOPE_USER', 'The profile is scoped to a user (PayloadScope "User"); device enrollment without user affinity needs "System".');
  }
  const minMacOS = requiredMacOS(payloads);
  return {
    serverUrl: serverUrl.url,
    serverHost: serverUrl.host,
    topic,
    checkInUrl: typeof checkIn === 'string' ? checkIn : null,
    identity,
    minMacOS,
    supportedMacOS: laterVersion(minMacOS, MICROSOFT_SUPPORTED_MACOS),
  };
}

function checkServerUrl(value: unknown, findings: FindingCollector): { url: string; host: string } {
  return checkUrl(value, 'ServerURL', 'the MDM server address', findings, {
    missing: 'PROFILE_MDM_SERVER_URL_MISSING',
    invalid: 'PROFILE_MDM_SERVER_URL_INVALID',
    noHost: 'PROFILE_MDM_SERVER_URL_NO_HOST',
    notHttps: 'PROFILE_MDM_SERVER_URL_NOT_HTTPS',
  });
}

interface UrlCodes {
  readonly missing: ProfileFindingCode;
  readonly invalid: ProfileFindingCode;
  readonly noHost: ProfileFindingCode;
  readonly notHttps: ProfileFindingCode;
}

/**
 * Check an address the Mac must reach. The WHATWG URL parser turns https:///mdm into host "mdm",
 * so the host is taken from the text itself: an empty authority is exactly the template failure
 * seen in the field.
 */
function checkUrl(value: unknown, key: string, what: string, findings: FindingCollector, codes: UrlCodes, schemes: readonly string[] = ['https']): { url: string; host: string } {
  if (typeof value !== 'string' || value.trim() === '') {
    findings.add(codes.missing, `${key} (${what}) is ${typeof value === 'string' || value === undefined ? 'missing' : 'not text'}.`);
    return { url: typeof value === 'string' ? value : '', host: '' };
  }
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)/.exec(value);
  const shown = value.length > 120 ? `${value.slice(0, 117)}…` : value;
  if (!match || !URL.canParse(value)) {
    findings.add(codes.invalid, `${key} "${shown}" (${what}) is not a valid absolute URL.`);
    return { url: value, host: '' };
  }
  const authority = (match[2] ?? '').slice((match[2] ?? '').lastIndexOf('@') + 1);
  const host = authority.startsWith('[') ? authority.slice(0, authority.indexOf(']') + 1) : (authority.split(':')[0] ?? '');
  if (host === '') {
    findings.add(codes.noHost, `${key} "${shown}" (${what}) has no host name: the profile was generated with an empty server name.`);
  } else if (!schemes.includes((match[1] ?? '').toLowerCase())) {
    findings.add(codes.notHttps, `${key} "${shown}" (${what}) must use ${schemes.join(' or ')}.`);
  }
  return { url: value, host };
}

function checkTopic(value: unknown, findings: FindingCollector): string {
  if (typeof value !== 'string' || value === '') {
    findings.add('PROFILE_TOPIC_MISSING', 'The MDM payload has no Topic (the Apple push notification topic).');
    return typeof value === 'string' ? value : '';
  }
  if (!value.startsWith(TOPIC_PREFIX) || value.length === TOPIC_PREFIX.length) {
    findings.add('PROFILE_TOPIC_PREFIX', `The push Topic does not start with "${TOPIC_PREFIX}" followed by a name; Apple push notifications would not reach the Mac.`);
  }
  return value;
}

function checkAccessRights(value: unknown, findings: FindingCollector): void {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= ACCESS_RIGHTS_ALL) return;
  findings.add(
    'PROFILE_ACCESS_RIGHTS_INVALID',
    value === undefined ? 'The MDM payload has no AccessRights.' : `AccessRights must be a whole number from 1 to ${ACCESS_RIGHTS_ALL} (never 0).`,
  );
}

function resolveIdentity(mdm: PlistDict, payloads: readonly PlistDict[], mdmIndex: number, findings: FindingCollector): IdentityKind {
  const reference = mdm.get('IdentityCertificateUUID');
  if (typeof reference !== 'string' || reference === '') {
    findings.add('PROFILE_IDENTITY_MISSING', 'The MDM payload names no identity (IdentityCertificateUUID), so the Mac would have no certificate to enrol with.');
    return 'none';
  }
  const others = payloads.filter((_, i) => i !== mdmIndex);
  const target = others.find((p) => stringAt(p, 'PayloadUUID') === reference);
  if (!target) {
    const caseOnly = others.some((p) => stringAt(p, 'PayloadUUID')?.toLowerCase() === reference.toLowerCase());
    findings.add(
      'PROFILE_IDENTITY_DANGLING',
      `IdentityCertificateUUID points to no payload in this profile${caseOnly ? ' (one differs only in upper/lower case)' : ''}.`,
    );
    return 'none';
  }
  const type = stringAt(target, 'PayloadType') ?? '';
  const kind = IDENTITY_TYPES[type];
  if (!kind) {
    findings.add('PROFILE_IDENTITY_NOT_IDENTITY', `IdentityCertificateUUID points to a ${type || 'untyped'} payload, which carries no private key (expected ACME, SCEP or PKCS #12).`);
    return 'none';
  }
  checkIdentityUrl(kind, target, findings);
  return kind;
}

/** The identity must be obtainable: a SCEP or ACME server the Mac can reach. */
function checkIdentityUrl(kind: IdentityKind, payload: PlistDict, findings: FindingCollector): void {
  const codes: UrlCodes = { missing: 'PROFILE_IDENTITY_URL_INVALID', invalid: 'PROFILE_IDENTITY_URL_INVALID', noHost: 'PROFILE_IDENTITY_URL_INVALID', notHttps: 'PROFILE_IDENTITY_URL_INVALID' };
  if (kind === 'scep') {
    const content = payload.get('PayloadContent');
    checkUrl(isDict(content) ? content.get('URL') : undefined, 'URL', 'the SCEP server address', findings, codes, ['https', 'http']);
  } else if (kind === 'acme') {
    checkUrl(payload.get('DirectoryURL'), 'DirectoryURL', 'the ACME server address', findings, codes);
  }
}

function requiredMacOS(payloads: readonly PlistDict[]): string {
  let version = USERLESS_MIN_MACOS;
  for (const payload of payloads) {
    if (stringAt(payload, 'PayloadType') !== 'com.apple.security.acme') continue;
    version = laterVersion(version, ACME_MIN_MACOS);
    if (payload.get('HardwareBound') === true || payload.get('Attest') === true) version = laterVersion(version, ATTESTATION_MIN_MACOS);
  }
  return version;
}

function laterVersion(a: string, b: string): string {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor > bMajor || (aMajor === bMajor && aMinor >= bMinor) ? a : b;
}
