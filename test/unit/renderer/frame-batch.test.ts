import { describe, expect, it } from 'vitest';
import type { FrameBatchedEvent } from '../../../src/renderer/store/frame-batch';
import { createFrameBatch, type Batch, type Schedule } from '../../../src/renderer/store/frame-batch';

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
