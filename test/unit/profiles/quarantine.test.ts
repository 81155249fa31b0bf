import { describe, expect, it } from 'vitest';
import { noQuarantine, parseQuarantineTimestamp, platformQuarantineReader } from '../../../src/main/profiles/quarantine';

describe('the macOS quarantine attribute', () => {
  it.each([
    ['a Safari download', '0083;674a1b2c;Safari;9C3B5E2F-1D4A-4B6C-8E7F-0A1B2C3D4E5F', 0x674a1b2c * 1000],
    ['a Chrome download (no event id)', '0081;6745f3a0;Chrome;', 0x6745f3a0 * 1000],
    ['upper-case hex and a trailing newline', '0083;674A1B2C;Safari;\n', 0x674a1b2c * 1000],
  ])('reads the download time of %s', (_name, value, ms) => {
    expect(parseQuarantineTimestamp(value)).toBe(ms);
  });

  it.each([
    ['an empty value', ''],
    ['a single field', '0083'],
    ['a timestamp that is not hex', '0083;yesterday;Safari;'],
    ['a zero timestamp', '0083;0;Safari;'],
    ['an absurdly long timestamp', '0083;ffffffffffffffffff;Safari;'],
  ])('ignores %s', (_name, value) => {
    expect(parseQuarantineTimestamp(value)).toBeNull();
  });

  it('is not read on platforms without it', async () => {
    expect(platformQuarantineReader('linux')).toBe(noQuarantine);
    expect(await platformQuarantineReader('win32')('/any/file')).toBeNull();
  });
});
