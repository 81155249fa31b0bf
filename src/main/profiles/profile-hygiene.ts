import type { FindingCollector } from './finding-collector';
import { formatPath, isArray, isDict, plistTypeName, stringAt, type PlistDict, type PlistValue } from './plist-value';

// Checks every profile gets, enrollment or not: required keys, UUIDs and identifiers, key types,
// misspelled keys, and template variables that were never filled in. All are findings; none
// stops the reading. Messages name keys and paths; they quote only identifiers and UUIDs, which
// are not secrets.

type Kind = 'string' | 'number' | 'boolean' | 'array' | 'dict' | 'date' | 'data';

/** Keys of the profile and of every payload (Apple's common payload keys). */
const COMMON_KEYS: Readonly<Record<string, Kind>> = {
  PayloadType: 'string',
  PayloadIdentifier: 'string',
  PayloadUUID: 'string',
  PayloadVersion: 'number',
  PayloadDisplayName: 'string',
  PayloadOrganization: 'string',
  PayloadDescription: 'string',
};
const TOP_LEVEL_KEYS: Readonly<Record<string, Kind>> = {
  ...COMMON_KEYS,
  PayloadScope: 'string',
  PayloadRemovalDisallowed: 'boolean',
  PayloadContent: 'array',
  TargetDeviceType: 'number',
  DurationUntilRemoval: 'number',
  ConsentText: 'dict',
  // Typed in classify.ts, which also reads them: listed here for the misspelling check.
  PayloadExpirationDate: 'date',
  RemovalDate: 'date',
};
const PAYLOAD_KEYS: Readonly<Record<string, Kind>> = { ...COMMON_KEYS, PayloadEnabled: 'boolean' };
const MDM_KEYS: Readonly<Record<string, Kind>> = {
  ServerURL: 'string',
  Topic: 'string',
  IdentityCertificateUUID: 'string',
  CheckInURL: 'string',
  AccessRights: 'number',
  SignMessage: 'boolean',
  CheckOutWhenRemoved: 'boolean',
  UseDevelopmentAPNS: 'boolean',
  ServerCapabilities: 'array',
};
const REQUIRED = ['PayloadIdentifier', 'PayloadUUID', 'PayloadVersion'] as const;
const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
/** ${NAME}, $NAME_IN_CAPITALS and {{ name }}: template syntaxes; Apple's own %Variables% are fine. */
const PLACEHOLDER = /\$\{[^}\s]{1,80}\}|\$[A-Z][A-Z0-9_]{3,}|\{\{[^}]{1,80}\}\}/;

export function checkProfileHygiene(root: PlistDict, payloads: readonly PlistDict[], findings: FindingCollector): void {
  checkKeys(root, TOP_LEVEL_KEYS, [], findings, ['PayloadExpirationDate', 'RemovalDate']);
  for (const key of REQUIRED) {
    if (!root.has(key)) findings.add('PROFILE_REQUIRED_KEY_MISSING', `The profile has no ${key}.`);
  }
  const target = root.get('TargetDeviceType');
  if (typeof target === 'number' && target !== 0 && target !== 5) {
    findings.add('PROFILE_TARGET_NOT_MAC', `TargetDeviceType is ${target}: the profile is meant for another kind of device than a Mac (5).`);
  }
  const content = root.get('PayloadContent');
  const positions = new Map<PlistValue, number>(isArray(content) ? content.map((item, i) => [item, i]) : []);
  payloads.forEach((payload) => {
    const path = ['PayloadContent', positions.get(payload) ?? 0];
    const type = stringAt(payload, 'PayloadType');
    if (type === null) findings.add('PROFILE_PAYLOAD_TYPE_MISSING', `${formatPath(path)} has no PayloadType, so macOS cannot tell what it is.`);
    const known = type === 'com.apple.mdm' ? { ...PAYLOAD_KEYS, ...MDM_KEYS } : PAYLOAD_KEYS;
    checkKeys(payload, known, path, findings);
    for (const key of REQUIRED) {
      if (!payload.has(key)) findings.add('PROFILE_REQUIRED_KEY_MISSING', `${formatPath(path)} has no ${key}.`);
    }
    checkSubjectAltName(payload, type, path, findings);
  });
  checkUuids(root, payloads, findings);
  checkIdentifiers(root, payloads, findings);
  findPlaceholders(root, [], findings);
}

