import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createKeyedThrottle } from '../../../src/main/staging/throttle';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('progress throttled at the source', () => {
  it('delivers at most two updates a second per target, and always the last one', () => {
    const delivered: Array<[string, number]> = [];
    const throttle = createKeyedThrottle<number>(500, (key, value) => delivered.push([key, value]), { now: () => Date.now() });
    // 100 updates for each of two targets within one second.
    for (let i = 1; i <= 100; i += 1) {
      throttle.push('a', i);
      throttle.push('b', i * 10);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1000);
    const a = delivered.filter(([k]) => k === 'a').map(([, v]) => v);
    const b = delivered.filter(([k]) => k === 'b').map(([, v]) => v);
    expect(a.length).toBeLessThanOrEqual(3);
    expect(a.at(-1)).toBe(100);
    expect(b.at(-1)).toBe(1000);
  });

  it('flush delivers a pending value at once', () => {
    const delivered: number[] = [];
    const throttle = createKeyedThrottle<number>(500, (_k, v) => delivered.push(v), { now: () => Date.now() });
    throttle.push('a', 1);
    throttle.push('a', 2);
    throttle.flush('a');
    expect(delivered).toEqual([1, 2]);
  });
});
