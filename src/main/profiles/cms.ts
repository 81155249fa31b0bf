import crypto from 'node:crypto';
import forge from 'node-forge';
import type { SignatureInfo } from '../../shared/models/profile';
import type { ProfileFindingCode } from '../../shared/rules/profile-findings';

// CMS/PKCS#7 SignedData as Intune and Apple sign profiles (RFC 5652). node-forge parses the
// ASN.1, in DER or in BER with indefinite lengths. Its pkcs7 module cannot be used for the rest:
// it leaves msg.content empty for SignedData, has no verify(), and throws on any certificate whose
// key is not RSA. So the structure is walked here, the encapsulated content is collected (BER may
// split it into many OCTET STRING chunks), and the message digest and the signature over the
// DER-encoded signed attributes are checked with node:crypto (RSA PKCS#1 v1.5, RSA-PSS, ECDSA, DSA,
// Ed25519). Like `openssl cms -verify -noverify`, the certificate chain is not evaluated: the
// bench reports who signed, whether the bytes are intact, and the signer's validity dates.

const asn1 = forge.asn1;
type Node = forge.asn1.Asn1;

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  subjectKeyIdentifier: '2.5.29.14',
  rsaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ed25519: '1.3.101.112',
} as const;

const DIGESTS: Readonly<Record<string, string>> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.8': 'sha3-256',
  '2.16.840.1.101.3.4.2.9': 'sha3-384',
  '2.16.840.1.101.3.4.2.10': 'sha3-512',
};
const RSA_PKCS1 = new Set([
  '1.2.840.113549.1.1.1', // rsaEncryption, the usual choice in CMS
  '1.2.840.113549.1.1.5',
  '1.2.840.113549.1.1.11',
  '1.2.840.113549.1.1.12',
  '1.2.840.113549.1.1.13',
  '1.2.840.113549.1.1.14',
]);
// ECDSA and DSA signatures are DER-encoded (r, s), which is node:crypto's default for both.
const ECDSA_OR_DSA = new Set([
  '1.2.840.10045.2.1',
  '1.2.840.10045.4.1',
  '1.2.840.10045.4.3.1',
  '1.2.840.10045.4.3.2',
  '1.2.840.10045.4.3.3',
  '1.2.840.10045.4.3.4',
  '1.2.840.10040.4.1',
  '1.2.840.10040.4.3',
  '2.16.840.1.101.3.4.3.1',
  '2.16.840.1.101.3.4.3.2',
]);

/** CMS structures are a dozen levels deep; a lower limit than forge's 256 fails nesting bombs sooner. */
const MAX_ASN1_DEPTH = 64;

/** The wrapper could not be read as SignedData; `reason` is technical and free of file content. */
export class CmsUnreadableError extends Error {}

export interface CmsFinding {
  readonly code: ProfileFindingCode;
  readonly message: string;
}

export interface SignedProfile {
  /** The encapsulated content (the profile itself); null for a detached signature. */
  readonly content: Uint8Array | null;
  readonly signature: SignatureInfo;
  readonly signingTimeMs: number | null;
  readonly findings: readonly CmsFinding[];
}

/** A SignerInfo with everything the check needs already decoded: the check itself cannot fail on structure. */
interface SignerInfo {
  readonly sid: { readonly kind: 'issuer-serial'; readonly issuer: string; readonly serial: string } | { readonly kind: 'ski'; readonly ski: string };
  readonly digestOid: string;
  /** The signed attributes as the signature covers them (DER SET OF), or null when there are none. */
  readonly signedAttrsDer: Buffer | null;
  readonly messageDigest: Buffer | null;
  readonly signingTimeMs: number | null;
  readonly signatureOid: string;
  readonly pss: { readonly hash: string; readonly saltLength: number } | null;
  readonly signature: Buffer;
}

interface CertificateFacts {
  readonly der: Buffer;
  readonly issuer: string;
  readonly serial: string;
  readonly ski: string | null;
  readonly notBeforeMs: number | null;
  readonly notAfterMs: number | null;
}

/** Read and check a SignedData; throws CmsUnreadableError when the wrapper cannot be read. */
export function readSignedData(bytes: Uint8Array): SignedProfile {
  let parsed: ReturnType<typeof parseStructure>;
  try {
    parsed = parseStructure(bytes);
  } catch (error) {
    throw new CmsUnreadableError(error instanceof Error ? error.message : String(error));
  }
  return checkSignature(parsed);
}

