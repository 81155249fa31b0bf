import type { StateCreator } from 'zustand';
import type { BenchErrorData } from '../../shared/errors';
import type { BenchState } from './store';

export interface Notice {
  readonly id: number;
  readonly tone: 'info' | 'success' | 'error';
  readonly text: string;
  readonly code?: string;
}

export interface NoticesSlice {
  notices: readonly Notice[];
  notify(tone: Notice['tone'], text: string, code?: string): void;
  notifyError(error: BenchErrorData): void;
  dismissNotice(id: number): void;
}

let nextNoticeId = 1;

/** Short messages shown in one live region (errors stay until dismissed, others fade). */
export const createNoticesSlice: StateCreator<BenchState, [], [], NoticesSlice> = (set, get) => ({
  notices: [],
  notify(tone, text, code) {
    const id = nextNoticeId++;
    set({ notices: [...get().notices.slice(-4), { id, tone, text, ...(code ? { code } : {}) }] });
    if (tone !== 'error') setTimeout(() => get().dismissNotice(id), 6000);
  },
  notifyError(error) {
    get().notify('error', error.message, error.code);
  },
  dismissNotice(id) {
    set({ notices: get().notices.filter((n) => n.id !== id) });
  },
});
