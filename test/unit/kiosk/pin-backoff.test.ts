import { describe, expect, it } from 'vitest';
import { backoffDelayMs, backoffUntil, DEFAULT_BACKOFF, isBackedOff } from '../../../src/main/kiosk/pin-backoff';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const t0 = Date.parse('2026-11-26T08:00:00.000Z');

describe('the wrong-PIN back-off schedule', () => {
  it('lets the first five mistakes through without a wait', () => {
    for (const failures of [0, 1, 2, 3, 4]) {
      expect(backoffDelayMs(failures)).toBe(0);
      expect(backoffUntil(failures, t0)).toBeNull();
      expect(isBackedOff(failures, t0, t0)).toBe(false);
    }
  });

  it('then doubles the wait with every further failure: 30 s, 60 s, 120 s, 240 s…', () => {
    expect([5, 6, 7, 8, 9].map((f) => backoffDelayMs(f))).toEqual([30 * SECOND, 60 * SECOND, 120 * SECOND, 240 * SECOND, 480 * SECOND]);
  });

  it('never waits longer than the cap, even after absurd failure counts', () => {
    expect(backoffDelayMs(11)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(backoffDelayMs(1_000_000)).toBe(30 * MINUTE);
    expect(Number.isFinite(backoffUntil(1_000_000, t0) ?? NaN)).toBe(true);
  });

  it('measures the wait from the last failure, to the millisecond', () => {
    expect(backoffUntil(5, t0)).toBe(t0 + 30 * SECOND);
    expect(isBackedOff(5, t0, t0 + 30 * SECOND - 1)).toBe(true);
    expect(isBackedOff(5, t0, t0 + 30 * SECOND)).toBe(false);
  });

  it('does not shorten the wait when the clock is set back', () => {
    expect(isBackedOff(6, t0, t0 - 10 * MINUTE)).toBe(true);
  });

  it('has nothing to wait for when no failure time was recorded', () => {
    expect(backoffUntil(7, null)).toBeNull();
  });

  it('follows a custom policy', () => {
    const policy = { freeAttempts: 2, firstDelayMs: 1000, maxDelayMs: 3000 };
    expect([0, 1, 2, 3, 4, 5].map((f) => backoffDelayMs(f, policy))).toEqual([0, 0, 1000, 2000, 3000, 3000]);
  });
});
