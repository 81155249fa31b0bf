import { BenchError } from '../../shared/errors';
import type { FindingCollector } from './finding-collector';
import { formatPath, MAX_PLIST_DEPTH, type PlistDict, type PlistValue } from './plist-value';

// A tolerant reader of XML property lists. Real profiles carry dangling <key>s, duplicated keys,
// comments, invalid base64 and misspellings; strict parsers either throw on them (plist 5 dies on
// invalid base64) or silently pick a value (it keeps the last duplicate without a word). This
// reader keeps going where the meaning is still clear and records each problem as a finding; it
// stops (PROFILE_UNREADABLE) only where the structure itself is lost: unclosed or mismatched
// elements, nesting deeper than MAX_PLIST_DEPTH. It never expands DTD entities, so entity
// expansion attacks have nothing to work with. Messages name keys and lines, never values.

type Token =
  | { readonly kind: 'open'; readonly name: string; readonly selfClosing: boolean; readonly at: number }
  | { readonly kind: 'close'; readonly name: string; readonly at: number }
  | { readonly kind: 'text'; readonly text: string; readonly at: number }
  | { readonly kind: 'eof'; readonly at: number };
type OpenToken = Extract<Token, { kind: 'open' }>;
type Path = readonly (string | number)[];

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{0,15})?(;?)/g;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
const DECIMAL = /^[+-]?\d{1,30}$/;
const HEX = /^[+-]?0[xX][0-9a-fA-F]{1,16}$/;
const REAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_REALS: Record<string, number> = { nan: NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity };

class PlistSyntaxError extends Error {}

/** Read an XML property list; throws BenchError PROFILE_UNREADABLE when its structure is lost. */
export function readXmlPlist(bytes: Uint8Array, findings: FindingCollector): PlistValue {
  const text = decodeXmlText(bytes, findings);
  try {
    return new XmlPlistParser(text, findings).document();
  } catch (error) {
    if (error instanceof PlistSyntaxError) throw new BenchError('PROFILE_UNREADABLE', `XML property list: ${error.message}`);
    throw error;
  }
}

/** UTF-8 unless a byte-order mark or the XML declaration says otherwise. */
export function decodeXmlText(bytes: Uint8Array, findings: FindingCollector): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decode('utf-16le', bytes.subarray(2), findings);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decode('utf-16be', bytes.subarray(2), findings);
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const head = String.fromCharCode(...body.subarray(0, 200));
  const declared = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head)?.[1]?.toLowerCase();
  return decode(declared ?? 'utf-8', body, findings);
}

function decode(label: string, bytes: Uint8Array, findings: FindingCollector): string {
  let encoding = label;
  try {
    new TextDecoder(encoding);
  } catch {
    findings.add('PROFILE_TEXT_ENCODING_INVALID', `The declared text encoding "${label}" is unknown; the file was read as UTF-8.`);
    encoding = 'utf-8';
  }
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    findings.add('PROFILE_TEXT_ENCODING_INVALID', `The file is not valid ${encoding.toUpperCase()} text; damaged characters were replaced.`);
    return new TextDecoder(encoding).decode(bytes);
  }
}

class XmlPlistParser {
  private pos = 0;
  private newlines: number[] | null = null;

  constructor(
    private readonly src: string,
    private readonly findings: FindingCollector,
  ) {}

