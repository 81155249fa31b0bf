import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBenchStore, type BenchStore } from '../../../src/renderer/store/store';
import { BenchError } from '../../../src/shared/errors';
import type { Job } from '../../../src/shared/models/job';
import type { KioskState } from '../../../src/shared/models/kiosk';
import type { Session } from '../../../src/shared/models/session';
import { DEFAULT_SETTINGS } from '../../../src/shared/models/settings';
import type { Target } from '../../../src/shared/models/target';
import { FakeBridge } from '../../support/fake-bridge';
import { macTarget } from '../../support/targets';
import { jobIn, type JobFields } from '../../support/jobs';

// The renderer's store over a FakeBridge: what the screens read after the core answers or pushes.

const AT = '2026-11-26T10:00:00.000Z';
const session: Session = {
  id: 'session-1',
  technician: 'Sam',
  benchHost: 'bench',
  profileSha256: null,
  startedAt: AT,
  endedAt: null,
  kiosk: false,
  scripted: false,
};
const kiosk: KioskState = {
  enabled: false,
  locked: false,
  pinSet: false,
  failures: 0,
  backoffUntil: null,
  unlockedUntil: null,
  idleLockSeconds: 300,
};
const macA = macTarget('uuid:A', '/Volumes/Mac A - Data', { name: 'Mac A' });
const macB = macTarget('uuid:B', '/Volumes/Mac B - Data', { name: 'Mac B' });

const job = (targetId: string, state: Job['state'], fields: JobFields = {}): Job =>
  jobIn(state, { sessionId: session.id, targetId, profileSha256: 'ab'.repeat(32), bytesTotal: 1000, createdAt: AT, updatedAt: AT, ...fields });

