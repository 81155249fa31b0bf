import { describe, expect, it } from 'vitest';
import { DEVICE_PLIST_TOLERANCE } from '../../../src/main/devices/plist-tolerance';
import { PlistError, readPlistStrict } from '../../../src/main/profiles/read-plist';

const readPlist = (text: string) => readPlistStrict(text, DEVICE_PLIST_TOLERANCE);

describe('the profile plist reader in the strict mode discovery uses', () => {
  it('reads every XML plist type', () => {
    const value = readPlist(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<!-- a comment -->
<dict>
  <key>s</key><string> spaced &amp; &lt;escaped&gt; &#x263A; </string>
  <key>i</key><integer>-42</integer>
  <key>r</key><real>1.5</real>
  <key>t</key><true/>
  <key>f</key><false/>
  <key>d</key><date>2026-11-26T10:00:00Z</date>
  <key>b</key><data>AAEC</data>
  <key>a</key><array><string/><dict/><array/></array>
  <key>c</key><string><![CDATA[<raw>]]></string>
</dict>
</plist>`);
    expect(value).toEqual({
      s: ' spaced & <escaped> ☺ ',
      i: -42,
      r: 1.5,
      t: true,
      f: false,
      d: new Date('2026-11-26T10:00:00Z'),
      b: new Uint8Array([0, 1, 2]),
      a: ['', {}, []],
      c: '<raw>',
    });
  });

  it('skips a dangling key at the end of a dictionary, as real files have them', () => {
    expect(readPlist('<plist><dict><key>a</key><string>1</string><key>dangling</key></dict></plist>')).toEqual({ a: '1' });
  });

  it('keeps a "__proto__" key as data', () => {
    const value = readPlist('<plist><dict><key>__proto__</key><string>x</string></dict></plist>') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each([
    ['no plist element', '<dict/>'],
    ['unclosed elements', '<plist><dict><key>a</key><string>b</string>'],
    ['a stray <', '<plist><string>a < b</string></plist>'],
    ['an unknown element', '<plist><map/></plist>'],
    ['text where a key belongs', '<plist><dict>oops</dict></plist>'],
    ['a bad number', '<plist><integer>12abc</integer></plist>'],
    ['bad base64', '<plist><data>!!!</data></plist>'],
    ['content after the end', '<plist><true/></plist><plist/>'],
    ['deep nesting', `<plist>${'<array>'.repeat(100)}${'</array>'.repeat(100)}</plist>`],
  ])('throws a PlistError for %s', (_name, text) => {
    expect(() => readPlist(text)).toThrow(PlistError);
  });
});