function checkKeys(dict: PlistDict, known: Readonly<Record<string, Kind>>, path: (string | number)[], findings: FindingCollector, skipTypes: readonly string[] = []): void {
  const names = Object.keys(known);
  for (const [key, value] of dict) {
    const kind = Object.prototype.hasOwnProperty.call(known, key) ? known[key] : undefined;
    if (kind !== undefined) {
      if (!skipTypes.includes(key) && !hasKind(value, kind)) {
        findings.add('PROFILE_VALUE_TYPE', `${key} in ${formatPath(path)} should be ${article(kind)}, not ${plistTypeName(value)}.`);
      }
      continue;
    }
    const near = key.length >= 6 ? names.find((name) => editDistance(key, name, 2) <= 2) : undefined;
    if (near) findings.add('PROFILE_KEY_MISSPELLED', `Key "${key.slice(0, 60)}" in ${formatPath(path)} looks like a misspelling of "${near}"; macOS ignores it.`);
  }
}

/** SubjectAltName values: names may repeat (string or array of strings), ntPrincipalName may not. */
function checkSubjectAltName(payload: PlistDict, type: string | null, path: (string | number)[], findings: FindingCollector): void {
  const holder = type === 'com.apple.security.scep' ? payload.get('PayloadContent') : type === 'com.apple.security.acme' ? payload : undefined;
  if (!isDict(holder)) return;
  const san = holder.get('SubjectAltName');
  if (san === undefined) return;
  const sanPath = type === 'com.apple.security.scep' ? [...path, 'PayloadContent', 'SubjectAltName'] : [...path, 'SubjectAltName'];
  if (!isDict(san)) {
    findings.add('PROFILE_VALUE_TYPE', `${formatPath(sanPath)} should be a dictionary, not ${plistTypeName(san)}.`);
    return;
  }
  for (const [key, value] of san) {
    const single = key === 'ntPrincipalName';
    const ok = typeof value === 'string' || (!single && isArray(value) && value.every((v) => typeof v === 'string'));
    if (!ok && ['dNSName', 'rfc822Name', 'uniformResourceIdentifier', 'ntPrincipalName'].includes(key)) {
      findings.add(
        'PROFILE_VALUE_TYPE',
        `${key} in ${formatPath(sanPath)} should be ${single ? 'a single string' : 'a string or an array of strings'}, not ${plistTypeName(value)}.`,
      );
    }
  }
}

function checkUuids(root: PlistDict, payloads: readonly PlistDict[], findings: FindingCollector): void {
  const seen = new Set<string>();
  for (const [where, dict] of [['the profile', root] as const, ...payloads.map((p, i) => [`payload ${i + 1}`, p] as const)]) {
    const uuid = stringAt(dict, 'PayloadUUID');
    if (uuid === null) continue;
    if (!UUID.test(uuid)) findings.add('PROFILE_UUID_INVALID', `PayloadUUID "${uuid.slice(0, 60)}" of ${where} is not a UUID.`);
    const normalised = uuid.toUpperCase();
    if (seen.has(normalised)) findings.add('PROFILE_UUID_DUPLICATE', `PayloadUUID "${uuid.slice(0, 60)}" is used more than once.`);
    seen.add(normalised);
  }
}

function checkIdentifiers(root: PlistDict, payloads: readonly PlistDict[], findings: FindingCollector): void {
  const seen = new Set<string>();
  for (const dict of [root, ...payloads]) {
    const identifier = stringAt(dict, 'PayloadIdentifier');
    if (identifier === null) continue;
    const shown = identifier.slice(0, 120);
    if (identifier.split('.').some((part) => part === '')) {
      findings.add('PROFILE_IDENTIFIER_EMPTY_PART', `PayloadIdentifier "${shown}" has an empty part between dots (a template that was filled with nothing?).`);
    }
    if (seen.has(identifier)) findings.add('PROFILE_IDENTIFIER_DUPLICATE', `PayloadIdentifier "${shown}" is used more than once in the profile.`);
    seen.add(identifier);
  }
}

function findPlaceholders(value: PlistValue, path: (string | number)[], findings: FindingCollector): void {
  if (typeof value === 'string') {
    if (PLACEHOLDER.test(value)) findings.add('PROFILE_TEMPLATE_PLACEHOLDER', `The value at ${formatPath(path)} looks like a template variable that was never filled in.`);
  } else if (isArray(value)) {
    value.forEach((item, i) => findPlaceholders(item, [...path, i], findings));
  } else if (isDict(value)) {
    for (const [key, item] of value) findPlaceholders(item, [...path, key], findings);
  }
}

function hasKind(value: PlistValue | undefined, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return isArray(value);
    case 'dict':
      return isDict(value);
    case 'date':
      return value instanceof Date;
    case 'data':
      return value instanceof Uint8Array;
  }
}

function article(kind: Kind): string {
  return { string: 'a string', number: 'a number', boolean: 'a boolean', array: 'an array', dict: 'a dictionary', date: 'a date', data: 'data' }[kind];
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}