export const UNREADABLE_SIGNATURE: SignatureInfo = {
  status: 'unreadable',
  signerSubject: null,
  signerIssuer: null,
  signingTime: null,
  signerNotBefore: null,
  signerNotAfter: null,
  digestValid: null,
  signatureValid: null,
  valid: false,
  encoding: 'unknown',
};

function parseStructure(bytes: Uint8Array) {
  const binary = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const buffer = forge.util.createBuffer(binary);
  const fromDer = asn1.fromDer as unknown as (input: forge.util.ByteBuffer, options: object) => Node;
  const root = fromDer(buffer, { strict: true, parseAllBytes: false, decodeBitStrings: false, maxDepth: MAX_ASN1_DEPTH });
  const consumed = binary.length - buffer.length();
  // Strict DER re-encodes to exactly the same bytes; BER (indefinite lengths, chunked strings) does not.
  const encoding: 'der' | 'ber' = asn1.toDer(root).getBytes() === binary.slice(0, consumed) ? 'der' : 'ber';

  const [contentType, explicit] = seq(root, 'ContentInfo');
  if (oid(contentType) !== OID.signedData) throw new Error('not a CMS SignedData');
  const signedData = child(need(explicit, 'content'), 0, 'SignedData');
  const fields = seq(signedData, 'SignedData');
  const encapsulated = seq(fields[2], 'EncapsulatedContentInfo');
  const content = encapsulated[1] ? Buffer.from(octets(child(encapsulated[1], 0, 'eContent')), 'latin1') : null;
  const certificates: Node[] = [];
  let signerInfos: Node | undefined;
  for (const field of fields.slice(3)) {
    if (field.tagClass === asn1.Class.CONTEXT_SPECIFIC && field.type === 0) certificates.push(...list(field));
    else if (field.tagClass === asn1.Class.UNIVERSAL && field.type === asn1.Type.SET) signerInfos = field;
  }
  if (!signerInfos) throw new Error('SignedData has no SignerInfos');
  const signers = list(signerInfos).map(signerInfo);
  return { content, encoding, certificates, signer: signers[0] ?? null };
}

function checkSignature(parsed: ReturnType<typeof parseStructure>): SignedProfile {
  const { content, encoding, signer } = parsed;
  const findings: CmsFinding[] = [];
  const base = { ...UNREADABLE_SIGNATURE, encoding };
  if (!signer) {
    findings.push({ code: 'CMS_SIGNATURE_INVALID', message: 'The signature wrapper holds no signer.' });
    return { content, signature: { ...base, status: 'invalid' }, signingTimeMs: null, findings };
  }
  const certificate = parsed.certificates.map(certificateFacts).find((c) => c !== null && matchesSigner(c, signer)) ?? null;
  const x509 = certificate ? signerIdentity(certificate.der) : null;
  const signingTimeMs = signer.signingTimeMs;
  const digestName = DIGESTS[signer.digestOid];

  let digestValid: boolean | null = null;
  // An unknown digest algorithm leaves the digest unchecked (null): "changed after signing" would be a false claim.
  if (signer.signedAttrsDer && content && digestName !== undefined) {
    digestValid = signer.messageDigest !== null && crypto.createHash(digestName).update(content).digest().equals(signer.messageDigest);
  }
  const signedBytes = signer.signedAttrsDer ?? content;

  let signatureValid: boolean | null = null;
  let status: SignatureInfo['status'];
  if (!x509) {
    signatureValid = false;
    status = 'invalid';
    findings.push({ code: 'CMS_SIGNER_CERT_MISSING', message: "The signer's certificate is missing from the signature or cannot be read." });
  } else if (digestName === undefined || !isSupported(signer.signatureOid) || signedBytes === null) {
    status = 'unsupported';
    findings.push({
      code: 'CMS_ALGORITHM_UNSUPPORTED',
      message: `The signature uses an algorithm the bench cannot check (digest ${signer.digestOid}, signature ${signer.signatureOid}).`,
    });
  } else {
    signatureValid = verifySignature(signer, digestName, signedBytes, x509.publicKey);
    status = signatureValid && digestValid !== false ? 'verified' : 'invalid';
  }
  if (digestValid === false) {
    findings.push({ code: 'CMS_DIGEST_MISMATCH', message: "The profile's content does not match its signature: it was changed after it was signed." });
  }
  if (signatureValid === false && x509) {
    findings.push({ code: 'CMS_SIGNATURE_INVALID', message: "The signature does not match the signer's certificate." });
  }
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    content,
    signingTimeMs,
    findings,
    signature: {
      status,
      signerSubject: x509?.subject ?? null,
      signerIssuer: x509?.issuer ?? null,
      signingTime: iso(signingTimeMs),
      signerNotBefore: iso(certificate?.notBeforeMs ?? null),
      signerNotAfter: iso(certificate?.notAfterMs ?? null),
      digestValid,
      signatureValid,
      valid: status === 'verified',
      encoding,
    },
  };
}

