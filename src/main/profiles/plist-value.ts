// The values a property list holds, as both readers (XML and binary) produce them. A dictionary is
// a Map so that keys such as "__proto__" stay plain data. An invalid <date> is a Date whose time is
// NaN and an invalid <integer> is NaN: the reader has already reported it.
export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | PlistDict | null;
export type PlistDict = Map<string, PlistValue>;

/** Deeper than any real profile (about 9 levels) by a wide margin; stops stack exhaustion. */
export const MAX_PLIST_DEPTH = 64;

/** 0001-01-01 to 9999-12-31: the dates an ISO 8601 timestamp (and the contract) can carry. */
export function isRepresentableDate(date: Date): boolean {
  const ms = date.getTime();
  return Number.isFinite(ms) && ms >= -62_135_596_800_000 && ms <= 253_402_300_799_999;
}

export const isDict = (value: PlistValue | undefined): value is PlistDict => value instanceof Map;
export const isArray = (value: PlistValue | undefined): value is PlistValue[] => Array.isArray(value);

export function stringAt(dict: PlistDict, key: string): string | null {
  const value = dict.get(key);
  return typeof value === 'string' ? value : null;
}

/** A key path for messages: PayloadContent[1].Subject. Keys only, never values. */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the top level';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

/** Describe a value's type for messages (never its content). */
export function plistTypeName(value: PlistValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  if (value instanceof Date) return 'a date';
  if (value instanceof Uint8Array) return 'data';
  if (Array.isArray(value)) return 'an array';
  return 'a dictionary';
}
