import type { StateCreator } from 'zustand';
import type { Target, TargetEvent } from '../../shared/models/target';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface TargetsSlice {
  /** Targets by id: a tile selects its own entry, so an update re-renders one tile only. */
  targets: Readonly<Record<string, Target>>;
  /** Ids in attach order: the grid re-renders only when a target comes or goes. */
  targetOrder: readonly string[];
  selectedTargetId: string | null;
  loadTargets(): Promise<void>;
  rescan(): Promise<void>;
  applyTargetEvent(event: TargetEvent): void;
  selectTarget(id: string | null): void;
}

export const createTargetsSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], TargetsSlice> =>
  (set, get) => ({
    targets: {},
    targetOrder: [],
    selectedTargetId: null,
    async loadTargets() {
      const result = await bridge.call('listTargets', {});
      if (!result.ok) return;
      set({ targets: Object.fromEntries(result.value.map((t) => [t.id, t])), targetOrder: result.value.map((t) => t.id) });
    },
    async rescan() {
      const result = await bridge.call('rescanTargets', {});
      if (!result.ok) return get().notifyError(result.error);
      set({ targets: Object.fromEntries(result.value.map((t) => [t.id, t])), targetOrder: result.value.map((t) => t.id) });
      const n = result.value.length;
      get().notify('info', `Looked again: ${n === 0 ? 'nothing' : n === 1 ? '1 Mac or drive' : `${n} Macs and drives`} attached.`);
    },
    applyTargetEvent(event) {
      const { targets, targetOrder, selectedTargetId } = get();
      if (event.type === 'detach') {
        // A Mac of this session stays on the bench screen as a row (roster-slice.ts).
        get().keepDeparted(targets[event.target.id] ?? event.target);
        const next = { ...targets };
        delete next[event.target.id];
        set({
          targets: next,
          targetOrder: targetOrder.filter((id) => id !== event.target.id),
          selectedTargetId: selectedTargetId === event.target.id ? null : selectedTargetId,
        });
        return;
      }
      get().forgetDeparted(event.target.id);
      set({
        targets: { ...targets, [event.target.id]: event.target },
        targetOrder: targetOrder.includes(event.target.id) ? targetOrder : [...targetOrder, event.target.id],
      });
    },
    selectTarget(id) {
      set({ selectedTargetId: id });
    },
  });
