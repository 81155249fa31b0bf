import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { browserExecutable, DEBIAN_CHROMIUM, findBrowser } from '../support/find-browser';
import { tempDir } from '../support/temp';

// macOS application bundles and other distributions' paths cannot exist on this machine, so those
// rows say which files a pretend machine has; CHROMIUM_PATH is checked against real files.
const pretendInstalled =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);
const MAC_CHROME = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
const MAC_CHROMIUM_IN_HOME = '/Users/tech/Applications/Chromium.app/Contents/MacOS/Chromium';
const PLAYWRIGHT = '/Users/tech/Library/Caches/ms-playwright/chromium-1255/chrome-mac/Chromium.app/Contents/MacOS/Chromium';

describe('finding a browser for the end-to-end tests', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('takes CHROMIUM_PATH first when it names an executable file', () => {
    const dir = tempDir('eb-browser-');
    cleanups.push(dir.cleanup);
    const binary = path.join(dir.path, 'my-chromium');
    fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    expect(findBrowser({ env: { CHROMIUM_PATH: binary }, platform: 'linux' })).toEqual({ kind: 'found', path: binary, source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that is missing or not executable instead of quietly using another browser', () => {
    const dir = tempDir('eb-browser-');
    cleanups.push(dir.cleanup);
    const notExecutable = path.join(dir.path, 'chromium.txt');
    fs.writeFileSync(notExecutable, 'text', { mode: 0o644 });
    for (const value of [notExecutable, path.join(dir.path, 'absent'), dir.path]) {
      const found = findBrowser({ env: { CHROMIUM_PATH: value }, platform: 'linux' });
      expect(found).toMatchObject({ kind: 'missing', tried: [value] });
      expect(() => browserExecutable({ env: { CHROMIUM_PATH: value } })).toThrow(`CHROMIUM_PATH is ${value}, which is not an executable file`);
    }
  });

  it("then takes Debian's Chromium", () => {
    const found = findBrowser({ env: {}, platform: 'linux', isExecutable: pretendInstalled(DEBIAN_CHROMIUM, '/usr/bin/google-chrome') });
    expect(found).toEqual({ kind: 'found', path: DEBIAN_CHROMIUM, source: 'debian' });
  });

  it('finds Google Chrome or Chromium in /Applications or ~/Applications on a Mac', () => {
    expect(
      findBrowser({ env: {}, platform: 'darwin', home: '/Users/tech', isExecutable: pretendInstalled(MAC_CHROME, MAC_CHROMIUM_IN_HOME) }),
    ).toEqual({
      kind: 'found',
      path: MAC_CHROME,
      source: 'installed',
    });
    expect(findBrowser({ env: {}, platform: 'darwin', home: '/Users/tech', isExecutable: pretendInstalled(MAC_CHROMIUM_IN_HOME) })).toEqual({
      kind: 'found',
      path: MAC_CHROMIUM_IN_HOME,
      source: 'installed',
    });
  });

  it('finds Chrome or Chromium where other Linux distributions put it', () => {
    for (const file of ['/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/snap/bin/chromium']) {
      expect(findBrowser({ env: {}, platform: 'linux', isExecutable: pretendInstalled(file) })).toEqual({
        kind: 'found',
        path: file,
        source: 'installed',
      });
    }
  });

  it('falls back to a browser Playwright installed earlier, only when it is there', () => {
    const lookup = { env: {}, platform: 'darwin' as const, home: '/Users/tech', playwrightBrowser: () => PLAYWRIGHT };
    expect(findBrowser({ ...lookup, isExecutable: pretendInstalled(PLAYWRIGHT) })).toEqual({ kind: 'found', path: PLAYWRIGHT, source: 'playwright' });
    expect(findBrowser({ ...lookup, isExecutable: pretendInstalled(PLAYWRIGHT, MAC_CHROME) })).toMatchObject({ path: MAC_CHROME });
    expect(findBrowser({ ...lookup, isExecutable: pretendInstalled() })).toMatchObject({ kind: 'missing' });
  });

  it('says where it looked and how to get a browser when there is none', () => {
    const found = findBrowser({
      env: {},
      platform: 'darwin',
      home: '/Users/tech',
      isExecutable: pretendInstalled(),
      playwrightBrowser: () => PLAYWRIGHT,
    });
    expect(found.kind).toBe('missing');
    if (found.kind !== 'missing') return;
    expect(found.tried).toEqual(expect.arrayContaining([DEBIAN_CHROMIUM, MAC_CHROME, MAC_CHROMIUM_IN_HOME, PLAYWRIGHT]));
    expect(found.message).toContain('README.md, "Browsers for the end-to-end tests"');
    expect(found.message).toContain('CHROMIUM_PATH');
  });
});
