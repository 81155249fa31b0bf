import { BenchError } from '../../shared/errors';
import type { ProfileFindingCode } from '../../shared/rules/profile-findings';
import { isBinaryPlist, readBinaryPlist } from './binary-plist';
import { FindingCollector } from './finding-collector';
import { isDict, type PlistValue } from './plist-value';
import { readXmlPlist } from './xml-plist';

// The one property-list reader of the bench, XML or binary, fuzzed with the profile corpus.
//
// Tolerant (profiles): keeps going where the meaning is still clear and records each problem as a
// finding; stops with PROFILE_UNREADABLE only where the structure is lost.
//
// Strict (discovery: SystemVersion.plist on a target, `diskutil info -plist`): the same reader,
// but any finding the caller has not said it tolerates ends the read with a PlistError, which the
// caller turns into its own verdict. Values come back as plain objects (null prototype, so a
// "__proto__" key stays data) because that is what the device code reads.

/** Read an XML or binary property list, reporting every problem as a finding. */
export function readPlist(bytes: Uint8Array, findings: FindingCollector): PlistValue {
  return isBinaryPlist(bytes) ? readBinaryPlist(bytes, findings) : readXmlPlist(bytes, findings);
}

export class PlistError extends Error {
  override readonly name = 'PlistError';
}

export type PlainPlistValue = string | number | boolean | Date | Uint8Array | null | PlainPlistValue[] | { [key: string]: PlainPlistValue };

export interface StrictPlistOptions {
  /** Findings that do not end the read (e.g. a dangling <key>, which real system files have). */
  readonly tolerate?: readonly ProfileFindingCode[];
}

class StrictFindings extends FindingCollector {
  constructor(private readonly tolerated: ReadonlySet<ProfileFindingCode>) {
    super();
  }

  override add(code: ProfileFindingCode, message: string): void {
    if (!this.tolerated.has(code)) throw new PlistError(message);
    super.add(code, message);
  }
}

/** Read a property list that must be well formed; throws PlistError on anything doubtful. */
export function readPlistStrict(data: Uint8Array | string, options: StrictPlistOptions = {}): PlainPlistValue {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  let value: PlistValue;
  try {
    value = readPlist(bytes, new StrictFindings(new Set(options.tolerate ?? [])));
  } catch (error) {
    if (error instanceof BenchError) throw new PlistError(error.detail ?? error.message);
    throw error;
  }
  return toPlain(value);
}

function toPlain(value: PlistValue): PlainPlistValue {
  if (Array.isArray(value)) return value.map(toPlain);
  if (isDict(value)) {
    const dict = Object.create(null) as { [key: string]: PlainPlistValue };
    for (const [key, item] of value) dict[key] = toPlain(item);
    return dict;
  }
  return value;
}

export function isPlainDict(value: PlainPlistValue | undefined): value is { [key: string]: PlainPlistValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
