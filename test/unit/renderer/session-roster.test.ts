import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand';
import { departedState, tileState } from '../../../src/renderer/logic/tile-state';
import { createNoticesSlice, MAX_NOTICES, NOTICE_FADE_MS, type NoticesSlice } from '../../../src/renderer/store/notices-slice';
import { createTileCountsSelector } from '../../../src/renderer/store/tile-counts';
import type { Job } from '../../../src/shared/models/job';
import type { RosterEntry } from '../../../src/shared/models/staging';
import { createBenchStore } from '../../../src/renderer/store/store';
import { FakeBridge } from '../../support/fake-bridge';
import { carrierTarget, macTarget } from '../../support/targets';
import { jobIn } from '../../support/jobs';

const job = (targetId: string, state: Job['state'], confirmedBy?: string): Job => jobIn(state, { targetId, ...(confirmedBy ? { confirmedBy } : {}) });
const entry = (targetId: string, j: Job | null, kind: RosterEntry['kind'] = 'mac-volume'): RosterEntry => ({
  targetId, kind, name: targetId, serialNumber: null, macOSVersion: '15.4', macOSBuild: null, lastSeenAt: '', attached: false, job: j,
});

describe('the session roster in the counters', () => {
  it('counts unplugged Macs awaiting approval or enrolled, and never a carrier drive', () => {
    const stick = carrierTarget('stick', '/Volumes/STICK');
    const select = createTileCountsSelector();
    const counts = select({
      targetOrder: ['a', 'stick'],
      targets: { a: macTarget('a', '/Volumes/A'), stick },
      jobs: { stick: job('stick', 'staged'), gone: job('gone', 'awaiting-approval'), done: job('done', 'enrolled') },
      departedOrder: ['gone', 'done', 'old-stick'],
      departed: { gone: entry('gone', null), done: entry('done', null), 'old-stick': entry('old-stick', job('old-stick', 'staged'), 'carrier') },
    });
    expect(counts).toEqual({ ready: 1, staging: 0, staged: 0, awaiting: 1, enrolled: 1, failed: 0 });
  });

  it('offers Mark enrolled on an unplugged Mac awaiting approval, never on a drive, and gives Enrolled its own look', () => {
    expect(departedState('mac-volume', job('x', 'awaiting-approval'))).toMatchObject({ word: 'Awaiting approval', detail: 'Unplugged · awaiting approval on the Mac', canConfirm: true, canStage: false });
    expect(departedState('carrier', job('x', 'staged'))).toMatchObject({ canConfirm: false, isDrive: true });
    const stick = carrierTarget('stick', '/Volumes/STICK');
    expect(tileState(stick, job('stick', 'staged'))).toMatchObject({ word: 'Staged', canConfirm: false, isDrive: true });
    const enrolled = tileState(macTarget('a', '/Volumes/A'), job('a', 'enrolled', 'Ana'));
    const staged = tileState(macTarget('a', '/Volumes/A'), job('a', 'staged'));
    expect(enrolled).toMatchObject({ word: 'Enrolled', detail: 'Confirmed by Ana.', icon: 'seal', tone: 'done' });
    expect(staged.icon).not.toBe(enrolled.icon);
  });

  it('does not turn Ready amber for the bench-level simulated-volume notice', () => {
    const simulated = macTarget('a', '/Volumes/A', { constraints: [{ severity: 'warning', code: 'BENCH_DISK', message: 'This folder is on the bench’s own disk (allowed: the bench is simulating attached Macs).' }] });
    expect(tileState(simulated, null)).toMatchObject({ word: 'Ready', tone: 'ready', detail: null });
  });
});

describe('the next Mac a serial goes to', () => {
  it('is a Mac whose serial goes on the corporate identifier list: not one that cannot be staged, not a drive', () => {
    const store = createBenchStore(new FakeBridge());
    const readOnly = macTarget('ro', '/Volumes/RO', { writable: false, stageable: false, constraints: [{ severity: 'error', code: 'READ_ONLY', message: 'read-only' }] });
    store.setState({
      targetOrder: ['ro', 'stick', 'ready', 'failed'],
      targets: { ro: readOnly, stick: carrierTarget('stick', '/Volumes/STICK'), ready: macTarget('ready', '/Volumes/R'), failed: macTarget('failed', '/Volumes/F') },
      jobs: { failed: job('failed', 'failed'), gone: job('gone', 'awaiting-approval') },
      departedOrder: ['gone', 'never-staged'],
      departed: { gone: entry('gone', job('gone', 'awaiting-approval')), 'never-staged': entry('never-staged', null) },
    });
    expect(store.getState().nextWithoutSerial(null)).toBe('ready');
    expect(store.getState().nextWithoutSerial('ready')).toBe('gone');
    expect(store.getState().nextWithoutSerial('gone')).toBe('ready');
  });
});

describe('notices', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const store = () => createStore<NoticesSlice>()((...args) => createNoticesSlice(...(args as unknown as Parameters<typeof createNoticesSlice>)) as NoticesSlice);

  it('fade after about four seconds when they are good news; errors stay; three at most', () => {
    const s = store();
    s.getState().notify('error', 'Could not read the disk.');
    for (const n of [1, 2, 3]) s.getState().notify('success', `Done ${n}.`);
    expect(s.getState().notices.map((n) => n.text)).toEqual(['Done 1.', 'Done 2.', 'Done 3.']);
    expect(s.getState().notices).toHaveLength(MAX_NOTICES);
    s.getState().notify('error', 'Still an error.');
    vi.advanceTimersByTime(NOTICE_FADE_MS + 1);
    expect(s.getState().notices.map((n) => n.text)).toEqual(['Still an error.']);
  });

  it('run an undoable action after its delay, or never when undone', () => {
    const s = store();
    const ran: string[] = [];
    s.getState().deferWithUndo('Marking Mac A enrolled.', () => void ran.push('a'), 5000);
    const undone = s.getState().deferWithUndo('Removing a profile.', () => void ran.push('b'), 5000);
    s.getState().undo(undone);
    vi.advanceTimersByTime(4999);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(ran).toEqual(['a']);
    expect(s.getState().pending).toEqual([]);
  });
});
