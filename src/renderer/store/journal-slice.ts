import type { StateCreator } from 'zustand';
import type { JournalFilter, SessionSummary } from '../../shared/models/staging';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface JournalSlice {
  journalFilter: JournalFilter;
  /** Bumped whenever the core appends to the journal, so an open log view refreshes. */
  journalVersion: number;
  sessions: readonly SessionSummary[];
  setJournalFilter(filter: JournalFilter): void;
  loadSessions(): Promise<void>;
}

export const createJournalSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], JournalSlice> =>
  (set) => ({
    journalFilter: {},
    journalVersion: 0,
    sessions: [],
    setJournalFilter(filter) {
      set({ journalFilter: filter });
    },
    async loadSessions() {
      const result = await bridge.call('listSessions', {});
      if (result.ok) set({ sessions: result.value });
    },
  });