  document(): PlistValue {
    const first = this.significant([]);
    if (first.kind === 'eof') this.fail('no property list in the file', first.at);
    if (first.kind !== 'open') this.fail('the file does not start with an element', first.at);
    let root: PlistValue | undefined;
    if (first.name === 'plist') {
      if (first.selfClosing) this.fail('the <plist> element is empty', first.at);
      const inner = this.significant([]);
      if (inner.kind !== 'open') this.fail('the <plist> element holds no value', inner.at);
      root = this.value(inner, [], 1);
      for (;;) {
        const next = this.significant([]);
        if (next.kind === 'close' && next.name === 'plist') break;
        if (next.kind === 'eof') this.fail('</plist> is missing: the file is cut short', next.at);
        if (next.kind === 'close') this.fail(`expected </plist>, found </${short(next.name)}>`, next.at);
        this.findings.add('PROFILE_XML_TRAILING_CONTENT', `Line ${this.line(next.at)}: a second value inside <plist> was ignored.`);
        this.skip(next, 1);
      }
    } else {
      this.findings.add('PROFILE_XML_NO_PLIST_ELEMENT', 'The property list has no <plist> element around its value.');
      root = this.value(first, [], 1);
    }
    if (root === undefined) this.fail('the property list holds no known value', first.at);
    for (let next = this.next(); next.kind !== 'eof'; next = this.next()) {
      if (next.kind === 'text' && !/\S/.test(next.text)) continue;
      this.findings.add('PROFILE_XML_TRAILING_CONTENT', `Line ${this.line(next.at)}: content after the end of the property list was ignored.`);
      break;
    }
    return root;
  }

  /** One value; undefined when the element is unknown and was skipped. */
  private value(tag: OpenToken, path: Path, depth: number): PlistValue | undefined {
    if (depth > MAX_PLIST_DEPTH) this.fail(`values are nested more than ${MAX_PLIST_DEPTH} levels deep`, tag.at);
    switch (tag.name) {
      case 'dict':
        return tag.selfClosing ? new Map() : this.dict(path, depth);
      case 'array':
        return tag.selfClosing ? [] : this.array(path, depth);
      case 'string':
        return tag.selfClosing ? '' : this.text('string');
      case 'key':
        this.findings.add('PROFILE_XML_UNKNOWN_ELEMENT', `Line ${this.line(tag.at)}: a <key> outside a dictionary (${formatPath(path)}) was read as a string.`);
        return tag.selfClosing ? '' : this.text('key');
      case 'data':
        return this.data(tag.selfClosing ? '' : this.text('data'), path);
      case 'date':
        return this.date(tag.selfClosing ? '' : this.text('date'), path);
      case 'integer':
        return this.integer(tag.selfClosing ? '' : this.text('integer'), path);
      case 'real':
        return this.real(tag.selfClosing ? '' : this.text('real'), path);
      case 'true':
      case 'false':
        if (!tag.selfClosing && /\S/.test(this.text(tag.name))) {
          this.findings.add('PROFILE_XML_STRAY_TEXT', `Text inside <${tag.name}> at ${formatPath(path)} was ignored.`);
        }
        return tag.name === 'true';
      default:
        this.findings.add('PROFILE_XML_UNKNOWN_ELEMENT', `Line ${this.line(tag.at)}: an unknown element <${short(tag.name)}> at ${formatPath(path)} was ignored.`);
        this.skip(tag, depth);
        return undefined;
    }
  }

  private dict(path: Path, depth: number): PlistDict {
    const dict: PlistDict = new Map();
    let pending: string | null = null;
    const dangling = (key: string) =>
      this.findings.add('PROFILE_KEY_WITHOUT_VALUE', `Key "${short(key)}" in ${formatPath(path)} has no value; it was ignored.`);
    for (;;) {
      const token = this.significant(path);
      if (token.kind === 'eof') this.fail('a <dict> is never closed: the file is cut short', token.at);
      if (token.kind === 'close') {
        if (token.name !== 'dict') this.fail(`expected </dict>, found </${short(token.name)}>`, token.at);
        if (pending !== null) dangling(pending);
        return dict;
      }
      if (token.kind !== 'open') continue;
      if (token.name === 'key') {
        if (pending !== null) dangling(pending);
        pending = token.selfClosing ? '' : this.text('key');
        continue;
      }
      if (pending === null) {
        this.findings.add('PROFILE_VALUE_WITHOUT_KEY', `Line ${this.line(token.at)}: a value in ${formatPath(path)} has no key; it was ignored.`);
        this.value(token, path, depth + 1);
        continue;
      }
      const value = this.value(token, [...path, pending], depth + 1);
      if (value !== undefined) {
        if (dict.has(pending)) {
          this.findings.add(
            'PROFILE_DUPLICATE_KEY',
            `Key "${short(pending)}" appears more than once in ${formatPath(path)}; the bench reads the last one, other tools may read another.`,
          );
        }
        dict.set(pending, value);
      }
      pending = null;
    }
  }

