import { memo } from 'react';
import { departedState } from '../logic/tile-state';
import { useBench, useBenchStore } from '../store/store';
import { formatClock } from './format';
import { IconDrive, IconLaptop } from './icons';
import { StateBadge } from './state-badge';
import { TileNoteLine } from './tile-note';

/** One Mac of the session that is no longer plugged in: a compact row, confirmable from here. */
const RosterRow = memo(function RosterRow({ id }: { id: string }) {
  const entry = useBench((s) => s.departed[id]);
  const job = useBench((s) => s.jobs[id] ?? s.departed[id]?.job ?? null);
  const selected = useBench((s) => s.selectedTargetId === id);
  const note = useBench((s) => s.tileNotes[id]);
  const store = useBenchStore();
  if (!entry) return null;
  const state = departedState(entry.kind, job);
  const titleId = `row-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const when = job && (job.state === 'awaiting-approval' || job.state === 'staged') ? ` · staged ${formatClock(job.updatedAt)}` : '';
  return (
    <li
      className={`roster-row tone-border-${state.tone}${selected ? ' selected' : ''}`}
      data-testid="roster-row"
      data-target-id={id}
      data-state={state.group}
      aria-labelledby={titleId}
      onClick={() => store.getState().selectTarget(id)}
    >
      {entry.kind === 'carrier' ? <IconDrive /> : <IconLaptop />}
      <span className="roster-name" id={titleId}>{entry.name}</span>
      <span className="roster-serial">{entry.serialNumber ? <span data-testid="row-serial">Serial {entry.serialNumber}</span> : <span className="muted">No serial yet</span>}</span>
      <StateBadge state={state} size={16} />
      <span className="roster-detail">{state.detail}{when}</span>
      <span className="roster-actions">
        {state.canConfirm && (
          <button type="button" className="button small" aria-label={`Mark ${entry.name} enrolled`} onClick={(e) => {
            e.stopPropagation();
            store.getState().clearTileNote(id);
            store.getState().markEnrolled([id]);
          }}>Mark enrolled</button>
        )}
        <button type="button" className="button small subtle" aria-label={`Details of ${entry.name}`} aria-pressed={selected} onClick={(e) => {
          e.stopPropagation();
          store.getState().selectTarget(selected ? null : id);
        }}>Details</button>
      </span>
      <div className="roster-note"><TileNoteLine note={note} /></div>
    </li>
  );
});

/** The session's unplugged Macs: they stay until confirmed, one by one or all at once. */
export function RosterRows() {
  const order = useBench((s) => s.departedOrder);
  const awaiting = useBench((s) => s.departedOrder.filter((id) => s.departed[id]?.kind !== 'carrier' && (s.jobs[id] ?? s.departed[id]?.job)?.state === 'awaiting-approval').join('\n'));
  const store = useBenchStore();
  if (order.length === 0) return null;
  const awaitingIds = awaiting ? awaiting.split('\n') : [];
  return (
    <section className="panel roster" aria-labelledby="roster-title" data-testid="roster">
      <header className="roster-header">
        <h2 id="roster-title">Unplugged this session ({order.length})</h2>
        <p className="hint">Approve the profile on each Mac, then mark it enrolled here, or scan its serial and confirm.</p>
        <button type="button" className="button small" disabled={awaitingIds.length === 0} onClick={() => store.getState().markEnrolled(awaitingIds)} data-testid="mark-all-enrolled">
          Mark all awaiting enrolled ({awaitingIds.length})
        </button>
      </header>
      <ul className="roster-list" aria-label="Unplugged Macs of this session">
        {order.map((id) => (
          <RosterRow key={id} id={id} />
        ))}
      </ul>
    </section>
  );
}
