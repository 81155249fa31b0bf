/** The one source of "now" for everything in the core, so tests can set the date. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock fixed at a given instant (for `--now` on the CLI and for tests). */
export function fixedClock(at: number | Date | string): Clock {
  const ms = typeof at === 'number' ? at : new Date(at).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a date: ${String(at)}`);
  return { now: () => ms };
}

export function isoAt(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
