import { BenchError } from '../../shared/errors';
import type { IntunePollState } from '../../shared/models/intune';
import type { Clock } from '../platform/clock';
import { retryAfterFromError } from './graph-client';

// A gentle poller for one session: a look at managedDevices every interval; after a failure the
// wait doubles (up to 30 minutes) and a Retry-After from Graph is always honoured; it stops when
// the session ends, when every Mac is confirmed, or when the sign-in is gone.

export interface SyncPollerOptions {
  readonly clock: Clock;
  readonly intervalMs: () => number;
  readonly sessionOpen: (sessionId: string) => boolean;
  readonly tick: (sessionId: string) => Promise<{ allConfirmed: boolean }>;
  readonly onChange: () => void;
  readonly log: (message: string, fields: Record<string, unknown>) => void;
}

export const MAX_BACKOFF_MS = 30 * 60 * 1000;

export function createSyncPoller(options: SyncPollerOptions) {
  let sessionId: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let nextAt: number | null = null;
  let lastAt: number | null = null;
  let lastErrorCode: string | null = null;
  let stoppedBecause: IntunePollState['stoppedBecause'] = 'not-started';
  let failures = 0;
  let running = false;

  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  const schedule = (waitMs: number) => {
    if (timer) clearTimeout(timer);
    nextAt = options.clock.now() + waitMs;
    timer = setTimeout(() => void run(), waitMs);
    timer.unref?.();
  };

  const stop = (why: NonNullable<IntunePollState['stoppedBecause']>) => {
    if (timer) clearTimeout(timer);
    timer = null;
    const was = sessionId !== null;
    sessionId = null;
    nextAt = null;
    if (was) {
      stoppedBecause = why;
      options.log('intune polling stopped', { why });
      options.onChange();
    }
  };

  async function run(): Promise<void> {
    timer = null;
    const id = sessionId;
    if (id === null || running) return;
    if (!options.sessionOpen(id)) return stop('session-ended');
    running = true;
    try {
      const { allConfirmed } = await options.tick(id);
      lastAt = options.clock.now();
      lastErrorCode = null;
      failures = 0;
      if (sessionId !== id) return;
      if (allConfirmed) return stop('all-confirmed');
      schedule(options.intervalMs());
    } catch (error) {
      lastAt = options.clock.now();
      lastErrorCode = error instanceof BenchError ? error.code : 'INTERNAL';
      failures++;
      if (sessionId !== id) return;
      if (lastErrorCode === 'INTUNE_NOT_SIGNED_IN' || lastErrorCode === 'INTUNE_DISABLED') return stop('signed-out');
      const backoff = Math.min(MAX_BACKOFF_MS, options.intervalMs() * 2 ** failures);
      const asked = retryAfterFromError(error) ?? 0;
      options.log('intune poll failed', { code: lastErrorCode, failures, nextInMs: Math.max(backoff, asked) });
      schedule(Math.max(backoff, asked));
    } finally {
      running = false;
      options.onChange();
    }
  }

  return {
    start(id: string): void {
      if (sessionId === id && (timer || running)) return;
      sessionId = id;
      stoppedBecause = null;
      failures = 0;
      schedule(0);
      options.onChange();
    },
    stop,
    /** Re-check the session (it may have ended). */
    check(): void {
      if (sessionId !== null && !options.sessionOpen(sessionId)) stop('session-ended');
    },
    state(): IntunePollState {
      return { running: sessionId !== null, sessionId, nextAt: iso(nextAt), lastAt: iso(lastAt), lastErrorCode, stoppedBecause };
    },
  };
}
