import { memo, type KeyboardEvent } from 'react';
import { serialNumberOf, type Target } from '../../shared/models/target';
import { networkLabel } from '../../shared/rules/network-volumes';
import { tileState } from '../logic/tile-state';
import { useBench, useBenchStore } from '../store/store';
import { useTileSnapshot } from '../store/tile-snapshot';
import { formatBytes } from './format';
import { IconDrive, IconLaptop } from './icons';
import { StateBadge } from './state-badge';
import { TileNoteLine } from './tile-note';

export function describeMac(target: Target): string {
  if (target.kind === 'carrier') return 'USB drive (carrier)';
  if (target.kind === 'usb-device') return target.usb.chip ? `${target.usb.chip} Mac over USB` : 'Apple device over USB';
  if (!target.macOS) return 'macOS version unknown';
  return `${target.macOS.productName} ${target.macOS.productVersion}${target.macOS.build ? ` (${target.macOS.build})` : ''}`;
}

interface TargetTileProps {
  readonly id: string;
  readonly canStage: boolean;
  readonly onMove: (id: string, key: string) => void;
}

/**
 * One Mac: one status and one reason; everything else is in the inspector. Selects only its own
 * target, job and progress, so other tiles never re-render.
 */
export const TargetTile = memo(function TargetTile({ id, canStage, onMove }: TargetTileProps) {
  const { target, job, progress, selected, tabStop } = useTileSnapshot(id);
  const note = useBench((s) => s.tileNotes[id]);
  const store = useBenchStore();
  // The actions never change for a store: read, not subscribed to.
  const { stage, cancel, markEnrolled, selectTarget, clearTileNote } = store.getState();
  if (!target) return null;
  const state = tileState(target, job);
  const busy = state.group === 'staging';
  const percent = busy && progress && progress.bytesTotal > 0 ? Math.round((progress.bytesWritten / progress.bytesTotal) * 100) : busy ? 0 : null;
  const serial = serialNumberOf(target);
  const titleId = `tile-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const act = (run: () => void) => () => {
    clearTileNote(id);
    run();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(event.key)) {
      event.preventDefault();
      onMove(id, event.key);
    }
  };

  return (
    <li className="tile-cell">
      <article
        className={`tile tone-border-${state.tone}${selected ? ' selected' : ''}${state.isDrive ? ' drive' : ''}`}
        aria-labelledby={titleId}
        aria-current={selected ? 'true' : undefined}
        tabIndex={tabStop ? 0 : -1}
        data-target-id={id}
        data-testid="target-tile"
        data-state={state.group}
        onClick={() => selectTarget(id)}
        onFocus={() => selectTarget(id)}
        onKeyDown={onKeyDown}
      >
        <header className="tile-header">
          {target.kind === 'carrier' ? <IconDrive /> : <IconLaptop />}
          <h3 id={titleId} className="tile-name">{target.name}</h3>
        </header>
        <p className="tile-os">{describeMac(target)}</p>
        <p className="tile-ids">
          {serial ? <span data-testid="tile-serial">Serial {serial}</span> : state.isDrive ? <span className="muted">Carrier drive</span> : <span className="muted">No serial yet</span>}
          {networkLabel(target) ? <span data-testid="tile-connection"> · {networkLabel(target)}</span> : null}
          {target.kind !== 'usb-device' && target.freeBytes !== null ? <span className="muted"> · {formatBytes(target.freeBytes)} free</span> : null}
        </p>
        <StateBadge state={state} still={percent !== null} />
        {percent !== null && (
          <div className="progress" role="progressbar" aria-label={`Copy to ${target.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-bar" style={{ transform: `scaleX(${percent / 100})` }} />
          </div>
        )}
        {state.detail && <p className="tile-reason" data-testid="tile-reason">{state.detail}</p>}
        <TileNoteLine note={note} />
        <div className="tile-actions">
          {state.canStage && state.group === 'ready' && (
            <button type="button" className="button small primary" disabled={!canStage} onClick={act(() => void stage([id]))}>Stage</button>
          )}
          {state.canRetry && (
            <button type="button" className="button small" disabled={!canStage} onClick={act(() => void stage([id]))}>Retry</button>
          )}
          {state.canCancel && (
            <button type="button" className="button small" onClick={act(() => void cancel(id))}>Cancel</button>
          )}
          {state.canConfirm && (
            <button type="button" className="button small" onClick={act(() => markEnrolled([id]))}>Mark enrolled</button>
          )}
        </div>
      </article>
    </li>
  );
});
