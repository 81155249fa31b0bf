import type { StateCreator } from 'zustand';
import { rosterEntryOf, type RosterEntry } from '../../shared/models/staging';
import type { Target } from '../../shared/models/target';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

/**
 * The session's Macs that are not on the bench any more: staged, unplugged, and waiting for a person
 * to approve the profile at the Mac. They stay on the bench screen as compact rows until confirmed.
 */
export interface RosterSlice {
  /** What the journal knows of the session's unplugged Macs and drives, by target id. */
  departed: Readonly<Record<string, RosterEntry>>;
  /** Their ids, in the order they were first seen. */
  departedOrder: readonly string[];
  loadRoster(): Promise<void>;
  /** A target left the bench: keep it when this session staged it or recorded its serial. */
  keepDeparted(target: Target): void;
  /** A target came back (or the session changed): it is a tile again. */
  forgetDeparted(id: string): void;
  /** Facts of an unplugged Mac changed (a serial scanned for it). */
  patchDeparted(id: string, changes: Partial<RosterEntry>): void;
}

export const createRosterSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], RosterSlice> =>
  (set, get) => ({
    departed: {},
    departedOrder: [],
    async loadRoster() {
      const result = await bridge.call('getRoster', {});
      if (!result.ok) return;
      const live = get().targets;
      const gone = result.value.filter((e) => !e.attached && !live[e.targetId]);
      set({ departed: Object.fromEntries(gone.map((e) => [e.targetId, e])), departedOrder: gone.map((e) => e.targetId) });
    },
    keepDeparted(target) {
      const job = get().jobs[target.id] ?? null;
      if (!job) return;
      const entry = rosterEntryOf(target, { attached: false, lastSeenAt: new Date().toISOString(), job });
      const { departed, departedOrder } = get();
      set({ departed: { ...departed, [target.id]: entry }, departedOrder: departedOrder.includes(target.id) ? departedOrder : [...departedOrder, target.id] });
    },
    forgetDeparted(id) {
      const { departed, departedOrder } = get();
      if (!departed[id]) return;
      const next = { ...departed };
      delete next[id];
      set({ departed: next, departedOrder: departedOrder.filter((d) => d !== id) });
    },
    patchDeparted(id, changes) {
      const entry = get().departed[id];
      if (entry) set({ departed: { ...get().departed, [id]: { ...entry, ...changes } } });
    },
  });
