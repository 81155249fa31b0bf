import { useBench, useBenchStore } from '../store/store';
import { useTileCounts } from '../store/tile-counts';
import { CounterStrip } from './counter-strip';
import { SerialField } from './serial-panel';

/**
 * The bench toolbar: it stays in view (sticky) with the counts, the bench-wide actions and the
 * serial field. It holds the only subscription to the counts, so a job changing state re-renders
 * this bar and that job's tile, not the bench screen and its grid.
 */
export function BenchBar({ canStage }: { canStage: boolean }) {
  const store = useBenchStore();
  const counts = useTileCounts();
  // Stage all also copies to carrier drives, which the Mac counts leave out.
  const readyDrives = useBench((s) => s.targetOrder.filter((id) => s.targets[id]?.kind === 'carrier' && s.targets[id].stageable && !s.jobs[id]).length);
  const ready = counts.ready + readyDrives;
  const active = counts.staging;
  return (
    <div className="bench-bar" role="region" aria-label="Bench toolbar" data-testid="bench-toolbar">
      <div className="bench-actions" role="toolbar" aria-label="Bench actions">
        <button type="button" className="button primary" disabled={!canStage || ready === 0} onClick={() => void store.getState().stage('all')} data-testid="stage-all" aria-keyshortcuts="Control+Enter Meta+Enter">
          Stage all ready ({ready})
        </button>
        <button type="button" className="button" disabled={active === 0} onClick={() => void store.getState().cancel(null)}>
          Cancel all
        </button>
        <button type="button" className="button" onClick={() => void store.getState().rescan()} aria-keyshortcuts="Control+R Meta+R">
          Look again
        </button>
        <button type="button" className="button" disabled={counts.staged + counts.awaiting === 0} onClick={() => void store.getState().reverify()}>
          Re-check staged files
        </button>
      </div>
      <SerialField />
      <CounterStrip counts={counts} />
    </div>
  );
}
