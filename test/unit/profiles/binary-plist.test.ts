import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../src/shared/errors';
import { MAX_BINARY_PLIST_VALUES, readBinaryPlist } from '../../../src/main/profiles/binary-plist';
import { FindingCollector } from '../../../src/main/profiles/finding-collector';
import { readXmlPlist } from '../../../src/main/profiles/xml-plist';
import { corpusFile, fixtureFile } from '../../support/profile-fixtures';

const readBinary = (bytes: Uint8Array) => {
  const findings = new FindingCollector();
  return { value: readBinaryPlist(bytes, findings), findings: findings.list() };
};
const readXml = (bytes: Uint8Array) => readXmlPlist(bytes, new FindingCollector());

/**
 * A hand-assembled bplist00: `objects` are the encoded objects in order (object n is referenced as
 * n), one-byte offsets and references, top object 0.
 */
function bplist(objects: number[][], overrides: { top?: number; tableOffset?: number } = {}): Uint8Array {
  const header = [...Buffer.from('bplist00')];
  const offsets: number[] = [];
  const body: number[] = [];
  for (const object of objects) {
    offsets.push(header.length + body.length);
    body.push(...object);
  }
  const tableOffset = overrides.tableOffset ?? header.length + body.length;
  const u64 = (n: number) => [0, 0, 0, 0, 0, 0, (n >> 8) & 0xff, n & 0xff];
  const trailer = [0, 0, 0, 0, 0, 0, 1, 1, ...u64(objects.length), ...u64(overrides.top ?? 0), ...u64(tableOffset)];
  return new Uint8Array([...header, ...body, ...offsets, ...trailer]);
}

function unreadable(bytes: Uint8Array): string {
  try {
    readBinary(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).code).toBe('PROFILE_UNREADABLE');
    return (error as BenchError).detail ?? '';
  }
  throw new Error('expected PROFILE_UNREADABLE');
}

describe('the binary property list reader', () => {
  it('reads what Python plistlib wrote exactly as the XML it came from (UTF-16 text, dates, reals)', () => {
    const { value, findings } = readBinary(fixtureFile('acme-enrollment-non-ascii.binary.mobileconfig'));
    expect(findings).toEqual([]);
    expect(value).toEqual(readXml(fixtureFile('acme-enrollment-non-ascii.xml.mobileconfig')));
    expect((value as Map<string, unknown>).get('PayloadDescription')).toBe('Gerät ohne Benutzeraffinität registrieren — 東京 office 🍏');
  });

  it('reads a real enrollment profile converted to binary', () => {
    expect(readBinary(fixtureFile('nanomdm_enroll.binary.mobileconfig')).value).toEqual(readXml(corpusFile('nanomdm_enroll.mobileconfig')));
  });

  it('reads a hand-made dictionary and reports a duplicated key', () => {
    // {A: true, A: 5}: dict with two key refs (1, 1) and two value refs (2, 3).
    const bytes = bplist([[0xd2, 1, 1, 2, 3], [0x51, 0x41], [0x09], [0x10, 5]]);
    const { value, findings } = readBinary(bytes);
    expect(value).toEqual(new Map([['A', 5]]));
    expect(findings.map((f) => f.code)).toEqual(['PROFILE_DUPLICATE_KEY']);
  });

  it.each([
    ['an array that contains itself', bplist([[0xa1, 0]]), /contains itself/],
    ['a reference outside the object table', bplist([[0xa1, 7]]), /outside the object table/],
    ['a top object outside the table', bplist([[0x09]], { top: 4 }), /trailer is damaged/],
    ['an offset table outside the file', bplist([[0x09]], { tableOffset: 250 }), /offset table lies outside/],
    ['a string running past the object area', bplist([[0x5f, 0x10, 200]]), /runs past/],
    ['an unknown object type', bplist([[0xb0]]), /unknown object type/],
    ['a file too short to hold a trailer', new Uint8Array(Buffer.from('bplist00\x09')), /too short/],
  ])('refuses %s with PROFILE_UNREADABLE', (_name, bytes, detail) => {
    expect(unreadable(bytes)).toMatch(detail);
  });

  it('refuses shared references that would expand exponentially, instead of expanding them', () => {
    // Object i is [i+1, i+1] for 40 levels: 2^40 values if expanded.
    const levels = 40;
    const objects = Array.from({ length: levels }, (_, i) => [0xa2, i + 1, i + 1]);
    objects.push([0x09]);
    expect(unreadable(bplist(objects))).toContain(`more than ${MAX_BINARY_PLIST_VALUES} values`);
  });

  it('refuses a truncated real file', () => {
    const bytes = fixtureFile('nanomdm_enroll.binary.mobileconfig');
    expect(unreadable(bytes.subarray(0, bytes.length - 40))).not.toBe('');
  });
});
