import type { StoreApi } from 'zustand';
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

type Listener<S> = (state: S, previous: S) => void;

/** What a store's subscribers hear of pushed events: once per frame (createNotificationHold). */
export interface NotificationHold {
  /** Apply a pushed event: the state changes now, its subscribers hear of it at the next frame. */
  hold(update: () => void): void;
  /** A Schedule for the frame batch: its update runs at the frame, before the subscribers are told. */
  readonly atFrame: Schedule;
}

/**
 * Every subscriber of the store (each tile, the counter strip, the toolbar) runs its selector on
 * every update it is told of. A full bench pushes a thousand events a second (jobChanged,
 * targetsChanged, and the frame batch's progress before each of them), so at 512 Macs the page
 * spent its frames running selectors and fell behind the stream (`npm run bench -- renderer`).
 * Nothing can be seen between two frames: a pushed event still changes the state at once (a
 * read of the store sees it), but the subscribers are told once per frame, of everything held
 * since the last. An update of the page's own (a click, a key, a call's answer) is told at once,
 * together with whatever was held before it, so what the user does shows without a frame's wait.
 */
export function createNotificationHold<S>(store: StoreApi<S>, schedule: Schedule = nextFrameOrSoon): NotificationHold {
  const listeners = new Set<Listener<S>>();
  let holding = 0;
  /** The state before the first held update since the subscribers were last told. */
  let heldFrom: { readonly state: S } | null = null;
  let cancelFrame: (() => void) | null = null;
  const atFrame = new Set<() => void>();
  const tell = (state: S, previous: S) => [...listeners].forEach((listener) => listener(state, previous));
  const hold = (update: () => void) => {
    holding += 1;
    try {
      update();
    } finally {
      holding -= 1;
    }
  };
  const frame = () => {
    cancelFrame?.();
    cancelFrame = null;
    const runs = [...atFrame];
    atFrame.clear();
    hold(() => runs.forEach((run) => run()));
    if (!heldFrom) return;
    const previous = heldFrom.state;
    heldFrom = null;
    tell(store.getState(), previous);
  };
  const wantFrame = () => {
    cancelFrame ??= schedule(frame);
  };
  store.subscribe((state, previous) => {
    if (holding > 0) {
      heldFrom ??= { state: previous };
      wantFrame();
      return;
    }
    const from = heldFrom ? heldFrom.state : previous;
    heldFrom = null;
    tell(state, from);
  });
  // From now on a subscriber (useStore) is told by the hold above, not by the store itself.
  store.subscribe = (listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
  return {
    hold,
    atFrame: (run) => {
      atFrame.add(run);
      wantFrame();
      return () => {
        atFrame.delete(run);
      };
    },
  };
}
