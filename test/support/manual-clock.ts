import type { Clock } from '../../src/main/platform/clock';

/** A clock that only moves when the test moves it: back-off and idle timing without waiting. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(at: number | string): void;
}

export function manualClock(start: number | string = '2026-11-26T08:00:00.000Z'): ManualClock {
  let now = typeof start === 'number' ? start : Date.parse(start);
  return {
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    set: (at) => {
      now = typeof at === 'number' ? at : Date.parse(at);
    },
  };
}
