import { BenchError } from '../../shared/errors';
import type { ProfileFormat, SignatureInfo } from '../../shared/models/profile';
import { isBinaryPlist } from './binary-plist';
import { CmsUnreadableError, readSignedData, UNREADABLE_SIGNATURE } from './cms';
import type { FindingCollector } from './finding-collector';

// What kind of file this is, and the property list inside it. Sniffed from the bytes, never from
// the file name: XML plist, binary plist, CMS in DER/BER, or CMS armoured in PEM.

export interface UnwrappedProfile {
  readonly format: ProfileFormat;
  /** The property list bytes: the file itself, or the content of its signature wrapper. */
  readonly plist: Uint8Array;
  readonly signature: SignatureInfo | null;
  readonly signingTimeMs: number | null;
}

const PEM = /-----BEGIN (PKCS7|CMS|PKCS #7 SIGNED DATA)-----([\s\S]*?)(?:-----END \1-----|$)/;
const PEM_BODY = /^[A-Za-z0-9+/=\s]*$/;

export function unwrapProfile(bytes: Uint8Array, findings: FindingCollector): UnwrappedProfile {
  if (isBinaryPlist(bytes)) return { format: 'binary-plist', plist: bytes, signature: null, signingTimeMs: null };
  if (bytes[0] === 0x30) return unwrapSigned(bytes, 'cms-der', findings);
  const start = firstSignificantByte(bytes);
  if (startsWith(bytes, start, '-----BEGIN')) return unwrapSigned(pemToDer(bytes), 'cms-pem', findings);
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16 || bytes[start] === 0x3c /* < */) return { format: 'xml', plist: bytes, signature: null, signingTimeMs: null };
  throw new BenchError('PROFILE_UNREADABLE', 'neither a property list (XML or binary) nor a CMS signature');
}

function unwrapSigned(der: Uint8Array, format: 'cms-der' | 'cms-pem', findings: FindingCollector): UnwrappedProfile {
  try {
    const signed = readSignedData(der);
    if (signed.content === null) {
      throw new BenchError('PROFILE_UNREADABLE', 'a detached signature: the profile itself is not in this file');
    }
    for (const f of signed.findings) findings.add(f.code, f.message);
    return { format, plist: signed.content, signature: signed.signature, signingTimeMs: signed.signingTimeMs };
  } catch (error) {
    if (!(error instanceof CmsUnreadableError)) throw error;
    // A damaged wrapper can still hold a readable profile: inspect it, and say the signature is gone.
    const salvaged = findXmlPlist(der);
    if (!salvaged) throw new BenchError('PROFILE_UNREADABLE', `the signature wrapper is damaged (${error.message}) and holds no readable profile`);
    findings.add(
      'CMS_SIGNATURE_UNREADABLE',
      `The signature wrapper is damaged (${error.message}); the profile inside was read anyway, but macOS will refuse this file.`,
    );
    return { format, plist: salvaged, signature: UNREADABLE_SIGNATURE, signingTimeMs: null };
  }
}

/** The XML property list embedded in a damaged wrapper, from its declaration to </plist>. */
export function findXmlPlist(bytes: Uint8Array): Uint8Array | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = buffer.indexOf('<?xml');
  if (start === -1) start = buffer.indexOf('<plist');
  const end = buffer.lastIndexOf('</plist>');
  if (start === -1 || end < start) return null;
  return bytes.subarray(start, end + '</plist>'.length);
}

function pemToDer(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const match = PEM.exec(text);
  if (!match) throw new BenchError('PROFILE_UNREADABLE', 'PEM armour of an unknown kind (expected PKCS7 or CMS)');
  // RFC 1421 headers ("Proc-Type: …") may precede the base64 body.
  const body = (match[2] ?? '').split(/\r?\n/).filter((line) => !line.includes(':')).join('');
  if (!PEM_BODY.test(body)) throw new BenchError('PROFILE_UNREADABLE', 'the PEM armour holds characters that are not base64');
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (der.length === 0) throw new BenchError('PROFILE_UNREADABLE', 'the PEM armour is empty');
  return new Uint8Array(der);
}

function firstSignificantByte(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i += 1;
  return i;
}

function startsWith(bytes: Uint8Array, at: number, ascii: string): boolean {
  for (let i = 0; i < ascii.length; i++) if (bytes[at + i] !== ascii.charCodeAt(i)) return false;
  return true;
}