function signerInfo(node: Node): SignerInfo {
  const fields = seq(node, 'SignerInfo');
  const sidNode = need(fields[1], 'SignerIdentifier');
  let index = 3;
  const signedAttrs = fields[3]?.tagClass === asn1.Class.CONTEXT_SPECIFIC && fields[3].type === 0 ? fields[3] : null;
  if (signedAttrs) index += 1;
  const algorithm = seq(fields[index], 'signatureAlgorithm');
  let sid: SignerInfo['sid'];
  if (sidNode.tagClass === asn1.Class.CONTEXT_SPECIFIC && sidNode.type === 0) {
    sid = { kind: 'ski', ski: octets(sidNode) };
  } else {
    const [issuer, serial] = seq(sidNode, 'IssuerAndSerialNumber');
    sid = { kind: 'issuer-serial', issuer: der(need(issuer, 'issuer')), serial: integerBytes(need(serial, 'serialNumber')) };
  }
  const attributes = signedAttrs ? signedAttributes(signedAttrs) : null;
  const signatureOid = oid(algorithm[0]);
  return {
    sid,
    digestOid: oid(seq(fields[2], 'digestAlgorithm')[0]),
    signedAttrsDer: signedAttrs ? signedAttributesDer(signedAttrs) : null,
    messageDigest: attributes?.messageDigest ?? null,
    signingTimeMs: attributes?.signingTimeMs ?? null,
    signatureOid,
    pss: signatureOid === OID.rsaPss ? pssParameters(algorithm[1]) : null,
    signature: Buffer.from(octets(need(fields[index + 1], 'signature')), 'latin1'),
  };
}

function signedAttributes(node: Node): { messageDigest: Buffer | null; signingTimeMs: number | null } {
  let messageDigest: Buffer | null = null;
  let signingTimeMs: number | null = null;
  for (const attribute of list(node)) {
    const [type, values] = seq(attribute, 'Attribute');
    const first = values ? list(values)[0] : undefined;
    if (!first) continue;
    const id = oid(type);
    if (id === OID.messageDigest) messageDigest = Buffer.from(octets(first), 'latin1');
    if (id === OID.signingTime) signingTimeMs = timeOf(first);
  }
  return { messageDigest, signingTimeMs };
}

/** The signature covers the signed attributes DER-encoded as a SET OF, not with their [0] tag. */
function signedAttributesDer(node: Node): Buffer {
  const set = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, list(node));
  return Buffer.from(asn1.toDer(set).getBytes(), 'latin1');
}

function certificateFacts(node: Node): CertificateFacts | null {
  try {
    const tbs = seq(seq(node, 'Certificate')[0], 'TBSCertificate');
    const offset = tbs[0]?.tagClass === asn1.Class.CONTEXT_SPECIFIC ? 1 : 0;
    const validity = seq(tbs[offset + 3], 'Validity');
    let ski: string | null = null;
    const extensions = tbs.find((f) => f.tagClass === asn1.Class.CONTEXT_SPECIFIC && f.type === 3);
    for (const extension of extensions ? list(child(extensions, 0, 'Extensions')) : []) {
      const parts = seq(extension, 'Extension');
      if (oid(parts[0]) === OID.subjectKeyIdentifier) {
        const inner = asn1.fromDer(octets(need(parts[parts.length - 1], 'extnValue')));
        ski = octets(inner);
      }
    }
    return {
      der: Buffer.from(asn1.toDer(node).getBytes(), 'latin1'),
      issuer: der(need(tbs[offset + 2], 'issuer')),
      serial: integerBytes(need(tbs[offset], 'serialNumber')),
      ski,
      notBeforeMs: validity[0] ? timeOf(validity[0]) : null,
      notAfterMs: validity[1] ? timeOf(validity[1]) : null,
    };
  } catch {
    return null;
  }
}

