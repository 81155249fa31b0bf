import { describe, expect, it } from 'vitest';
import { calls, type CallName } from '../../../src/shared/contract';
import { dispatch, type CallHandlers } from '../../../src/main/core/dispatch';
import { BenchError } from '../../../src/shared/errors';

describe('who may make which call', () => {
  it('leaves open only what a locked station needs: status, its kiosk state, and the ways to unlock, lock and leave', () => {
    const access = Object.fromEntries((Object.keys(calls) as CallName[]).map((name) => [name, calls[name].access]));
    expect(access).toMatchObject({
      getStatus: 'open',
      getKioskState: 'open',
      unlockKiosk: 'open',
      lockKiosk: 'open',
      leaveKiosk: 'open',
      enterKiosk: 'admin',
      setKioskPin: 'admin',
    });
  });

  it('refuses an unauthorised call before reading its parameters, so any payload gets the same answer', async () => {
    const handlers = {} as CallHandlers;
    const locked = { authorise: () => { throw new BenchError('KIOSK_LOCKED'); } };
    for (const params of [{}, { newPin: 1 }, 'garbage', undefined]) {
      expect(await dispatch(handlers, 'setKioskPin', params, { door: 'web-host' }, locked)).toMatchObject({
        ok: false,
        error: { code: 'KIOSK_LOCKED' },
      });
    }
  });
});
