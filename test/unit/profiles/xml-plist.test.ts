import { describe, expect, it } from 'vitest';
import { BenchError } from '../../../src/shared/errors';
import { FindingCollector, MAX_FINDINGS_PER_CODE } from '../../../src/main/profiles/finding-collector';
import { MAX_PLIST_DEPTH } from '../../../src/main/profiles/plist-value';
import { readXmlPlist } from '../../../src/main/profiles/xml-plist';

const plist = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">\n${body}\n</plist>\n`;

function read(text: string | Uint8Array) {
  const findings = new FindingCollector();
  const value = readXmlPlist(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, findings);
  return { value, findings: findings.list() };
}

function unreadable(text: string): BenchError {
  try {
    read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BenchError);
    expect((error as BenchError).code).toBe('PROFILE_UNREADABLE');
    return error as BenchError;
  }
  throw new Error('expected PROFILE_UNREADABLE');
}

const codes = (findings: { code: string }[]) => findings.map((f) => f.code);

describe('the tolerant XML property list reader', () => {
  it('reads every value type, skipping comments, the DOCTYPE and processing instructions', () => {
    const { value, findings } = read(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- exported by hand -->
<plist version="1.0"><dict>
  <key>s</key><string>text</string>
  <key>empty</key><string/>
  <key>i</key><integer>-42</integer>
  <key>hex</key><integer>0x1F</integer>
  <key>r</key><real>1</real>
  <key>r2</key><real>2.5e3</real>
  <key>t</key><true/>
  <key>f</key><false/>
  <key>d</key><date>2026-11-26T10:00:00Z</date>
  <key>b</key><data>
    aGVs
    bG8=
  </data>
  <!-- a comment between entries -->
  <key>a</key><array><string>x</string><dict/></array>
</dict></plist>`);
    expect(findings).toEqual([]);
    expect(value).toEqual(
      new Map<string, unknown>([
        ['s', 'text'],
        ['empty', ''],
        ['i', -42],
        ['hex', 31],
        ['r', 1],
        ['r2', 2500],
        ['t', true],
        ['f', false],
        ['d', new Date('2026-11-26T10:00:00Z')],
        ['b', new Uint8Array(Buffer.from('hello'))],
        ['a', ['x', new Map()]],
      ]),
    );
  });

  it('decodes UTF-8 text with non-ASCII characters, entities and CDATA', () => {
    const { value, findings } = read(plist('<dict><key>Name</key><string>Zürich &amp; 東京 &#x1F34F; &lt;ok&gt; <![CDATA[<raw> & more]]></string></dict>'));
    expect(findings).toEqual([]);
    expect((value as Map<string, unknown>).get('Name')).toBe('Zürich & 東京 🍏 <ok> <raw> & more');
  });

  it('reads a UTF-16 file with a byte-order mark', () => {
    const text = plist('<dict><key>Name</key><string>Größe</string></dict>');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect((read(bytes).value as Map<string, unknown>).get('Name')).toBe('Größe');
  });

  it('keeps the last of duplicated keys and reports it', () => {
    const { value, findings } = read(plist('<dict><key>ServerURL</key><string>https://a</string><key>ServerURL</key><string>https://b</string></dict>'));
    expect((value as Map<string, unknown>).get('ServerURL')).toBe('https://b');
    expect(codes(findings)).toEqual(['PROFILE_DUPLICATE_KEY']);
    expect(findings[0]?.message).toContain('"ServerURL"');
    expect(findings[0]?.message).not.toContain('https://');
  });

  it('reports a dangling key (no value before the next key or the end) and goes on', () => {
    const { value, findings } = read(plist('<dict><key>Subject</key><key>A</key><integer>1</integer><key>Tail</key></dict>'));
    expect(value).toEqual(new Map([['A', 1]]));
    expect(codes(findings)).toEqual(['PROFILE_KEY_WITHOUT_VALUE', 'PROFILE_KEY_WITHOUT_VALUE']);
    expect(findings.map((f) => f.message).join(' ')).toMatch(/"Subject".*"Tail"/);
  });

  it('reports invalid base64 as an error without quoting it, and reads the rest', () => {
    const { value, findings } = read(plist('<dict><key>PayloadContent</key><data>${FLEET_VAR_SECRET}</data><key>Next</key><true/></dict>'));
    expect(value).toEqual(new Map<string, unknown>([['PayloadContent', new Uint8Array()], ['Next', true]]));
    expect(findings).toEqual([expect.objectContaining({ code: 'PROFILE_BASE64_INVALID', severity: 'error' })]);
    expect(findings[0]?.message).not.toContain('FLEET_VAR');
  });

  it('reports invalid dates, numbers, unknown elements, stray text, unknown entities and values without keys', () => {
    const { value, findings } = read(
      plist(`<dict>
        <key>d</key><date>2026-02-30T00:00:00Z</date>
        <key>n</key><integer>twelve</integer>
        <key>u</key><blink>x</blink>
        stray words
        <string>orphan</string>
        <key>e</key><string>a &nbsp; b</string>
      </dict>`),
    );
    expect(codes(findings)).toEqual([
      'PROFILE_DATE_INVALID',
      'PROFILE_NUMBER_INVALID',
      'PROFILE_XML_UNKNOWN_ELEMENT',
      'PROFILE_XML_STRAY_TEXT',
      'PROFILE_VALUE_WITHOUT_KEY',
      'PROFILE_XML_ENTITY_UNKNOWN',
    ]);
    const dict = value as Map<string, unknown>;
    expect(dict.has('u')).toBe(false);
    expect(Number.isNaN((dict.get('d') as Date).getTime())).toBe(true);
    expect(dict.get('n')).toBeNaN();
    expect(dict.get('e')).toBe('a &nbsp; b');
  });

  it('never expands DTD entities (no entity-expansion attack)', () => {
    const { value, findings } = read(`<?xml version="1.0"?>
<!DOCTYPE plist [ <!ENTITY lol "lol"> <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"> ]>
<plist><string>&lol2;</string></plist>`);
    expect(value).toBe('&lol2;');
    expect(codes(findings)).toEqual(['PROFILE_XML_ENTITY_UNKNOWN']);
  });

  it('accepts a value without the <plist> element, with a warning', () => {
    const { value, findings } = read('<dict><key>A</key><true/></dict>');
    expect(value).toEqual(new Map([['A', true]]));
    expect(codes(findings)).toEqual(['PROFILE_XML_NO_PLIST_ELEMENT']);
  });

  it('reports content after the property list', () => {
    expect(codes(read(plist('<dict/>') + '<dict/>').findings)).toEqual(['PROFILE_XML_TRAILING_CONTENT']);
  });

  it('warns about text that is not valid UTF-8 and still reads it', () => {
    const bytes = Buffer.concat([Buffer.from(plist('<string>caf').split('<string>caf')[0] + '<string>caf'), Buffer.from([0xe9]), Buffer.from('</string>\n</plist>')]);
    const { value, findings } = read(bytes);
    expect(value).toBe('caf\uFFFD');
    expect(codes(findings)).toEqual(['PROFILE_TEXT_ENCODING_INVALID']);
  });

  it('caps repeated findings of one code and says how many more there were', () => {
    const entries = Array.from({ length: 25 }, (_, i) => `<key>K${i}</key><key>K${i}</key><true/>`).join('');
    const { findings } = read(plist(`<dict>${entries}</dict>`));
    expect(findings).toHaveLength(MAX_FINDINGS_PER_CODE + 1);
    expect(findings.at(-1)?.message).toBe(`…and ${25 - MAX_FINDINGS_PER_CODE} more like this.`);
  });

  it.each([
    ['a file cut short inside a dictionary', plist('<dict><key>A</key><string>x</string>').slice(0, -10), /cut short/],
    ['a mismatched end tag', plist('<dict><key>A</key><string>x</strong></dict>'), /expected <\/string>/],
    ['an element inside a string', plist('<string>a<b>c</b></string>'), /unexpected <b> inside <string>/],
    ['an unclosed comment', plist('<!-- never closed <dict/>'), /comment is never closed/],
    ['no element at all', 'just some words', /does not start with an element|no property list/],
    ['an empty <plist>', '<plist></plist>', /holds no value/],
  ])('refuses %s with PROFILE_UNREADABLE and a line number', (_name, text, detail) => {
    const error = unreadable(text);
    expect(error.detail).toMatch(detail);
    expect(error.detail).toMatch(/line \d+/);
  });

  it(`refuses nesting deeper than ${MAX_PLIST_DEPTH} levels without exhausting the stack`, () => {
    const deep = '<array>'.repeat(200_000) + '</array>'.repeat(200_000);
    expect(unreadable(plist(deep)).detail).toMatch(/nested more than/);
    // Just within the limit is fine.
    const ok = '<array>'.repeat(MAX_PLIST_DEPTH - 1) + '</array>'.repeat(MAX_PLIST_DEPTH - 1);
    expect(read(plist(ok)).findings).toEqual([]);
  });
});
