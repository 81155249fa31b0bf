import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';

// Signed profiles made the two ways they are made in the field: node-forge (which lets a test set
// the signing time and the certificate's dates) and the openssl command line (which also writes
// BER with indefinite lengths, PEM, ECDSA, DSA, RSA-PSS, SHA-3, key-identifier signers and detached or
// attribute-less signatures). openssl is also the referee: `openssl cms -verify -noverify`.

export const OPENSSL = '/usr/bin/openssl';
export const opensslAvailable = fs.existsSync(OPENSSL) && spawnSync(OPENSSL, ['version']).status === 0;

export interface Signer {
  readonly cert: forge.pki.Certificate;
  readonly key: forge.pki.rsa.PrivateKey;
  readonly certPem: string;
  readonly keyPem: string;
}

let keyPair: { privateKey: string } | null = null;

/** An RSA signer named like Intune's, valid between the given dates. The key is made once per file. */
export function makeSigner(validity: { notBefore: Date; notAfter: Date }, commonName = 'IOSProfileSigning.manage.microsoft.com'): Signer {
  keyPair ??= crypto.generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(keyPair.privateKey) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = crypto.randomBytes(8).toString('hex').replace(/^[89a-f]/, '1');
  cert.validity.notBefore = validity.notBefore;
  cert.validity.notAfter = validity.notAfter;
  const name = [
    { shortName: 'CN', value: commonName },
    { shortName: 'O', value: 'Microsoft Corporation' },
    { shortName: 'C', value: 'US' },
  ];
  cert.setSubject(name);
  cert.setIssuer([{ shortName: 'CN', value: 'Enrollment Bench Test CA' }]);
  cert.setExtensions([{ name: 'subjectKeyIdentifier' }, { name: 'keyUsage', digitalSignature: true }]);
  cert.sign(key, forge.md.sha256.create());
  return { cert, key, certPem: forge.pki.certificateToPem(cert), keyPem: keyPair.privateKey };
}

/** DER SignedData made by node-forge, with a chosen signing time. */
export function signWithForge(content: Uint8Array, signer: Signer, signingTime: Date): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(Buffer.from(content).toString('binary'));
  p7.addCertificate(signer.cert);
  p7.addSigner({
    key: signer.key,
    certificate: signer.cert,
    digestAlgorithm: forge.pki.oids.sha256 as string,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
      { type: forge.pki.oids.messageDigest as string },
      { type: forge.pki.oids.signingTime as string, value: signingTime as unknown as string },
    ],
  });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** PEM armour as node-forge and older tools write it ("PKCS7"). */
export function pkcs7Pem(der: Uint8Array): Buffer {
  const lines = Buffer.from(der).toString('base64').match(/.{1,64}/g) ?? [];
  return Buffer.from(`-----BEGIN PKCS7-----\n${lines.join('\n')}\n-----END PKCS7-----\n`);
}

export interface OpensslSignOptions {
  readonly outform?: 'DER' | 'PEM';
  /** -stream: BER with indefinite lengths (and chunked content) in DER output. */
  readonly stream?: boolean;
  readonly extra?: readonly string[];
  readonly detached?: boolean;
}

/** Sign `content` with the openssl CLI; `credentials` are PEM files (certificate, key). */
export function signWithOpenssl(dir: string, content: Uint8Array, credentials: { certFile: string; keyFile: string }, options: OpensslSignOptions = {}): Buffer {
  const input = path.join(dir, `content-${crypto.randomBytes(4).toString('hex')}`);
  const output = `${input}.p7`;
  fs.writeFileSync(input, content);
  const args = ['cms', '-sign', '-binary', '-md', 'sha256', '-in', input, '-signer', credentials.certFile, '-inkey', credentials.keyFile];
  args.push('-outform', options.outform ?? 'DER', '-out', output);
  if (!options.detached) args.push('-nodetach');
  if (options.stream) args.push('-stream');
  args.push(...(options.extra ?? []));
  const run = spawnSync(OPENSSL, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${run.stderr}`);
  return fs.readFileSync(output);
}

/** Write a signer's certificate and key as PEM files for openssl. */
export function writeCredentials(dir: string, signer: Signer, name = 'signer'): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  fs.writeFileSync(certFile, signer.certPem);
  fs.writeFileSync(keyFile, signer.keyPem, { mode: 0o600 });
  return { certFile, keyFile };
}

/** A self-signed ECDSA P-256 or DSA signer made by openssl. */
export function makeOpensslCredentials(dir: string, kind: 'ec' | 'dsa'): { certFile: string; keyFile: string } {
  const certFile = path.join(dir, `${kind}.crt`);
  const keyFile = path.join(dir, `${kind}.key`);
  let newkey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  if (kind === 'dsa') {
    const params = path.join(dir, 'dsa-params.pem');
    // 1024-bit parameters: made in a fraction of a second, and enough to exercise the algorithm.
    const made = spawnSync(OPENSSL, ['genpkey', '-genparam', '-algorithm', 'DSA', '-pkeyopt', 'dsa_paramgen_bits:1024', '-out', params], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`openssl genpkey failed: ${made.stderr}`);
    newkey = ['-newkey', `dsa:${params}`];
  }
  const subject = `/CN=${kind.toUpperCase()} Profile Signer/O=Enrollment Bench Tests`;
  const run = spawnSync(OPENSSL, ['req', '-x509', ...newkey, '-nodes', '-subj', subject, '-days', '30', '-keyout', keyFile, '-out', certFile], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`openssl req failed: ${run.stderr}`);
  return { certFile, keyFile };
}

/** The referee: does `openssl cms -verify -binary -noverify` accept the file? */
export function opensslVerifies(file: string, inform: 'DER' | 'PEM'): boolean {
  return spawnSync(OPENSSL, ['cms', '-verify', '-binary', '-noverify', '-inform', inform, '-in', file, '-out', '/dev/null'], { encoding: 'utf8' }).status === 0;
}
