import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProfile } from '../../../src/main/profiles/inspect-profile';
import { BenchError } from '../../../src/shared/errors';
import type { ProfileInspection } from '../../../src/shared/models/profile';
import { evaluateProfile } from '../../../src/shared/rules/profile-evaluation';
import { enrollmentProfile, fixtureFile } from '../../support/profile-fixtures';
import {
  makeOpensslCredentials,
  makeSigner,
  opensslAvailable,
  opensslVerifies,
  pkcs7Pem,
  signWithForge,
  signWithOpenssl,
  writeCredentials,
  type Signer,
} from '../../support/signing';
import { tempDir } from '../../support/temp';

// Signed profiles generated here, each inspected by the bench and, where openssl can read the
// file, checked against `openssl cms -verify -binary -noverify`: the two must agree.
//
// Two clocks, and neither may be today's date written down. node-forge takes the signing time it is
// given, so those cases pin NOW. `openssl cms -sign` (3.0) has no option for it and always signs at
// the machine's real time, so the openssl cases derive their "now" from that real time (OPENSSL_NOW)
// and their signer is valid around it: they pass on any day, and under `faketime`, which shifts the
// clock of node and of the openssl it spawns alike.

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const OPENSSL_NOW = Date.now();
const daysAgo = (n: number) => new Date(NOW - n * DAY);
/** The file-system evidence of a file copied long after its download: only the signature can date it. */
const COPIED_TODAY = { birthTimeMs: NOW - 60_000, modifiedTimeMs: NOW - 60_000, firstSeenMs: NOW };

const dir = tempDir('eb-cms-');
afterAll(() => dir.cleanup());

let signer: Signer;
const content = enrollmentProfile({ displayName: 'Contoso Mac enrollment' });

beforeAll(() => {
  signer = makeSigner({ notBefore: daysAgo(300), notAfter: new Date(NOW + 300 * DAY) });
});

function inspect(bytes: Uint8Array, now = NOW): ProfileInspection {
  return evaluateProfile(readProfile(bytes, COPIED_TODAY), now, 72);
}

let fileCount = 0;
/** Write the bytes to a file and ask openssl for its verdict. */
function referee(bytes: Uint8Array, inform: 'DER' | 'PEM'): boolean {
  const file = path.join(dir.path, `signed-${++fileCount}.mobileconfig`);
  fs.writeFileSync(file, bytes);
  return opensslVerifies(file, inform);
}

const codes = (findings: readonly { code: string }[]) => findings.map((f) => f.code);

