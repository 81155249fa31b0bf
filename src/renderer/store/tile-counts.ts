import { useMemo } from 'react';
import { countTiles, departedState, tileState, type Counts } from '../logic/tile-state';
import { useBench, type BenchState } from './store';

type CountsInput = Pick<BenchState, 'targetOrder' | 'targets' | 'jobs'> & Partial<Pick<BenchState, 'departedOrder' | 'departed'>>;

const sameCounts = (a: Counts, b: Counts) =>
  a.ready === b.ready && a.staging === b.staging && a.staged === b.staged && a.awaiting === b.awaiting && a.enrolled === b.enrolled && a.failed === b.failed;

/**
 * The counter strip's numbers as a store selector. It counts again only when the targets or the
 * jobs change (never for progress, journal or selection), and returns the same object for as long
 * as the numbers stay the same: a component that shows them re-renders only when one changes.
 */
export function createTileCountsSelector(): (state: CountsInput) => Counts {
  let seen: CountsInput | null = null;
  let counts: Counts | null = null;
  return (state) => {
    if (counts && seen && seen.targetOrder === state.targetOrder && seen.targets === state.targets && seen.jobs === state.jobs && seen.departed === state.departed) return counts;
    const { targetOrder, targets, jobs, departedOrder = [], departed = {} } = state;
    // The roster: the attached Macs and the session's unplugged ones (awaiting approval, enrolled).
    const next = countTiles([
      ...targetOrder.flatMap((id) => (targets[id] ? [tileState(targets[id], jobs[id] ?? null)] : [])),
      ...departedOrder.flatMap((id) => (departed[id] && !targets[id] ? [departedState(departed[id].kind, jobs[id] ?? departed[id].job)] : [])),
    ]);
    seen = { targetOrder, targets, jobs, departedOrder, departed };
    if (!counts || !sameCounts(counts, next)) counts = next;
    return counts;
  };
}

/** How many tiles are ready, staging, staged… (one selector per component that shows them). */
export function useTileCounts(): Counts {
  const select = useMemo(createTileCountsSelector, []);
  return useBench(select);
}
