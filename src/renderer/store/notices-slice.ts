import type { StateCreator } from 'zustand';
import type { BenchErrorData } from '../../shared/errors';
import type { BenchState } from './store';

export interface Notice {
  readonly id: number;
  readonly tone: 'info' | 'success' | 'error';
  readonly text: string;
  readonly code?: string;
}

/** A note shown on one tile or row: where the thing it is about is (a serial saved, a refusal). */
export interface TileNote {
  readonly id: number;
  readonly tone: 'success' | 'error';
  readonly text: string;
  readonly code?: string;
}

/** Something about to happen that a person can still take back (Mark enrolled, Remove profile…). */
export interface PendingAction {
  readonly id: number;
  readonly text: string;
  /** When it runs (ms since the epoch, the page's clock). */
  readonly runsAt: number;
}

export interface NoticesSlice {
  notices: readonly Notice[];
  tileNotes: Readonly<Record<string, TileNote>>;
  pending: readonly PendingAction[];
  /** The keyboard shortcut list is open (the ? key). */
  shortcutsOpen: boolean;
  notify(tone: Notice['tone'], text: string, code?: string): void;
  notifyError(error: BenchErrorData): void;
  dismissNotice(id: number): void;
  /** A note on one tile: successes fade, errors stay there until the next action on that tile. */
  noteOnTile(targetId: string, tone: TileNote['tone'], text: string, code?: string): void;
  clearTileNote(targetId: string): void;
  /** Run `action` after `delayMs` unless undone; the notice says what will happen. */
  deferWithUndo(text: string, action: () => Promise<void> | void, delayMs?: number): number;
  undo(id: number): void;
  /**
   * Run every pending action now: the page is closing (pagehide), and closing is not undoing. Each
   * action must send its calls to the core before its first await, so they leave with the page.
   */
  flushPending(): void;
}

/** How long a success or an info notice stays (errors stay until dismissed). */
export const NOTICE_FADE_MS = 4000;
/** At most this many notices at once: older ones make room. */
export const MAX_NOTICES = 3;
/** How long an action can be undone. */
export const UNDO_MS = 5000;

let nextNoticeId = 1;
const runners = new Map<number, { timer: ReturnType<typeof setTimeout>; action: () => Promise<void> | void }>();

/** Short messages: successes fade after ~4 s, errors stay, three at most; undoable actions wait. */
export const createNoticesSlice: StateCreator<BenchState, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  tileNotes: {},
  pending: [],
  shortcutsOpen: false,
  notify(tone, text, code) {
    const id = nextNoticeId++;
    const kept = get().notices.filter((n) => n.text !== text);
    set({ notices: [...kept, { id, tone, text, ...(code ? { code } : {}) }].slice(-MAX_NOTICES) });
    if (tone !== 'error') setTimeout(() => get().dismissNotice(id), NOTICE_FADE_MS);
  },
  notifyError(error) {
    get().notify('error', error.message, error.code);
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
  noteOnTile(targetId, tone, text, code) {
    const id = nextNoticeId++;
    set({ tileNotes: { ...get().tileNotes, [targetId]: { id, tone, text, ...(code ? { code } : {}) } } });
    if (tone === 'success') {
      setTimeout(() => {
        if (get().tileNotes[targetId]?.id === id) get().clearTileNote(targetId);
      }, NOTICE_FADE_MS);
    }
  },
  clearTileNote(targetId) {
    if (!get().tileNotes[targetId]) return;
    const next = { ...get().tileNotes };
    delete next[targetId];
    set({ tileNotes: next });
  },
  deferWithUndo(text, action, delayMs = UNDO_MS) {
    const id = nextNoticeId++;
    const run = () => {
      runners.delete(id);
      set({ pending: get().pending.filter((p) => p.id !== id) });
      void action();
    };
    runners.set(id, { timer: setTimeout(run, delayMs), action });
    set({ pending: [...get().pending, { id, text, runsAt: Date.now() + delayMs }] });
    return id;
  },
  undo(id) {
    const runner = runners.get(id);
    if (runner) clearTimeout(runner.timer);
    runners.delete(id);
    set({ pending: get().pending.filter((p) => p.id !== id) });
  },
  flushPending() {
    for (const [id, runner] of [...runners]) {
      clearTimeout(runner.timer);
      runners.delete(id);
      void runner.action();
    }
    set({ pending: [] });
  },
});
