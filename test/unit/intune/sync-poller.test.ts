import { describe, expect, it } from 'vitest';
import { createSyncPoller, MAX_BACKOFF_MS } from '../../../src/main/intune/sync-poller';
import { retryAfterMs } from '../../../src/main/intune/graph-client';
import { BenchError } from '../../../src/shared/errors';
import { manualClock } from '../../support/manual-clock';

// The poller's schedule, read from its state after each look: a failure doubles the wait, a
// throttled answer waits at least as long as Graph asked, and the sign-in going away stops it.

function poller(tick: () => Promise<{ allConfirmed: boolean }>, open = () => true) {
  const clock = manualClock('2026-11-26T08:00:00.000Z');
  let looks = 0;
  const p = createSyncPoller({
    clock,
    intervalMs: () => 60_000,
    sessionOpen: open,
    tick: async () => {
      looks++;
      return tick();
    },
    onChange: () => {},
    log: () => {},
  });
  const waitMs = () => Date.parse(p.state().nextAt ?? '') - clock.now();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return { p, clock, waitMs, settle, looks: () => looks };
}

describe('the Intune sync poller', () => {
  it('looks at once, then every interval while Macs are still missing', async () => {
    const { p, waitMs, settle, looks } = poller(async () => ({ allConfirmed: false }));
    p.start('s1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
    expect(looks()).toBe(1);
    expect(waitMs()).toBe(60_000);
    p.stop('asked');
  });

  it('doubles the wait after each failure, up to 30 minutes, and honours a longer Retry-After', async () => {
    const errors = [
      new BenchError('INTUNE_OFFLINE'),
      new BenchError('INTUNE_THROTTLED', '429 TooManyRequests; retry after 900 s (after 4 attempts)'),
    ];
    const { p, waitMs, settle } = poller(async () => {
      throw errors.shift() ?? new BenchError('INTUNE_OFFLINE');
    });
    p.start('s1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
    expect(waitMs()).toBe(120_000);
    expect(p.state().lastErrorCode).toBe('INTUNE_OFFLINE');
    p.stop('asked');
    p.start('s1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await settle();
    expect(waitMs()).toBe(900_000);
    expect(p.state().lastErrorCode).toBe('INTUNE_THROTTLED');
    p.stop('asked');
    expect(MAX_BACKOFF_MS).toBe(30 * 60 * 1000);
  });

  it('stops when the sign-in is gone, and when the session has ended', async () => {
    const signedOut = poller(async () => {
      throw new BenchError('INTUNE_NOT_SIGNED_IN');
    });
    signedOut.p.start('s1');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await signedOut.settle();
    expect(signedOut.p.state()).toMatchObject({ running: false, stoppedBecause: 'signed-out', nextAt: null });

    let open = true;
    const ended = poller(
      async () => ({ allConfirmed: false }),
      () => open,
    );
    ended.p.start('s2');
    open = false;
    ended.p.check();
    expect(ended.p.state()).toMatchObject({ running: false, stoppedBecause: 'session-ended' });
  });
});

describe('Retry-After', () => {
  it.each([
    ['seconds', '120', 120_000],
    ['zero', '0', 0],
    ['an HTTP date', 'Thu, 26 Nov 2026 08:01:30 GMT', 90_000],
    ['a date in the past', 'Thu, 26 Nov 2026 07:00:00 GMT', 0],
    ['nonsense', 'soon', null],
    ['absent', null, null],
  ] as const)('%s', (_name, header, expected) => {
    expect(retryAfterMs(header, Date.parse('2026-11-26T08:00:00.000Z'))).toBe(expected);
  });
});