describe('signed profiles made with node-forge', () => {
  it.each([
    [1, 'valid', 13 * DAY],
    [13, 'expiring', DAY],
    [15, 'expired', -DAY],
  ] as const)('signed %i days ago: expiry from the CMS signing time is %s', (days, status, remainingMs) => {
    const der = signWithForge(content, signer, daysAgo(days));
    const inspection = inspect(der);
    expect(inspection.format).toBe('cms-der');
    expect(inspection.signed).toBe(true);
    expect(inspection.signature).toMatchObject({
      status: 'verified',
      valid: true,
      digestValid: true,
      signatureValid: true,
      encoding: 'der',
      signingTime: daysAgo(days).toISOString(),
      signerSubject: 'CN=IOSProfileSigning.manage.microsoft.com, O=Microsoft Corporation, C=US',
      signerIssuer: 'CN=Enrollment Bench Test CA',
      signerNotAfter: new Date(NOW + 300 * DAY).toISOString(),
    });
    expect(inspection.expiry).toMatchObject({ basis: 'cms-signing-time', downloadedAt: daysAgo(days).toISOString(), status, remainingMs });
    expect(inspection.usable).toBe(status !== 'expired');
    expect(inspection.errors).toEqual([]);
    expect(referee(der, 'DER')).toBe(true);
  });

  it('reads the PEM-armoured form (PKCS7) the same way', () => {
    const pem = pkcs7Pem(signWithForge(content, signer, daysAgo(1)));
    const inspection = inspect(pem);
    expect(inspection.format).toBe('cms-pem');
    expect(inspection.signature?.valid).toBe(true);
    expect(inspection.displayName).toBe('Contoso Mac enrollment');
    expect(referee(pem, 'PEM')).toBe(true);
  });

  it('reports content changed after signing as a digest mismatch, and still inspects it', () => {
    const der = signWithForge(content, signer, daysAgo(1));
    const at = der.indexOf('Contoso Mac enrollment');
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(der);
    tampered.write('Contoso Mac enrolment!', at, 'latin1');
    const inspection = inspect(tampered);
    expect(inspection.signature).toMatchObject({ status: 'invalid', valid: false, digestValid: false, signatureValid: true });
    expect(codes(inspection.errors)).toEqual(['CMS_DIGEST_MISMATCH']);
    expect(inspection.displayName).toBe('Contoso Mac enrolment!');
    expect(inspection.usable).toBe(false);
    expect(referee(tampered, 'DER')).toBe(false);
  });

  it('reports a damaged signature value as an invalid signature', () => {
    const der = Buffer.from(signWithForge(content, signer, daysAgo(1)));
    // forge writes the SignerInfo last, so the file ends with the signature value.
    der[der.length - 1] = (der[der.length - 1] as number) ^ 0x01;
    const inspection = inspect(der);
    expect(inspection.signature).toMatchObject({ status: 'invalid', valid: false, digestValid: true, signatureValid: false });
    expect(codes(inspection.errors)).toEqual(['CMS_SIGNATURE_INVALID']);
    expect(referee(der, 'DER')).toBe(false);
  });

  it('warns about an expired signer certificate but still verifies the signature (like openssl -noverify)', () => {
    const expired = makeSigner({ notBefore: daysAgo(400), notAfter: daysAgo(10) });
    const der = signWithForge(content, expired, daysAgo(1));
    const inspection = inspect(der);
    expect(inspection.signature).toMatchObject({ status: 'verified', valid: true, signerNotAfter: daysAgo(10).toISOString() });
    expect(codes(inspection.warnings)).toContain('CMS_SIGNER_EXPIRED');
    expect(inspection.errors).toEqual([]);
    expect(inspection.usable).toBe(true);
    expect(referee(der, 'DER')).toBe(true);
  });

  it('reads a damaged wrapper whose XML is intact as "signature unreadable", inspecting the content', () => {
    const der = signWithForge(content, signer, daysAgo(1));
    const cut = der.subarray(0, der.indexOf('</plist>') + '</plist>'.length + 40);
    const inspection = inspect(cut);
    expect(inspection.format).toBe('cms-der');
    expect(inspection.signed).toBe(true);
    expect(inspection.signature).toMatchObject({ status: 'unreadable', valid: false, signingTime: null });
    expect(codes(inspection.errors)).toEqual(['CMS_SIGNATURE_UNREADABLE']);
    expect(inspection.isEnrollmentProfile).toBe(true);
    expect(inspection.enrollment?.serverUrl).toBe('https://mdm.contoso.example/mdm/server');
    // Without a readable signing time, the file's own dates are the basis.
    expect(inspection.expiry.basis).toBe('birth-time');
    expect(referee(cut, 'DER')).toBe(false);
  });

  it('reads a binary property list inside the signature', () => {
    const der = signWithForge(fixtureFile('acme-enrollment-non-ascii.binary.mobileconfig'), signer, daysAgo(1));
    const inspection = inspect(der);
    expect(inspection.signature?.valid).toBe(true);
    expect(inspection.displayName).toBe('Mac-Registrierung Zürich');
    expect(inspection.enrollment).toMatchObject({ identity: 'acme', minMacOS: '14.0' });
  });
});

