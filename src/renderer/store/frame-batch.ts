import type { BenchEvent } from '../../shared/contract';
import type { JobProgress } from '../../shared/models/job';

/** Runs a callback once, soon; returns a function that cancels it. */
export type Schedule = (run: () => void) => () => void;

/**
 * The browser's next frame, or 100 ms from now if no frame comes first: a hidden or minimised
 * window draws no frames, and its store should still follow the bench (its screen reader, its
 * dock badge). What waits is bounded either way: one progress per target and a count.
 */
export const nextFrameOrSoon: Schedule = (run) => {
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

/** The events that arrive by the hundred per second on a full bench, and what is kept of them. */
export type FrameBatchedEvent = Extract<BenchEvent, { name: 'jobProgress' | 'journalAppended' }>;

export interface Batch {
  /** The latest progress of each target that reported any. */
  readonly progress: readonly JobProgress[];
  /** How many journal rows were appended (the log view only needs to know that it should look). */
  readonly journalAppended: number;
}

export interface FrameBatch {
  push(event: FrameBatchedEvent): void;
  /** Hand over what is pending now: before any other event is applied, so events keep their order. */
  flush(): void;
}

export function isFrameBatched(event: BenchEvent): event is FrameBatchedEvent {
  return event.name === 'jobProgress' || event.name === 'journalAppended';
}

/**
 * Every store update wakes every tile's subscription, and a bench of copying Macs sends one
 * progress event per Mac every 500 ms and a journal row per job transition. Only the latest
 * progress of each target matters, nothing can be seen between two frames, and the log view just
 * needs to know that rows were added: these are kept and handed to the store together once per
 * frame, one update instead of one per event.
 */
export function createFrameBatch(apply: (batch: Batch) => void, schedule: Schedule = nextFrameOrSoon): FrameBatch {
  const progress = new Map<string, JobProgress>();
  let journalAppended = 0;
  let cancel: (() => void) | null = null;
  const flush = () => {
    cancel?.();
    cancel = null;
    if (progress.size === 0 && journalAppended === 0) return;
    const batch: Batch = { progress: [...progress.values()], journalAppended };
    progress.clear();
    journalAppended = 0;
    apply(batch);
  };
  return {
    push(event) {
      if (event.name === 'jobProgress') progress.set(event.payload.targetId, event.payload);
      else journalAppended += 1;
      cancel ??= schedule(flush);
    },
    flush,
  };
}
