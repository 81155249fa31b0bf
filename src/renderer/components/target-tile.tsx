import { memo, useState, type KeyboardEvent } from 'react';
import type { Target } from '../../shared/models/target';
import { networkLabel } from '../../shared/rules/network-volumes';
import { tileState } from '../logic/tile-state';
import { useBenchStore } from '../store/store';
import { useTileSnapshot } from '../store/tile-snapshot';
import { formatBytes } from './format';
import { IconDrive, IconLaptop } from './icons';
import { StateBadge } from './state-badge';

function describeMac(target: Target): string {
  if (target.kind === 'carrier') return 'USB drive (carrier)';
  if (target.kind === 'usb-device') return target.usb?.chip ? `${target.usb.chip} Mac over USB` : 'Apple device over USB';
  if (!target.macOS) return 'macOS version unknown';
  return `${target.macOS.productName} ${target.macOS.productVersion}${target.macOS.build ? ` (${target.macOS.build})` : ''}`;
}

interface TargetTileProps {
  readonly id: string;
  readonly canStage: boolean;
  readonly onMove: (id: string, key: string) => void;
}

/** One Mac: selects only its own target, job and progress, so other tiles never re-render. */
export const TargetTile = memo(function TargetTile({ id, canStage, onMove }: TargetTileProps) {
  const { target, job, progress, selected, tabStop } = useTileSnapshot(id);
  const store = useBenchStore();
  // The bridge and the actions never change for a store: read, not subscribed to.
  const { bridge, stage, cancel, confirmEnrolled, selectTarget } = store.getState();
  const [showPath, setShowPath] = useState(false);
  if (!target) return null;
  const state = tileState(target, job);
  const busy = state.group === 'staging';
  const percent = busy && progress && progress.bytesTotal > 0 ? Math.round((progress.bytesWritten / progress.bytesTotal) * 100) : busy ? 0 : null;
  const messages = [state.detail, ...target.constraints.filter((c) => c.message !== state.detail).map((c) => c.message)].filter(Boolean) as string[];
  const serial = target.serialNumber ?? target.usb?.serialNumber ?? null;
  const titleId = `tile-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

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
        className={`tile tone-border-${state.tone}${selected ? ' selected' : ''}`}
        aria-labelledby={titleId}
        aria-current={selected ? 'true' : undefined}
        tabIndex={tabStop ? 0 : -1}
        data-target-id={id}
        data-testid="target-tile"
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
          {serial ? <span data-testid="tile-serial">Serial {serial}</span> : target.kind === 'carrier' ? <span className="muted">Carrier drive</span> : <span className="muted">No serial yet</span>}
          {target.usb?.chip && target.kind !== 'usb-device' ? <span> · {target.usb.chip}</span> : null}
          {networkLabel(target) ? <span data-testid="tile-connection"> · {networkLabel(target)}</span> : null}
          {target.freeBytes !== null && target.kind !== 'usb-device' ? <span className="muted"> · {formatBytes(target.freeBytes)} free</span> : null}
        </p>
        <StateBadge state={state} />
        {percent !== null && (
          <div className="progress" role="progressbar" aria-label={`Copy to ${target.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
            <div className="progress-bar" style={{ transform: `scaleX(${percent / 100})` }} />
          </div>
        )}
        {messages.length > 0 && (
          <ul className="tile-messages">
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        )}
        <div className="tile-actions">
          {state.canStage && state.group === 'ready' && (
            <button type="button" className="button small primary" disabled={!canStage} onClick={() => void stage([id])}>Stage</button>
          )}
          {state.canRetry && (
            <button type="button" className="button small" disabled={!canStage} onClick={() => void stage([id])}>Retry</button>
          )}
          {state.canCancel && (
            <button type="button" className="button small" onClick={() => void cancel(id)}>Cancel</button>
          )}
          {state.canConfirm && (
            <button type="button" className="button small" onClick={() => void confirmEnrolled(id)}>Mark enrolled</button>
          )}
          {job?.path && (state.group === 'staged' || state.group === 'awaiting') && (
            bridge.kind === 'electron' ? (
              <button type="button" className="button small" onClick={() => void bridge.revealPath(job.path as string)}>Show file</button>
            ) : (
              <button type="button" className="button small" aria-expanded={showPath} onClick={() => setShowPath(!showPath)}>Where is it?</button>
            )
          )}
        </div>
        {showPath && job?.path && <p className="tile-path"><code>{job.path}</code></p>}
      </article>
    </li>
  );
});
