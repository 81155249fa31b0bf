import { describe, expect, it } from 'vitest';
import { createScanDetector } from '../../../src/renderer/logic/scan-detector';

function feed(keys: string, gapMs: number, start = 1000) {
  const detector = createScanDetector();
  let t = start;
  let result: string | null = null;
  for (const key of [...keys, 'Enter']) {
    result = detector.key(key, t);
    t += gapMs;
  }
  return result;
}

describe('telling a barcode scan from typing', () => {
  it('takes fast keystrokes ending in Enter as a scan', () => {
    expect(feed('C02XK1ABJG5H', 8)).toBe('C02XK1ABJG5H');
  });

  it('ignores a person typing at human speed', () => {
    expect(feed('C02XK1ABJG5H', 180)).toBeNull();
  });

  it('ignores short fast bursts (a shortcut, not a serial)', () => {
    expect(feed('abc', 5)).toBeNull();
  });

  it('starts over after a pause, so typed letters before a scan are not glued to it', () => {
    const detector = createScanDetector();
    detector.key('x', 0);
    detector.key('y', 100);
    let t = 1000;
    for (const key of 'K7GD2QXY9V') detector.key(key, (t += 10));
    expect(detector.key('Enter', t + 10)).toBe('K7GD2QXY9V');
  });
});
