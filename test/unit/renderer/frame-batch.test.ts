import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand';
import type { FrameBatchedEvent } from '../../../src/renderer/store/frame-batch';
import { createFrameBatch, createNotificationHold, type Batch, type Schedule } from '../../../src/renderer/store/frame-batch';

/** A frame clock the test advances by hand. */
function manualFrames(): { schedule: Schedule; frame: () => void; pending: () => number } {
  let queued: Array<() => void> = [];
  return {
    schedule: (run) => {
      queued.push(run);
      return () => {
        queued = queued.filter((r) => r !== run);
      };
    },
    frame: () => {
      const runs = queued;
      queued = [];
      runs.forEach((run) => run());
    },
    pending: () => queued.length,
  };
}

const progress = (targetId: string, bytesWritten: number): FrameBatchedEvent => ({
  name: 'jobProgress',
  payload: { jobId: `job-${targetId}`, targetId, bytesWritten, bytesTotal: 100 },
});
const journal: FrameBatchedEvent = {
  name: 'journalAppended',
  payload: { seq: 1, at: '', sessionId: null, targetId: null, jobId: null, kind: 'job-state', fromState: null, toState: null, code: null, message: null, profileSha256: null, path: null },
};

describe('events batched per frame', () => {
  it('reach the store once per frame, with the latest progress of each target', () => {
    const frames = manualFrames();
    const applied: Batch[] = [];
    const batch = createFrameBatch((b) => applied.push(b), frames.schedule);
    batch.push(progress('a', 10));
    batch.push(progress('b', 5));
    batch.push(progress('a', 20));
    batch.push(journal);
    batch.push(journal);
    expect(applied).toEqual([]);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(applied).toHaveLength(1);
    expect(applied[0]?.progress.map((p) => [p.targetId, p.bytesWritten])).toEqual([['a', 20], ['b', 5]]);
    expect(applied[0]?.journalAppended).toBe(2);
  });

  it('are handed over at once when another event comes, so the order of events is kept', () => {
    const frames = manualFrames();
    const applied: Batch[] = [];
    const batch = createFrameBatch((b) => applied.push(b), frames.schedule);
    batch.push(progress('a', 10));
    batch.flush();
    expect(applied).toHaveLength(1);
    expect(frames.pending()).toBe(0);
    frames.frame();
    batch.flush();
    expect(applied).toHaveLength(1);
  });
});

describe("the store's subscribers hear of pushed events once per frame", () => {
  const counterStore = () => createStore<{ pushed: number; clicked: number }>()(() => ({ pushed: 0, clicked: 0 }));

  it('a burst of pushed events changes the state at once, and is told once, at the frame, from the state before it', () => {
    const frames = manualFrames();
    const store = counterStore();
    const notifications = createNotificationHold(store, frames.schedule);
    const told: Array<[number, number]> = [];
    store.subscribe((state, previous) => told.push([state.pushed, previous.pushed]));
    for (let i = 1; i <= 5; i += 1) notifications.hold(() => store.setState({ pushed: i }));
    expect(store.getState().pushed).toBe(5);
    expect(told).toEqual([]);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(told).toEqual([[5, 0]]);
    frames.frame();
    expect(told).toHaveLength(1);
  });

  it("tells a change of the page's own at once, together with what was held before it", () => {
    const frames = manualFrames();
    const store = counterStore();
    const notifications = createNotificationHold(store, frames.schedule);
    const told: Array<{ pushed: number; clicked: number }> = [];
    const unsubscribe = store.subscribe((state) => told.push({ ...state }));
    notifications.hold(() => store.setState({ pushed: 1 }));
    store.setState({ clicked: 1 });
    expect(told).toEqual([{ pushed: 1, clicked: 1 }]);
    frames.frame();
    expect(told).toHaveLength(1);
    unsubscribe();
    store.setState({ clicked: 2 });
    expect(told).toHaveLength(1);
  });

  it("applies the frame batch at the frame, before telling, in the same notification", () => {
    const frames = manualFrames();
    const store = counterStore();
    const notifications = createNotificationHold(store, frames.schedule);
    const batch = createFrameBatch((b) => store.setState({ pushed: store.getState().pushed + b.journalAppended }), notifications.atFrame);
    let told = 0;
    store.subscribe(() => (told += 1));
    notifications.hold(() => batch.push(journal));
    notifications.hold(() => batch.push(journal));
    notifications.hold(() => store.setState({ clicked: 7 }));
    expect(store.getState()).toEqual({ pushed: 0, clicked: 7 });
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(store.getState()).toEqual({ pushed: 2, clicked: 7 });
    expect(told).toBe(1);
  });
});