describe.skipIf(!opensslAvailable)('signed profiles made with the openssl command line', () => {
  // openssl signs at the real time: inspect at that time, with a signer valid around it.
  let credentials: { certFile: string; keyFile: string };
  const inspectNow = (bytes: Uint8Array, now = Date.now()): ProfileInspection => evaluateProfile(readProfile(bytes, {
    birthTimeMs: now - 60_000, modifiedTimeMs: now - 60_000, firstSeenMs: now,
  }), now, 72);
  beforeAll(() => {
    const realSigner = makeSigner({ notBefore: new Date(OPENSSL_NOW - 300 * DAY), notAfter: new Date(OPENSSL_NOW + 300 * DAY) });
    credentials = writeCredentials(dir.path, realSigner, 'real-time-signer');
  });
  const cases: Array<[string, () => Buffer, 'DER' | 'PEM', Partial<NonNullable<ProfileInspection['signature']>>]> = [
    ['DER', () => signWithOpenssl(dir.path, content, credentials), 'DER', { status: 'verified', encoding: 'der', digestValid: true }],
    ['BER with indefinite lengths (-stream)', () => signWithOpenssl(dir.path, content, credentials, { stream: true }), 'DER', { status: 'verified', encoding: 'ber' }],
    ['PEM ("CMS" armour)', () => signWithOpenssl(dir.path, content, credentials, { outform: 'PEM' }), 'PEM', { status: 'verified' }],
    ['ECDSA P-256', () => signWithOpenssl(dir.path, content, makeOpensslCredentials(dir.path, 'ec')), 'DER', { status: 'verified', signerSubject: 'CN=EC Profile Signer, O=Enrollment Bench Tests' }],
    ['DSA', () => signWithOpenssl(dir.path, content, makeOpensslCredentials(dir.path, 'dsa')), 'DER', { status: 'verified', signerSubject: 'CN=DSA Profile Signer, O=Enrollment Bench Tests' }],
    ['a SHA3-256 digest', () => signWithOpenssl(dir.path, content, credentials, { extra: ['-md', 'sha3-256'] }), 'DER', { status: 'verified', digestValid: true }],
    ['RSA-PSS', () => signWithOpenssl(dir.path, content, credentials, { extra: ['-keyopt', 'rsa_padding_mode:pss'] }), 'DER', { status: 'verified' }],
    ['a signer named by its key identifier (-keyid)', () => signWithOpenssl(dir.path, content, credentials, { extra: ['-keyid'] }), 'DER', { status: 'verified' }],
    ['no signed attributes (-noattr): the signature covers the content', () => signWithOpenssl(dir.path, content, credentials, { extra: ['-noattr'] }), 'DER', { status: 'verified', digestValid: null, signingTime: null }],
    ['no certificates (-nocerts)', () => signWithOpenssl(dir.path, content, credentials, { extra: ['-nocerts'] }), 'DER', { status: 'invalid', valid: false }],
  ];

  it.each(cases)('%s: the bench and openssl agree', (_name, make, inform, expected) => {
    const bytes = make();
    const inspection = inspectNow(bytes);
    expect(inspection.signature).toMatchObject(expected);
    expect(inspection.signature?.valid).toBe(referee(bytes, inform));
    expect(inspection.isEnrollmentProfile).toBe(true);
  });

  it('a signature without the signer’s certificate says so', () => {
    const inspection = inspectNow(signWithOpenssl(dir.path, content, credentials, { extra: ['-nocerts'] }));
    expect(inspection.errors.map((f) => f.code)).toEqual(['CMS_SIGNER_CERT_MISSING']);
    expect(inspection.signature).toMatchObject({ signerSubject: null, signatureValid: false });
  });

  it('a digest algorithm the bench does not know is "unsupported", never "verified" (openssl cannot check it either)', () => {
    const der = signWithOpenssl(dir.path, content, credentials);
    // Rewrite every sha256 OID (2.16.840.1.101.3.4.2.1) into an unassigned arc of the same length.
    const sha256 = Buffer.from('0609608648016503040201', 'hex');
    const unknown = Buffer.from('060960864801650304027f', 'hex');
    const patched = Buffer.from(der);
    for (let at = patched.indexOf(sha256); at !== -1; at = patched.indexOf(sha256, at + 1)) unknown.copy(patched, at);
    const inspection = inspectNow(patched);
    expect(inspection.signature).toMatchObject({ status: 'unsupported', valid: false, digestValid: null, signatureValid: null });
    expect(inspection.warnings.map((f) => f.code)).toEqual(['CMS_ALGORITHM_UNSUPPORTED']);
    expect(inspection.errors).toEqual([]);
    expect(referee(patched, 'DER')).toBe(false);
  });

  it('the -stream output really is BER with indefinite lengths', () => {
    const ber = signWithOpenssl(dir.path, content, credentials, { stream: true });
    expect(ber[0]).toBe(0x30);
    expect(ber[1]).toBe(0x80);
  });

  it('takes the download time from the signing time openssl wrote', () => {
    const before = Date.now();
    const inspection = inspectNow(signWithOpenssl(dir.path, content, credentials), Date.now());
    expect(inspection.expiry.basis).toBe('cms-signing-time');
    // openssl writes UTCTime with whole seconds.
    expect(Date.parse(inspection.expiry.downloadedAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('a detached signature holds no profile: PROFILE_UNREADABLE', () => {
    const detached = signWithOpenssl(dir.path, content, credentials, { detached: true });
    expect(() => inspectNow(detached)).toThrow(expect.objectContaining({ code: 'PROFILE_UNREADABLE' }) as BenchError);
  });
});
