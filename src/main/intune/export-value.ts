import { BenchError } from '../../shared/errors';
import { MAX_PROFILE_BYTES } from '../../shared/models/profile';

// exportMobileConfig answers { "value": "<string>" }. Whether the string is the XML property list
// itself or base64 (of the XML, or of a signed CMS wrapper) is not documented (DOMAIN.md): accept
// both, and let the profile reader decide what the bytes are.

export interface DecodedExport {
  readonly bytes: Uint8Array;
  readonly encoding: 'xml' | 'base64';
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;

export function decodeExportValue(answer: unknown): DecodedExport {
  const value = (answer as { value?: unknown } | null)?.value;
  if (typeof value !== 'string' || value.trim() === '') throw new BenchError('INTUNE_EXPORT_UNREADABLE', 'the answer has no "value" string');
  if (value.length > MAX_PROFILE_BYTES * 2) throw new BenchError('PROFILE_TOO_LARGE', `${value.length} characters in "value"`);
  const trimmed = value.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('<')) return { bytes: new Uint8Array(Buffer.from(value, 'utf8')), encoding: 'xml' };
  const compact = value.replace(/\s+/g, '');
  if (BASE64.test(compact) || BASE64URL.test(compact)) {
    const bytes = Buffer.from(compact, BASE64.test(compact) ? 'base64' : 'base64url');
    if (bytes.length > 0) return { bytes: new Uint8Array(bytes), encoding: 'base64' };
  }
  throw new BenchError('INTUNE_EXPORT_UNREADABLE', '"value" is neither XML nor base64');
}