function matchesSigner(certificate: CertificateFacts, signer: SignerInfo): boolean {
  return signer.sid.kind === 'ski'
    ? certificate.ski !== null && certificate.ski === signer.sid.ski
    : certificate.issuer === signer.sid.issuer && certificate.serial === signer.sid.serial;
}

/** Who the signer is and its key; null when node:crypto cannot read the certificate or its key. */
function signerIdentity(bytes: Buffer): { subject: string; issuer: string; publicKey: crypto.KeyObject } | null {
  try {
    const x509 = new crypto.X509Certificate(bytes);
    // publicKey is decoded lazily and throws on a damaged key, so it is read inside the try.
    return { subject: x509.subject.split('\n').join(', '), issuer: x509.issuer.split('\n').join(', '), publicKey: x509.publicKey };
  } catch {
    return null;
  }
}

function isSupported(signatureOid: string): boolean {
  return RSA_PKCS1.has(signatureOid) || ECDSA_OR_DSA.has(signatureOid) || signatureOid === OID.rsaPss || signatureOid === OID.ed25519;
}

function verifySignature(signer: SignerInfo, digestName: string, data: Buffer | Uint8Array, key: crypto.KeyObject): boolean {
  try {
    if (RSA_PKCS1.has(signer.signatureOid)) {
      return crypto.verify(digestName, data, { key, padding: crypto.constants.RSA_PKCS1_PADDING }, signer.signature);
    }
    if (signer.pss) {
      return crypto.verify(signer.pss.hash, data, { key, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: signer.pss.saltLength }, signer.signature);
    }
    if (signer.signatureOid === OID.ed25519) return crypto.verify(null, data, key, signer.signature);
    return crypto.verify(digestName, data, key, signer.signature);
  } catch {
    // A key that does not fit the algorithm, or a malformed signature value: it does not verify.
    return false;
  }
}

/** RSASSA-PSS-params (RFC 4055): defaults SHA-1 and a 20-byte salt. */
function pssParameters(params: Node | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  for (const field of params && Array.isArray(params.value) ? params.value : []) {
    const inner = Array.isArray(field.value) ? field.value[0] : undefined;
    if (!inner) continue;
    if (field.type === 0) hash = DIGESTS[oid(seq(inner, 'hashAlgorithm')[0])] ?? 'unknown';
    if (field.type === 2) saltLength = Number.parseInt(Buffer.from(String(inner.value), 'latin1').toString('hex') || '0', 16);
  }
  return { hash, saltLength };
}

function timeOf(node: Node): number | null {
  if (typeof node.value !== 'string') return null;
  try {
    const date =
      node.type === asn1.Type.UTCTIME ? asn1.utcTimeToDate(node.value) : node.type === asn1.Type.GENERALIZEDTIME ? asn1.generalizedTimeToDate(node.value) : null;
    const ms = date?.getTime();
    return ms !== undefined && Number.isFinite(ms) ? ms : null;
  } catch {
    return null;
  }
}

// ── small ASN.1 helpers: each throws a plain Error naming what was expected ──

function need(node: Node | undefined, what: string): Node {
  if (!node) throw new Error(`${what} is missing`);
  return node;
}

function list(node: Node): Node[] {
  if (!Array.isArray(node.value)) throw new Error('expected a constructed value');
  return node.value;
}

function seq(node: Node | undefined, what: string): Node[] {
  const value = need(node, what);
  if (!Array.isArray(value.value)) throw new Error(`${what} is not a SEQUENCE`);
  return value.value;
}

function child(node: Node, index: number, what: string): Node {
  return need(list(node)[index], what);
}

function oid(node: Node | undefined): string {
  if (!node || node.type !== asn1.Type.OID || typeof node.value !== 'string') throw new Error('expected an OBJECT IDENTIFIER');
  return asn1.derToOid(node.value);
}

/** An OCTET STRING's bytes, joining the chunks of a constructed (BER) one. */
function octets(node: Node): string {
  return typeof node.value === 'string' ? node.value : node.value.map(octets).join('');
}

function der(node: Node): string {
  return asn1.toDer(node).getBytes();
}

/** An INTEGER's magnitude without leading zero bytes, so encodings that differ only there compare equal. */
function integerBytes(node: Node): string {
  if (typeof node.value !== 'string') throw new Error('expected an INTEGER');
  let start = 0;
  while (start < node.value.length - 1 && node.value.charCodeAt(start) === 0) start += 1;
  return node.value.slice(start);
}
