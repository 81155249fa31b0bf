import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { interpretSystemVersion, readSystemVersion, SYSTEM_VERSION_PATH } from '../../../src/main/devices/system-version';
import { CORPUS_ROOT, tempDir } from '../../support/temp';

const CORPUS = path.join(CORPUS_ROOT, 'systemversion');

// One expected reading per real plist in ../shared/corpus/systemversion (MANIFEST.md).
const EXPECTED: Record<string, object> = {
  'SystemVersionCompat-10.16-on-14.7.4_rust-std-test.plist': { kind: 'compat', productVersion: '10.16' },
  'ios-simulator-17.5-21F79_rust-std-test.plist': { kind: 'not-macos', productName: 'iPhone OS', productVersion: '17.5', reason: expect.stringContaining('simulator') },
  'macos-10.15.4-19E287_dart-sdk-test.plist': { kind: 'macos', productName: 'Mac OS X', productVersion: '10.15.4', build: '19E287', userVisibleVersion: '10.15.4' },
  'macos-10.15.6-19G68_zig-test.plist': { kind: 'macos', productName: 'Mac OS X', productVersion: '10.15.6', build: '19G68', userVisibleVersion: '10.15.6' },
  'macos-11.0-20A2408_zig-test.plist': { kind: 'macos', productName: 'macOS', productVersion: '11.0', build: '20A2408', userVisibleVersion: '11.0' },
  'macos-11.1-20C63_zig-test.plist': { kind: 'macos', productName: 'macOS', productVersion: '11.1', build: '20C63', userVisibleVersion: '11.1' },
  'macos-14.7.4-23H420_rust-std-test.plist': { kind: 'macos', productName: 'macOS', productVersion: '14.7.4', build: '23H420', userVisibleVersion: '14.7.4' },
  'macos-15.4-beta-24E5238a_rust-std-test.plist': { kind: 'macos', productName: 'macOS', productVersion: '15.4', build: '24E5238a', userVisibleVersion: '15.4' },
  'macosx-10.3.9-7W98_zig-test.plist': { kind: 'macos', productName: 'Mac OS X', productVersion: '10.3.9', build: '7W98', userVisibleVersion: '10.3.9' },
  'visionos-simulator-2.3-22N895_rust-std-test.plist': { kind: 'not-macos', productName: 'xrOS', productVersion: '2.3', reason: expect.stringContaining('simulator') },
};

describe('reading SystemVersion.plist', () => {
  it('has an expectation for every plist in the corpus', () => {
    expect(fs.readdirSync(CORPUS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', (file, expected) => {
    expect(interpretSystemVersion(fs.readFileSync(path.join(CORPUS, file)))).toEqual(expected);
  });

  it.each([
    [
      'a GRUB-made fake',
      '<?xml version="1.0" encoding="UTF-8"?>\n <plist version="1.0">\n <dict>\n <key>ProductBuildVersion</key>\n <string></string>\n <key>ProductName</key>\n <string>Linux</string>\n <key>ProductVersion</key>\n <string>Arch Linux</string>\n </dict>\n </plist>\n',
      { kind: 'not-macos', productName: 'Linux', reason: 'its system files say “Linux Arch Linux”' },
    ],
    [
      'a fake that claims macOS without a build',
      '<plist version="1.0"><dict><key>ProductName</key><string>macOS</string><key>ProductVersion</key><string>14.0</string></dict></plist>',
      { kind: 'not-macos', reason: expect.stringContaining('not a real macOS version file') },
    ],
    ['garbage', 'this is not a plist', { kind: 'unreadable' }],
    ['an empty file', '', { kind: 'unreadable' }],
    ['a truncated plist', '<?xml version="1.0"?><plist version="1.0"><dict><key>ProductName</key><string>macOS', { kind: 'unreadable' }],
    ['an array instead of a dictionary', '<plist version="1.0"><array><string>macOS</string></array></plist>', { kind: 'unreadable' }],
    ['a dictionary naming no system', '<plist version="1.0"><dict><key>Foo</key><string>bar</string></dict></plist>', { kind: 'not-macos', reason: 'its SystemVersion.plist names no operating system' }],
    ['a binary plist that is corrupt', Buffer.from('bplist00\u0000\u0001garbage'), { kind: 'unreadable' }],
  ])('refuses %s', (_name, data, expected) => {
    expect(interpretSystemVersion(data)).toMatchObject(expected);
  });
});

describe('finding SystemVersion.plist on a volume', () => {
  const dir = tempDir('eb-sysver-');
  afterAll(() => dir.cleanup());
  const volume = (name: string) => {
    const root = path.join(dir.path, name);
    fs.mkdirSync(path.join(root, ...SYSTEM_VERSION_PATH.slice(0, -1)), { recursive: true });
    return { root, file: path.join(root, ...SYSTEM_VERSION_PATH) };
  };

  it('reads the real file and ignores SystemVersionCompat.plist beside it', async () => {
    const { root, file } = volume('mac');
    fs.copyFileSync(path.join(CORPUS, 'macos-14.7.4-23H420_rust-std-test.plist'), file);
    fs.copyFileSync(path.join(CORPUS, 'SystemVersionCompat-10.16-on-14.7.4_rust-std-test.plist'), path.join(path.dirname(file), 'SystemVersionCompat.plist'));
    expect(await readSystemVersion(root)).toMatchObject({ kind: 'macos', productVersion: '14.7.4' });
  });

  it('says nothing for a volume without one', async () => {
    expect(await readSystemVersion(dir.path)).toBeNull();
  });

  it('refuses a symlink, which could point at the bench’s own version file', async () => {
    const { root, file } = volume('linked');
    fs.symlinkSync(path.join(CORPUS, 'macos-14.7.4-23H420_rust-std-test.plist'), file);
    expect(await readSystemVersion(root)).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('link') });
  });

  it('refuses a folder or a huge file in its place', async () => {
    const folder = volume('folder');
    fs.mkdirSync(folder.file);
    expect(await readSystemVersion(folder.root)).toMatchObject({ kind: 'unreadable' });
    const huge = volume('huge');
    fs.writeFileSync(huge.file, Buffer.alloc(1024 * 1024, 32));
    expect(await readSystemVersion(huge.root)).toMatchObject({ kind: 'unreadable', reason: expect.stringContaining('too large') });
  });
});