/** Frames that come only when the test says so (requestAnimationFrame does not exist in Node). */
function fakeFrames() {
  const queue = new Map<number, () => void>();
  let next = 1;
  vi.stubGlobal('requestAnimationFrame', (run: () => void) => {
    queue.set(next, run);
    return next++;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queue.delete(id));
  return {
    draw() {
      const runs = [...queue.values()];
      queue.clear();
      runs.forEach((run) => run());
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the renderer store', () => {
  let bridge: FakeBridge;
  let store: BenchStore;
  let frames: ReturnType<typeof fakeFrames>;
  let targets: Target[];

  beforeEach(() => {
    frames = fakeFrames();
    targets = [macA];
    bridge = new FakeBridge({
      getSettings: () => ({ ...DEFAULT_SETTINGS, technicianName: 'Sam' }),
      getSession: () => session,
      listJobs: () => [job(macA.id, 'staged')],
      getKioskState: () => kiosk,
      listTargets: () => targets,
      listStaleStaged: () => [],
    });
    store = createBenchStore(bridge);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('loads what the screens show once the bridge connects, and says when it is not connected', async () => {
    expect(store.getState().connected).toBe(false);
    expect(bridge.calls).toEqual([]);
    bridge.setConnected(true);
    await settle();
    const state = store.getState();
    expect(state.connected).toBe(true);
    expect(state.settings?.technicianName).toBe('Sam');
    expect(state.session?.id).toBe('session-1');
    expect(state.targetOrder).toEqual([macA.id]);
    expect(state.jobs[macA.id]?.state).toBe('staged');
    expect(state.kiosk).toEqual(kiosk);
    // The status call has no answer in this table: its error is kept for the status screen.
    expect(state.statusError?.code).toBe('INTERNAL');
  });

  it('loads again after the connection comes back, so a Mac attached meanwhile appears', async () => {
    bridge.setConnected(true);
    await settle();
    bridge.setConnected(false);
    expect(store.getState().connected).toBe(false);
    targets = [macA, macB];
    bridge.setConnected(true);
    await settle();
    expect(store.getState().targetOrder).toEqual([macA.id, macB.id]);
    expect(bridge.callsOf('listTargets')).toHaveLength(2);
  });

  it('follows targets as they attach, change and detach, keeping attach order and dropping a detached selection', () => {
    bridge.push({ name: 'targetsChanged', payload: { type: 'attach', target: macA, at: AT } });
    bridge.push({ name: 'targetsChanged', payload: { type: 'attach', target: macB, at: AT } });
    store.getState().selectTarget(macA.id);
    bridge.push({ name: 'targetsChanged', payload: { type: 'update', target: { ...macA, name: 'Mac A renamed' }, at: AT } });
    expect(store.getState().targetOrder).toEqual([macA.id, macB.id]);
    expect(store.getState().targets[macA.id]?.name).toBe('Mac A renamed');
    bridge.push({ name: 'targetsChanged', payload: { type: 'detach', target: macA, at: AT } });
    expect(store.getState().targetOrder).toEqual([macB.id]);
    expect(store.getState().targets[macA.id]).toBeUndefined();
    expect(store.getState().selectedTargetId).toBeNull();
  });

  it("shows a job's new state at once, and reloads the session when a job of a newer one arrives", async () => {
    bridge.setConnected(true);
    await settle();
    bridge.push({ name: 'jobChanged', payload: job(macA.id, 'failed', { code: 'TARGET_READ_ONLY' }) });
    expect(store.getState().jobs[macA.id]).toMatchObject({ state: 'failed', code: 'TARGET_READ_ONLY' });
    const loadsBefore = bridge.callsOf('getSession').length;
    bridge.push({ name: 'jobChanged', payload: job(macB.id, 'queued', { sessionId: 'session-2' }) });
    expect(store.getState().jobs[macB.id]).toBeUndefined();
    await settle();
    expect(bridge.callsOf('getSession')).toHaveLength(loadsBefore + 1);
  });

  it('applies copy progress once per frame with the latest figure per Mac, and never after a later event', () => {
    const progress = (targetId: string, bytesWritten: number) =>
      ({ name: 'jobProgress', payload: { jobId: `job-${targetId}`, targetId, bytesWritten, bytesTotal: 1000 } }) as const;
    bridge.push(progress(macA.id, 100));
    bridge.push(progress(macA.id, 400));
    bridge.push(progress(macB.id, 200));
    expect(store.getState().progress).toEqual({});
    frames.draw();
    expect(store.getState().progress[macA.id]?.bytesWritten).toBe(400);
    expect(store.getState().progress[macB.id]?.bytesWritten).toBe(200);

    // A job change after some progress: the pending progress is applied first, then the change.
    bridge.push(progress(macA.id, 900));
    bridge.push({ name: 'jobChanged', payload: job(macA.id, 'verifying') });
    expect(store.getState().progress[macA.id]?.bytesWritten).toBe(900);
    expect(store.getState().jobs[macA.id]?.state).toBe('verifying');
  });

  it('tells the screens of a burst of pushed events once, at the next frame, and of their own changes at once', () => {
    const told = vi.fn();
    store.subscribe(told);
    bridge.push({ name: 'targetsChanged', payload: { type: 'attach', target: macB, at: AT } });
    bridge.push({
      name: 'jobChanged',
      payload: job(macA.id, 'staging', { attempts: 1, path: '/Volumes/Mac A - Data/Users/Shared/Enrollment/x.mobileconfig' }),
    });
    bridge.push({ name: 'jobChanged', payload: job(macB.id, 'queued') });
    // The store holds all of it at once; the screens hear of it when the frame comes.
    expect(store.getState().targetOrder).toContain(macB.id);
    expect(store.getState().jobs[macB.id]?.state).toBe('queued');
    expect(told).not.toHaveBeenCalled();
    frames.draw();
    expect(told).toHaveBeenCalledTimes(1);
    store.getState().selectTarget(macB.id);
    expect(told).toHaveBeenCalledTimes(2);
    frames.draw();
    expect(told).toHaveBeenCalledTimes(2);
  });

  it('counts journal rows so the log knows to look again, and starts a new session with no jobs shown', () => {
    store.setState({ jobs: { [macA.id]: job(macA.id, 'staged') } });
    const before = store.getState().journalVersion;
    bridge.push({
      name: 'journalAppended',
      payload: {
        seq: 1,
        at: AT,
        sessionId: session.id,
        targetId: null,
        jobId: null,
        kind: 'x',
        fromState: null,
        toState: null,
        code: null,
        message: null,
        profileSha256: null,
        path: null,
      },
    });
    bridge.push({ name: 'kioskChanged', payload: { ...kiosk, enabled: true, locked: true } });
    expect(store.getState().journalVersion).toBe(before + 2);
    expect(store.getState().kiosk?.locked).toBe(true);
    bridge.push({ name: 'sessionChanged', payload: { ...session, id: 'session-2' } });
    expect(store.getState().session?.id).toBe('session-2');
    expect(store.getState().jobs).toEqual({});
  });

  it('turns a refused call into a notice with its code, and a recorded serial into a confirmation', async () => {
    bridge.answer('stageTargets', () => {
      throw new BenchError('KIOSK_LOCKED');
    });
    await store.getState().stage('all');
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'error', code: 'KIOSK_LOCKED' });

    bridge.answer('setTargetSerial', ({ serial }) => ({ serial }));
    await expect(store.getState().setSerial(macA.id, 'C02XK0ZQ0D6')).resolves.toBe(true);
    expect(store.getState().notices.at(-1)).toMatchObject({ tone: 'success', text: expect.stringMatching(/^Serial C02XK0ZQ0D6 recorded for /) });
    expect(bridge.callsOf('setTargetSerial')).toEqual([{ targetId: macA.id, serial: 'C02XK0ZQ0D6' }]);
  });
});
