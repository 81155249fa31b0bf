import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/main/profiles/inspect-profile';
import { BenchError } from '../../../src/shared/errors';
import { MAX_PROFILE_BYTES, ProfileInspection } from '../../../src/shared/models/profile';
import { evaluateProfile } from '../../../src/shared/rules/profile-evaluation';
import { CORPUS_DIR, corpusFile, enrollmentProfile, fixtureFile } from '../../support/profile-fixtures';
import { makeSigner, pkcs7Pem, signWithForge } from '../../support/signing';
import { seededRandom } from '../../support/prng';

// Mutated real profiles: truncations, bit flips, spliced bytes, deep nesting and a 50 MB input.
// Every outcome must be an inspection the contract accepts or a BenchError with a profile code,
// never another exception, never an "internal:" defect, and never a hang (the whole file runs in
// a few seconds; vitest's timeout would catch a hang).

const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const EVIDENCE = { birthTimeMs: NOW - 86_400_000, firstSeenMs: NOW };

const random = seededRandom;

type Outcome = 'inspected' | 'PROFILE_UNREADABLE' | 'PROFILE_TOO_LARGE';

function outcome(bytes: Uint8Array): Outcome {
  try {
    const inspection = evaluateProfile(readProfile(bytes, EVIDENCE), NOW, 72);
    const parsed = ProfileInspection.safeParse(inspection);
    if (!parsed.success) throw new Error(`inspection outside the contract: ${parsed.error.message}`);
    return 'inspected';
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    if (error.detail?.startsWith('internal:')) throw new Error(`defect: ${error.detail}`);
    if (error.code !== 'PROFILE_UNREADABLE' && error.code !== 'PROFILE_TOO_LARGE') throw new Error(`unexpected code ${error.code}`);
    return error.code;
  }
}

function mutations(input: Uint8Array, seed: number): Uint8Array[] {
  const next = random(seed);
  const pick = (n: number) => Math.floor(next() * n);
  const out: Uint8Array[] = [];
  // Truncation at evenly spaced points and at a few random ones.
  for (let i = 1; i <= 24; i++) out.push(input.subarray(0, Math.floor((input.length * i) / 25)));
  for (let i = 0; i < 8; i++) out.push(input.subarray(0, pick(input.length)));
  // 1 to 8 bit flips.
  for (let i = 0; i < 48; i++) {
    const copy = new Uint8Array(input);
    for (let f = 0, flips = 1 + pick(8); f < flips; f++) {
      const at = pick(copy.length);
      copy[at] = (copy[at] as number) ^ (1 << pick(8));
    }
    out.push(copy);
  }
  // A run of random bytes spliced in.
  for (let i = 0; i < 12; i++) {
    const at = pick(input.length);
    const junk = Uint8Array.from({ length: 1 + pick(64) }, () => pick(256));
    out.push(new Uint8Array([...input.subarray(0, at), ...junk, ...input.subarray(at + pick(16))]));
  }
  return out;
}

const inputs: Array<[string, () => Uint8Array]> = [
  ...fs
    .readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.mobileconfig'))
    .sort()
    .map((f): [string, () => Uint8Array] => [f, () => corpusFile(f)]),
  ['acme-enrollment-non-ascii.xml.mobileconfig', () => fixtureFile('acme-enrollment-non-ascii.xml.mobileconfig')],
  ['acme-enrollment-non-ascii.binary.mobileconfig', () => fixtureFile('acme-enrollment-non-ascii.binary.mobileconfig')],
  ['nanomdm_enroll.binary.mobileconfig', () => fixtureFile('nanomdm_enroll.binary.mobileconfig')],
];

let signedDer: Uint8Array;
beforeAll(() => {
  const signer = makeSigner({ notBefore: new Date(NOW - 100 * 86_400_000), notAfter: new Date(NOW + 100 * 86_400_000) });
  signedDer = signWithForge(enrollmentProfile(), signer, new Date(NOW - 86_400_000));
});

describe('fuzzing the profile reader', () => {
  it.each(inputs.map(([name, load], index) => [name, load, index] as const))('mutations of %s end in a result or a coded error', (_name, load, index) => {
    const results = mutations(load(), 1000 + index).map(outcome);
    expect(results.length).toBeGreaterThan(80);
  });

  it('mutations of a signed profile (DER and PEM) end in a result or a coded error', () => {
    const results = [...mutations(signedDer, 7), ...mutations(pkcs7Pem(signedDer), 8)].map(outcome);
    // Many mutations leave the XML readable inside a damaged wrapper: those must be inspected.
    expect(results).toContain('inspected');
    expect(results).toContain('PROFILE_UNREADABLE');
  });

  it.each([
    ['100,000 nested XML arrays', () => Buffer.from(`<plist>${'<array>'.repeat(100_000)}${'</array>'.repeat(100_000)}</plist>`)],
    ['100,000 nested XML dictionaries', () => Buffer.from(`<plist>${'<dict><key>a</key>'.repeat(100_000)}</plist>`)],
    ['100,000 nested indefinite-length DER sequences', () => Buffer.concat([Buffer.from('3080'.repeat(100_000), 'hex'), Buffer.alloc(200_000)])],
    ['a PEM armour around 100,000 nested sequences', () => pkcs7Pem(Buffer.from('3080'.repeat(100_000) + '0000'.repeat(100_000), 'hex'))],
  ])('%s are refused as unreadable', (_name, make) => {
    expect(outcome(make())).toBe('PROFILE_UNREADABLE');
  });

  it('a 50 MB input is refused as too large before it is parsed', () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x20);
    big.write('<?xml version="1.0"?><plist><dict>', 0);
    expect(outcome(big)).toBe('PROFILE_TOO_LARGE');
    // The limit itself is inclusive.
    expect(outcome(Buffer.alloc(MAX_PROFILE_BYTES + 1, 0x20))).toBe('PROFILE_TOO_LARGE');
  });

  it('a valid profile padded to just under the limit is still read', () => {
    const xml = enrollmentProfile().toString('utf8');
    const padded = xml.replace('</plist>', `<!--${' '.repeat(MAX_PROFILE_BYTES - xml.length - 8)}-->\n</plist>`);
    expect(Buffer.byteLength(padded)).toBeLessThanOrEqual(MAX_PROFILE_BYTES);
    expect(outcome(Buffer.from(padded))).toBe('inspected');
  });
});
