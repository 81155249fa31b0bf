import { useBenchStore } from '../store/store';
import { useTileCounts } from '../store/tile-counts';
import { CounterStrip } from './counter-strip';

/**
 * The counts and the bench-wide actions. It holds the only subscription to the counts, so a job
 * changing state re-renders this bar and that job's tile, not the bench screen and its grid.
 */
export function BenchBar({ canStage }: { canStage: boolean }) {
  const store = useBenchStore();
  const counts = useTileCounts();
  const active = counts.staging;
  return (
    <div className="bench-bar">
      <CounterStrip counts={counts} />
      <div className="bench-actions">
        <button type="button" className="button primary" disabled={!canStage || counts.ready === 0} onClick={() => void store.getState().stage('all')} data-testid="stage-all">
          Stage all ready ({counts.ready})
        </button>
        <button type="button" className="button" disabled={active === 0} onClick={() => void store.getState().cancel(null)}>
          Cancel all
        </button>
        <button type="button" className="button" onClick={() => void store.getState().rescan()}>
          Look again
        </button>
        <button type="button" className="button" disabled={counts.staged + counts.awaiting === 0} onClick={() => void store.getState().reverify()}>
          Re-check staged files
        </button>
      </div>
    </div>
  );
}