  private array(path: Path, depth: number): PlistValue[] {
    const items: PlistValue[] = [];
    for (;;) {
      const token = this.significant(path);
      if (token.kind === 'eof') this.fail('an <array> is never closed: the file is cut short', token.at);
      if (token.kind === 'close') {
        if (token.name !== 'array') this.fail(`expected </array>, found </${short(token.name)}>`, token.at);
        return items;
      }
      if (token.kind !== 'open') continue;
      const value = this.value(token, [...path, items.length], depth + 1);
      if (value !== undefined) items.push(value);
    }
  }

  private data(text: string, path: Path): Uint8Array {
    const compact = text.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 === 1) {
      this.findings.add('PROFILE_BASE64_INVALID', `The data at ${formatPath(path)} is not valid base64 (a template that was never filled in?).`);
      return new Uint8Array(0);
    }
    return new Uint8Array(Buffer.from(compact, 'base64'));
  }

  private date(text: string, path: Path): Date {
    const trimmed = text.trim();
    const match = ISO_DATE.exec(trimmed);
    const ms = match ? Date.parse(trimmed) : NaN;
    // Round-trip to refuse dates such as 2026-02-30 that a lenient parser would roll over.
    if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 19) !== trimmed.slice(0, 19)) {
      this.findings.add('PROFILE_DATE_INVALID', `The date at ${formatPath(path)} is not a valid ISO 8601 UTC date; it was ignored.`);
      return new Date(NaN);
    }
    return new Date(ms);
  }

  private integer(text: string, path: Path): number {
    const trimmed = text.trim();
    if (DECIMAL.test(trimmed)) return Number(trimmed);
    if (HEX.test(trimmed)) return (trimmed.startsWith('-') ? -1 : 1) * Number.parseInt(trimmed.replace(/^[+-]?0[xX]/, ''), 16);
    this.findings.add('PROFILE_NUMBER_INVALID', `The integer at ${formatPath(path)} is not a number.`);
    return NaN;
  }

  private real(text: string, path: Path): number {
    const trimmed = text.trim();
    if (REAL.test(trimmed)) return Number(trimmed);
    const special = SPECIAL_REALS[trimmed.toLowerCase()];
    if (special !== undefined) return special;
    this.findings.add('PROFILE_NUMBER_INVALID', `The real number at ${formatPath(path)} is not a number.`);
    return NaN;
  }

  /** The text of a simple element up to its end tag; elements inside it are a structural error. */
  private text(name: string): string {
    let text = '';
    for (;;) {
      const token = this.next();
      if (token.kind === 'text') text += token.text;
      else if (token.kind === 'close') {
        if (token.name !== name) this.fail(`expected </${name}>, found </${short(token.name)}>`, token.at);
        return text;
      } else if (token.kind === 'open') this.fail(`unexpected <${short(token.name)}> inside <${name}>`, token.at);
      else this.fail(`<${name}> is never closed: the file is cut short`, token.at);
    }
  }

  /** Skip an element and everything inside it. */
  private skip(tag: OpenToken, depth: number): void {
    if (tag.selfClosing) return;
    let level = 1;
    while (level > 0) {
      const token = this.next();
      if (token.kind === 'eof') this.fail(`<${short(tag.name)}> is never closed: the file is cut short`, token.at);
      if (token.kind === 'open' && !token.selfClosing) {
        level += 1;
        if (depth + level > MAX_PLIST_DEPTH) this.fail(`values are nested more than ${MAX_PLIST_DEPTH} levels deep`, token.at);
      } else if (token.kind === 'close') level -= 1;
    }
  }

  /** The next token that is not blank text; other text is reported as stray and skipped. */
  private significant(path: Path): Exclude<Token, { kind: 'text' }> {
    for (;;) {
      const token = this.next();
      if (token.kind !== 'text') return token;
      if (/\S/.test(token.text)) {
        this.findings.add('PROFILE_XML_STRAY_TEXT', `Line ${this.line(token.at)}: text outside any value in ${formatPath(path)} was ignored.`);
      }
    }
  }

  private next(): Token {
    const src = this.src;
    for (;;) {
      const at = this.pos;
      if (at >= src.length) return { kind: 'eof', at };
      if (src.charCodeAt(at) !== 0x3c /* < */) {
        const lt = src.indexOf('<', at);
        this.pos = lt === -1 ? src.length : lt;
        return { kind: 'text', text: this.entities(src.slice(at, this.pos), at), at };
      }
      if (src.startsWith('<!--', at)) {
        this.pos = this.after('-->', at + 4, 'a comment is never closed');
        continue;
      }
      if (src.startsWith('<![CDATA[', at)) {
        const end = this.after(']]>', at + 9, 'a CDATA section is never closed');
        this.pos = end;
        return { kind: 'text', text: src.slice(at + 9, end - 3), at };
      }
      if (src.startsWith('<?', at)) {
        this.pos = this.after('?>', at + 2, 'a processing instruction is never closed');
        continue;
      }
      if (src.startsWith('<!', at)) {
        this.pos = this.declarationEnd(at);
        continue;
      }
      const closing = src.charCodeAt(at + 1) === 0x2f; /* / */
      NAME.lastIndex = at + (closing ? 2 : 1);
      const name = NAME.exec(src)?.[0];
      if (name === undefined) this.fail('a malformed tag', at);
      const end = this.tagEnd(NAME.lastIndex);
      this.pos = end + 1;
      if (closing) {
        if (/\S/.test(src.slice(NAME.lastIndex, end))) this.fail('a malformed closing tag', at);
        return { kind: 'close', name, at };
      }
      return { kind: 'open', name, selfClosing: src.charCodeAt(end - 1) === 0x2f, at };
    }
  }

  /** Index of the '>' ending a tag, skipping quoted attribute values. */
  private tagEnd(from: number): number {
    const src = this.src;
    let quote = 0;
    for (let i = from; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x3e) return i;
      else if (c === 0x3c) break;
    }
    this.fail('a tag is never closed', from);
  }

  /** End of <!DOCTYPE …> including an internal subset in brackets. */
  private declarationEnd(at: number): number {
    const src = this.src;
    let brackets = 0;
    let quote = 0;
    for (let i = at + 2; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x5b) brackets += 1;
      else if (c === 0x5d) brackets -= 1;
      else if (c === 0x3e && brackets <= 0) return i + 1;
    }
    this.fail('a declaration is never closed', at);
  }

  private after(marker: string, from: number, problem: string): number {
    const end = this.src.indexOf(marker, from);
    if (end === -1) this.fail(problem, from);
    return end + marker.length;
  }

  private entities(raw: string, at: number): string {
    if (!raw.includes('&')) return raw;
    return raw.replace(ENTITY, (whole, body: string | undefined, semicolon: string) => {
      let decoded: string | undefined;
      if (body !== undefined && semicolon === ';') {
        if (body.startsWith('#')) {
          const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
          if (code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) decoded = String.fromCodePoint(code);
        } else decoded = NAMED_ENTITIES[body];
      }
      if (decoded !== undefined) return decoded;
      this.findings.add('PROFILE_XML_ENTITY_UNKNOWN', `Line ${this.line(at)}: an "&" that is not a known XML entity was kept as written.`);
      return whole;
    });
  }

  /** 1-based line of an offset; the newline index is built once, so a flood of findings stays linear. */
  private line(at: number): number {
    if (this.newlines === null) {
      this.newlines = [];
      for (let i = this.src.indexOf('\n'); i !== -1; i = this.src.indexOf('\n', i + 1)) this.newlines.push(i);
    }
    let low = 0;
    let high = this.newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.newlines[mid] as number) < at) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }

  private fail(message: string, at: number = this.pos): never {
    throw new PlistSyntaxError(`line ${this.line(at)}: ${message}`);
  }
}

/** Element and key names from a hostile file are shortened before they reach a message. */
function short(name: string): string {
  return name.length > 60 ? `${name.slice(0, 57)}…` : name;
}
