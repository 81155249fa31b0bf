// A small, strict reader for the property lists discovery meets: SystemVersion.plist on a target's
// System volume and `diskutil info -plist` output. Why not the `plist` package for XML: its XML
// parser reports every malformed document on console.error, and target volumes are untrusted
// input where garbage is expected; here a bad document is just a thrown PlistError that the
// caller turns into a finding. Binary plists go to `plist`'s binary parser, which only throws.
import { parseBinary } from 'plist';

export type PlistValue = string | number | boolean | Date | Uint8Array | PlistValue[] | { [key: string]: PlistValue };

export class PlistError extends Error {
  override readonly name = 'PlistError';
}

type Token =
  | { readonly type: 'open'; readonly name: string; readonly empty: boolean }
  | { readonly type: 'close'; readonly name: string }
  | { readonly type: 'text'; readonly text: string };

const MAX_DEPTH = 32;
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([A-Za-z][\w.-]*)(?:\s[^>]*?)?(\/?)>|([^<]+)|(<)/g;

export function readPlist(data: Uint8Array | string): PlistValue {
  if (typeof data !== 'string') {
    if (startsWith(data, 'bplist')) {
      try {
        return parseBinary(data) as PlistValue;
      } catch (error) {
        throw new PlistError(`binary plist: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    data = new TextDecoder('utf-8', { fatal: false }).decode(data);
  }
  const tokens = tokenize(data.replace(/^\uFEFF/, ''));
  const reader = new TokenReader(tokens);
  const root = reader.next();
  if (root?.type !== 'open' || root.name !== 'plist') throw new PlistError('not a property list (no <plist> element)');
  if (root.empty) throw new PlistError('empty <plist>');
  const value = readValue(reader, 0);
  reader.expectClose('plist');
  if (reader.next() !== undefined) throw new PlistError('content after </plist>');
  return value;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const [whole, cdata, slash, name, selfClose, chars, stray] = match;
    if (stray !== undefined) throw new PlistError(`stray "<" at ${match.index}`);
    if (name !== undefined) {
      tokens.push(slash ? { type: 'close', name } : { type: 'open', name, empty: selfClose === '/' });
    } else if (cdata !== undefined) {
      tokens.push({ type: 'text', text: cdata });
    } else if (chars !== undefined) {
      tokens.push({ type: 'text', text: decodeEntities(chars) });
    } else if (whole.startsWith('<!DOCTYPE') || whole.startsWith('<?') || whole.startsWith('<!--')) {
      continue;
    }
  }
  // Whitespace between elements carries nothing; text inside <string> is joined by readText.
  return tokens.filter((t, i) => t.type !== 'text' || t.text.trim() !== '' || isInsideString(tokens, i));
}

function isInsideString(tokens: readonly Token[], index: number): boolean {
  const before = tokens[index - 1];
  const after = tokens[index + 1];
  return before?.type === 'open' && ['string', 'key'].includes(before.name) && after?.type === 'close';
}

class TokenReader {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  next(): Token | undefined {
    const token = this.tokens[this.index];
    this.index += 1;
    return token;
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  expectClose(name: string): void {
    const token = this.next();
    if (token?.type !== 'close' || token.name !== name) throw new PlistError(`expected </${name}>`);
  }
  readText(name: string): string {
    let text = '';
    while (this.peek()?.type === 'text') text += (this.next() as { text: string }).text;
    this.expectClose(name);
    return text;
  }
}

function readValue(reader: TokenReader, depth: number): PlistValue {
  if (depth > MAX_DEPTH) throw new PlistError('nested too deeply');
  const token = reader.next();
  if (token?.type !== 'open') throw new PlistError('expected a value');
  const { name, empty } = token;
  switch (name) {
    case 'true':
    case 'false':
      if (!empty) reader.expectClose(name);
      return name === 'true';
    case 'string':
      return empty ? '' : reader.readText(name);
    case 'integer':
    case 'real': {
      const text = empty ? '' : reader.readText(name).trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) throw new PlistError(`bad <${name}> ${text.slice(0, 20)}`);
      return value;
    }
    case 'date': {
      const value = new Date(empty ? '' : reader.readText(name).trim());
      if (Number.isNaN(value.getTime())) throw new PlistError('bad <date>');
      return value;
    }
    case 'data': {
      const text = (empty ? '' : reader.readText(name)).replace(/\s+/g, '');
      try {
        return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      } catch {
        throw new PlistError('bad base64 in <data>');
      }
    }
    case 'array': {
      const items: PlistValue[] = [];
      if (empty) return items;
      while (reader.peek()?.type !== 'close') items.push(readValue(reader, depth + 1));
      reader.expectClose('array');
      return items;
    }
    case 'dict':
      return empty ? {} : readDict(reader, depth);
    default:
      throw new PlistError(`unexpected <${name}>`);
  }
}

function readDict(reader: TokenReader, depth: number): { [key: string]: PlistValue } {
  // Object.create(null): a key named "__proto__" in a hostile plist stays an ordinary key.
  const dict = Object.create(null) as { [key: string]: PlistValue };
  for (;;) {
    const token = reader.next();
    if (token?.type === 'close' && token.name === 'dict') return dict;
    if (token?.type !== 'open' || token.name !== 'key') throw new PlistError('expected <key> in <dict>');
    const key = token.empty ? '' : reader.readText('key');
    // A dangling <key> right before </dict> has no value: skip it (real files have them).
    const next = reader.peek();
    if (next?.type === 'close' && next.name === 'dict') continue;
    dict[key] = readValue(reader, depth + 1);
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

function startsWith(data: Uint8Array, prefix: string): boolean {
  return prefix.split('').every((c, i) => data[i] === c.charCodeAt(0));
}

export function isDict(value: PlistValue | undefined): value is { [key: string]: PlistValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array);
}
