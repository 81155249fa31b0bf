import { useMemo } from 'react';
import type { Job, JobProgress } from '../../shared/models/job';
import type { Target } from '../../shared/models/target';
import { useBench, type BenchState } from './store';

/** Everything one target tile shows from the store. */
export interface TileSnapshot {
  readonly target: Target | undefined;
  readonly job: Job | null;
  readonly progress: JobProgress | undefined;
  readonly selected: boolean;
  /** Roving focus: the selected tile, or the first one when none is, is the grid's one tab stop. */
  readonly tabStop: boolean;
}

type SnapshotInput = Pick<BenchState, 'targets' | 'jobs' | 'progress' | 'selectedTargetId' | 'targetOrder'>;

/**
 * One selector per tile instead of one per field. The store tells every subscriber about every
 * change, so with hundreds of tiles the number of subscriptions is what each pushed event costs;
 * this one returns the same object until something its tile shows changes.
 */
export function createTileSnapshotSelector(id: string): (state: SnapshotInput) => TileSnapshot {
  let last: TileSnapshot | null = null;
  return (s) => {
    const target = s.targets[id];
    const job = s.jobs[id] ?? null;
    const progress = s.progress[id];
    const selected = s.selectedTargetId === id;
    const tabStop = selected || (s.selectedTargetId === null && s.targetOrder[0] === id);
    if (last && last.target === target && last.job === job && last.progress === progress && last.selected === selected && last.tabStop === tabStop) {
      return last;
    }
    last = { target, job, progress, selected, tabStop };
    return last;
  };
}

export function useTileSnapshot(id: string): TileSnapshot {
  const select = useMemo(() => createTileSnapshotSelector(id), [id]);
  return useBench(select);
}
