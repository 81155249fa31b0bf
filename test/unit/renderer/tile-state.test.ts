import { describe, expect, it } from 'vitest';
import { countTiles, tileState } from '../../../src/renderer/logic/tile-state';
import type { Job } from '../../../src/shared/models/job';
import { macTarget, usbTarget } from '../../support/targets';
import { jobIn } from '../../support/jobs';

const target = macTarget('mac-1', '/Volumes/Mac - Data');
const job = (state: Job['state'], code?: string, message: string | null = null): Job => jobIn(state, { id: 'j', message, ...(code ? { code } : {}) });

describe('what a target tile says', () => {
  it('is ready to stage when nothing blocks it', () => {
    expect(tileState(target, null)).toMatchObject({ word: 'Ready', icon: 'ready', canStage: true, group: 'ready' });
  });

  it('shows a warning without blocking (macOS 13: allowed, not supported)', () => {
    const warned = { ...target, constraints: [{ severity: 'warning' as const, code: 'W', message: 'macOS 13 is allowed but not supported.' }] };
    expect(tileState(warned, null)).toMatchObject({ word: 'Ready', tone: 'warn', detail: 'macOS 13 is allowed but not supported.' });
  });

  it('cannot stage a target with an error constraint, and says why', () => {
    const old = { ...target, stageable: false, constraints: [{ severity: 'error' as const, code: 'E', message: 'macOS 11 is too old.' }] };
    expect(tileState(old, null)).toMatchObject({ word: 'Cannot stage', canStage: false, detail: 'macOS 11 is too old.' });
  });

  it('tells the person to boot a Recovery-mode Mac into Share Disk', () => {
    expect(tileState(usbTarget('ecid:1', { mode: 'recovery' }), null)).toMatchObject({ word: 'In Recovery/DFU', icon: 'cable' });
  });

  it.each([
    ['queued', 'Queued', 'clock', 'staging'],
    ['staging', 'Copying', 'spinner', 'staging'],
    ['verifying', 'Verifying', 'spinner', 'staging'],
    ['staged', 'Staged', 'check', 'staged'],
    ['awaiting-approval', 'Awaiting approval', 'user', 'awaiting'],
    ['enrolled', 'Enrolled', 'seal', 'enrolled'],
    ['failed', 'Failed', 'cross', 'failed'],
    ['blocked', 'Blocked', 'blocked', 'failed'],
  ] as const)('job %s reads "%s" with icon %s', (state, word, icon, group) => {
    expect(tileState(target, job(state))).toMatchObject({ word, icon, group });
  });

  it('gives one instruction for the station: unplug when done, plug in again when disconnected', () => {
    expect(tileState(target, job('staged')).instruction).toBe('Unplug — done.');
    expect(tileState(target, job('failed', 'STAGE_DISCONNECTED')).instruction).toBe('Plug in the cable again.');
    expect(tileState(target, job('blocked', 'PROFILE_EXPIRED')).instruction).toBe('Call a supervisor: profile expired.');
  });

  it('counts tiles for the counter strip', () => {
    const states = [tileState(target, null), tileState(target, job('staging')), tileState(target, job('staged')), tileState(target, job('failed'))];
    expect(countTiles(states)).toEqual({ ready: 1, staging: 1, staged: 1, awaiting: 0, enrolled: 0, failed: 1 });
  });

  it('counts failed, blocked and interrupted as failed, as the dock badge and `sessions` do; cancelled is not', () => {
    const states = (['failed', 'blocked', 'interrupted', 'cancelled'] as const).map((state) => tileState(target, job(state)));
    expect(countTiles(states).failed).toBe(3);
  });
});
