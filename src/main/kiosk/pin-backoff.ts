// The wrong-PIN back-off, as pure arithmetic over the persisted failure count and the time of the
// last failure (both survive a restart). The first few mistakes are free, because people mistype;
// after that every further attempt waits twice as long as the one before, up to a cap, so a
// four-digit PIN cannot be walked through in a shift.

export interface BackoffPolicy {
  /** Consecutive wrong PINs allowed without any wait. */
  readonly freeAttempts: number;
  /** The wait after the last free attempt fails; doubles with each further failure. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  freeAttempts: 5,
  firstDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
};

/** How long to wait after `failures` consecutive wrong PINs: 0 for the free ones, then 30 s, 60 s, 120 s… */
export function backoffDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (failures < policy.freeAttempts) return 0;
  const doublings = failures - policy.freeAttempts;
  // Cap the exponent before computing, so a huge stored count cannot overflow to Infinity.
  const delay = policy.firstDelayMs * 2 ** Math.min(doublings, 40);
  return Math.min(delay, policy.maxDelayMs);
}

/** The instant before which no PIN is checked, or null when an attempt may be made now or at any time. */
export function backoffUntil(
  failures: number,
  lastFailureAt: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number | null {
  const delay = backoffDelayMs(failures, policy);
  if (delay === 0 || lastFailureAt === null) return null;
  return lastFailureAt + delay;
}

/**
 * Must an attempt at `now` be refused? A clock set back does not shorten the wait: the wait is
 * measured from the recorded failure, so moving the clock backwards only lengthens it.
 */
export function isBackedOff(
  failures: number,
  lastFailureAt: number | null,
  now: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): boolean {
  const until = backoffUntil(failures, lastFailureAt, policy);
  return until !== null && now < until;
}
