import { describe, expect, it } from 'vitest';
import { STAGED_NAME_MAX_BYTES, stagedFileName } from '../../src/shared/rules/staging-paths';
import { safeText } from '../../src/shared/safe-text';

// Issue 11: names are limited in bytes, and printed with their control characters escaped.
describe('staged file names in bytes', () => {
  it('keeps a name of 64 emoji under 255 bytes with every suffix the stager adds', () => {
    const name = stagedFileName('😀'.repeat(64));
    const bytes = Buffer.byteLength(name, 'utf8');
    expect(bytes).toBeLessThanOrEqual(STAGED_NAME_MAX_BYTES + '.mobileconfig'.length);
    expect(Buffer.byteLength(`${name}.20261201T101500Z-99.previous`, 'utf8')).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(`.eb-tmp-0123456789ab-${name}`, 'utf8')).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^(😀)+\.mobileconfig$/u);
  });
});

describe('safeText', () => {
  it('escapes terminal escapes, controls and bidi overrides, and leaves the rest', () => {
    expect(safeText('\u001b]0;owned\u0007Mac')).toBe('\\x1b]0;owned\\x07Mac');
    expect(safeText('\u001b[31mred')).toBe('\\x1b[31mred');
    expect(safeText('evil\u202Egifnoc.exe')).toBe('evil\\u202egifnoc.exe');
    expect(safeText('a\nb\tc\u0085')).toBe('a\\x0ab\\x09c\\x85');
    expect(safeText('Macintosh HD – Data 😀 Ünïcode')).toBe('Macintosh HD – Data 😀 Ünïcode');
  });
});
