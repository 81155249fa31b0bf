import { describe, expect, it } from 'vitest';
import { compareMacOSVersions, isAtLeast, parseMacOSVersion } from '../../../src/shared/rules/macos-version';

describe('macOS version numbers', () => {
  it.each([
    ['14.7.4', [14, 7, 4]],
    ['13.1', [13, 1, 0]],
    ['12', [12, 0, 0]],
    [' 15.4 ', [15, 4, 0]],
    ['10.3.9', [10, 3, 9]],
    ['', null],
    ['Arch Linux', null],
    ['14.7.4.1', null],
    ['14.x', null],
    [null, null],
  ])('%j reads as %j', (text, expected) => {
    expect(parseMacOSVersion(text)).toEqual(expected);
  });

  it('orders numerically, not as text', () => {
    expect(compareMacOSVersions('10.15.4', '11.0')).toBeLessThan(0);
    expect(compareMacOSVersions('13.10', '13.9')).toBeGreaterThan(0);
    expect(compareMacOSVersions('14', '14.0.0')).toBe(0);
  });

  it('knows the thresholds that matter for enrollment', () => {
    expect(isAtLeast('13.0.1', '13.1')).toBe(false);
    expect(isAtLeast('13.1', '13.1')).toBe(true);
    expect(isAtLeast('12.7.6', '12.0')).toBe(true);
    expect(isAtLeast('11.7.10', '12.0')).toBe(false);
    expect(isAtLeast('garbage', '12.0')).toBe(false);
  });
});
