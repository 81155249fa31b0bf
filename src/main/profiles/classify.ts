import { BenchError } from '../../shared/errors';
import type { EnrollmentInfo, PayloadSummary } from '../../shared/models/profile';
import { checkEnrollment } from './enrollment-checks';
import type { FindingCollector } from './finding-collector';
import { checkProfileHygiene } from './profile-hygiene';
import { isArray, isDict, stringAt, type PlistDict, type PlistValue } from './plist-value';

// Is this an enrollment profile, and what does it say about itself? An enrollment profile is a
// Configuration profile with a com.apple.mdm payload (DOMAIN.md §2); the checks of that payload
// live in enrollment-checks.ts, the checks every profile gets in profile-hygiene.ts.

export interface Classification {
  readonly identifier: string | null;
  readonly uuid: string | null;
  readonly displayName: string | null;
  readonly organization: string | null;
  readonly description: string | null;
  readonly payloads: PayloadSummary[];
  readonly isEnrollmentProfile: boolean;
  readonly notEnrollmentReason: string | null;
  readonly enrollment: EnrollmentInfo | null;
  readonly payloadExpirationDate: string | null;
  readonly removalDate: string | null;
}

/** What each payload type is, in words, for the "not an enrollment profile" reason. */
const PAYLOAD_KINDS: Readonly<Record<string, string>> = {
  'com.apple.security.scep': 'a SCEP certificate request',
  'com.apple.security.acme': 'an ACME certificate request',
  'com.apple.security.pkcs12': 'a PKCS #12 identity',
  'com.apple.security.root': 'a root certificate',
  'com.apple.security.pkcs1': 'a certificate',
  'com.apple.security.pem': 'a certificate',
  'com.apple.wifi.managed': 'Wi-Fi settings',
  'com.apple.vpn.managed': 'VPN settings',
  'com.apple.applicationaccess': 'restrictions',
  'com.apple.mdmclient': 'MDM client settings',
  'com.apple.system.logging': 'logging settings',
};

export function classifyProfile(root: PlistValue, findings: FindingCollector): Classification {
  if (!isDict(root)) throw new BenchError('PROFILE_UNREADABLE', 'the property list is not a dictionary, so it is not a configuration profile');
  const payloadDicts = readPayloads(root, findings);
  const payloads = payloadDicts.map(summarise);
  checkProfileHygiene(root, payloadDicts, findings);

  const topType = stringAt(root, 'PayloadType');
  if (topType !== 'Configuration') {
    findings.add(
      'PROFILE_NOT_CONFIGURATION',
      topType === null ? 'The profile has no PayloadType; a profile must be of type "Configuration".' : `The profile's PayloadType is "${topType.slice(0, 60)}", not "Configuration".`,
    );
  }
  const mdmIndexes = payloads.flatMap((p, i) => (p.type === 'com.apple.mdm' ? [i] : []));
  const isEnrollmentProfile = topType === 'Configuration' || topType === null ? mdmIndexes.length > 0 : false;
  let enrollment: EnrollmentInfo | null = null;
  if (isEnrollmentProfile) {
    if (mdmIndexes.length > 1) findings.add('PROFILE_MDM_MULTIPLE', `The profile has ${mdmIndexes.length} MDM payloads; a Mac can enrol with only one.`);
    enrollment = checkEnrollment(root, payloadDicts, mdmIndexes[0] as number, findings);
  }
  const dates = expiryDates(root, findings);
  if (isEnrollmentProfile && (dates.removalDate !== null || root.has('DurationUntilRemoval'))) {
    findings.add('PROFILE_AUTO_REMOVAL', 'The profile removes itself after a set time (RemovalDate or DurationUntilRemoval): the Mac would leave management then.');
  }
  return {
    identifier: stringAt(root, 'PayloadIdentifier'),
    uuid: stringAt(root, 'PayloadUUID'),
    displayName: stringAt(root, 'PayloadDisplayName'),
    organization: stringAt(root, 'PayloadOrganization'),
    description: stringAt(root, 'PayloadDescription'),
    payloads,
    isEnrollmentProfile,
    notEnrollmentReason: isEnrollmentProfile ? null : notEnrollmentReason(root, topType, payloads),
    enrollment,
    ...dates,
  };
}

function readPayloads(root: PlistDict, findings: FindingCollector): PlistDict[] {
  const content = root.get('PayloadContent');
  if (!isArray(content)) {
    findings.add(
      'PROFILE_PAYLOAD_CONTENT_MISSING',
      content === undefined ? 'The profile has no PayloadContent: it carries no payloads.' : 'The profile\'s PayloadContent is not an array of payloads.',
    );
    return [];
  }
  const dicts: PlistDict[] = [];
  content.forEach((item, index) => {
    if (isDict(item)) dicts.push(item);
    else findings.add('PROFILE_PAYLOAD_NOT_DICT', `PayloadContent[${index}] is not a payload (a dictionary); it was ignored.`);
  });
  return dicts;
}

function summarise(payload: PlistDict): PayloadSummary {
  return {
    type: stringAt(payload, 'PayloadType') ?? '',
    identifier: stringAt(payload, 'PayloadIdentifier'),
    uuid: stringAt(payload, 'PayloadUUID'),
    displayName: stringAt(payload, 'PayloadDisplayName'),
  };
}

function notEnrollmentReason(root: PlistDict, topType: string | null, payloads: readonly PayloadSummary[]): string {
  if (topType === 'Profile Service') {
    return 'It is an over-the-air Profile Service request (it asks a device for its details); it does not enrol a Mac.';
  }
  if (topType !== 'Configuration' && topType !== null) return `Its PayloadType is "${topType.slice(0, 60)}", not "Configuration".`;
  if (!isArray(root.get('PayloadContent'))) return 'It carries no payloads (PayloadContent is missing), so nothing in it enrols a Mac.';
  const kinds = [...new Set(payloads.map((p) => PAYLOAD_KINDS[p.type] ?? (p.type === '' ? 'a payload without a type' : p.type.slice(0, 60))))];
  const contains = kinds.length === 0 ? 'it has no payloads' : `it contains ${kinds.join(', ')}`;
  if (payloads.some((p) => p.type === 'com.apple.mdmclient')) {
    return `It has no MDM enrollment payload (com.apple.mdm): com.apple.mdmclient only configures the MDM client; ${contains}.`;
  }
  return `It has no MDM enrollment payload (com.apple.mdm); ${contains}.`;
}

function expiryDates(root: PlistDict, findings: FindingCollector): { payloadExpirationDate: string | null; removalDate: string | null } {
  const read = (key: string): string | null => {
    const value = root.get(key);
    if (value === undefined) return null;
    if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : null;
    // A date written as a string: honour it if it parses (the safe side for expiry), but say so.
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    findings.add('PROFILE_VALUE_TYPE', `${key} should be a <date>${Number.isFinite(ms) ? '; the text was read as a date' : ' and was ignored'}.`);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  };
  return { payloadExpirationDate: read('PayloadExpirationDate'), removalDate: read('RemovalDate') };
}
