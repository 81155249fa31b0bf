import { useEffect, useState } from 'react';
import type { JournalRow } from '../../shared/models/staging';
import { departedState, tileState } from '../logic/tile-state';
import { useBench, useBenchStore } from '../store/store';
import { formatBytes, formatTime } from './format';
import { StateBadge } from './state-badge';
import { describeMac } from './target-tile';
import { serialNumberOf } from '../../shared/models/target';

/** Where a path on the bench (…/Mac A - Data/Users/Shared/…) is on the Mac itself (/Users/Shared/…). */
function pathOnMac(benchPath: string, dataVolume: string | null): string | null {
  if (!dataVolume || !benchPath.startsWith(dataVolume)) return null;
  return benchPath.slice(dataVolume.length) || '/';
}

/** This target's journal, newest first, refreshed when the journal grows. */
function useHistory(targetId: string | null): readonly JournalRow[] {
  const store = useBenchStore();
  const version = useBench((s) => s.journalVersion);
  const [rows, setRows] = useState<readonly JournalRow[]>([]);
  useEffect(() => {
    if (!targetId) return;
    let live = true;
    // Journal events come in bursts; one query a little after the last is enough.
    const timer = setTimeout(() => {
      void store
        .getState()
        .bridge.call('queryJournal', { filter: { targetId }, offset: 0, limit: 30 })
        .then((result) => {
          if (live && result.ok) setRows(result.value.events);
        });
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [store, targetId, version]);
  return targetId ? rows : [];
}

/** Everything about the selected Mac that its tile leaves out: all verdicts, paths, history. */
export function Inspector() {
  const id = useBench((s) => s.selectedTargetId);
  const target = useBench((s) => (s.selectedTargetId ? s.targets[s.selectedTargetId] : undefined));
  const entry = useBench((s) => (s.selectedTargetId ? s.departed[s.selectedTargetId] : undefined));
  const job = useBench((s) => (s.selectedTargetId ? (s.jobs[s.selectedTargetId] ?? s.departed[s.selectedTargetId]?.job ?? null) : null));
  const store = useBenchStore();
  const history = useHistory(target || entry ? id : null);
  if (!id || (!target && !entry)) {
    return (
      <aside className="panel inspector inspector-empty" aria-label="Details">
        <p className="muted">Select a Mac to see every check, where the profile goes and what happened to it.</p>
      </aside>
    );
  }
  const name = target?.name ?? entry?.name ?? id;
  const state = target ? tileState(target, job) : departedState(entry?.kind ?? 'mac-volume', job);
  const serial = target ? serialNumberOf(target) : (entry?.serialNumber ?? null);
  const volume = target && target.kind !== 'usb-device' ? target : null;
  const onMac = job?.path ? pathOnMac(job.path, volume?.kind === 'mac-volume' ? volume.dataVolume : null) : null;
  const bridge = store.getState().bridge;
  return (
    <aside className="panel inspector" aria-labelledby="inspector-title" data-testid="inspector">
      <header className="inspector-header">
        <h2 id="inspector-title">{name}</h2>
        <button type="button" className="button small subtle" onClick={() => store.getState().selectTarget(null)} aria-label={`Close the details of ${name}`}>Close</button>
      </header>
      <StateBadge state={state} />
      {state.detail && <p className="tile-reason">{state.detail}</p>}
      <dl className="facts">
        <dt>Kind</dt>
        <dd>{target ? describeMac(target) : entry?.kind === 'carrier' ? 'USB drive (carrier)' : `macOS ${entry?.macOSVersion ?? 'unknown'}${entry?.macOSBuild ? ` (${entry.macOSBuild})` : ''}`}</dd>
        <dt>Serial</dt>
        <dd>{serial ?? '—'}</dd>
        <dt>On the bench</dt>
        <dd>{target ? 'Plugged in' : `Unplugged (last seen ${formatTime(entry?.lastSeenAt)})`}</dd>
        {target && (
          <>
            <dt>Volume</dt>
            <dd><code>{volume?.mountPoint ?? '—'}</code></dd>
            <dt>File system</dt>
            <dd>{[volume?.fileSystem, target.busProtocol].filter(Boolean).join(' · ') || '—'}</dd>
            <dt>Free space</dt>
            <dd>{volume === null || volume.freeBytes === null ? 'unknown' : formatBytes(volume.freeBytes)}</dd>
            {target.kind === 'usb-device' && target.usb.chip && (
              <>
                <dt>Chip</dt>
                <dd>{target.usb.chip}</dd>
              </>
            )}
          </>
        )}
        {job?.path && (
          <>
            <dt>File on the bench</dt>
            <dd><code data-testid="path-on-bench">{job.path}</code></dd>
            <dt>File on the Mac</dt>
            <dd><code>{onMac ?? '—'}</code></dd>
          </>
        )}
        {!job?.path && volume?.stagingDir && (
          <>
            <dt>Goes to</dt>
            <dd><code>{volume.stagingDir}</code></dd>
          </>
        )}
        {job?.confirmedBy && (
          <>
            <dt>Confirmed by</dt>
            <dd>{job.confirmedBy}</dd>
          </>
        )}
      </dl>
      {job?.path && bridge.kind === 'electron' && (
        <button type="button" className="button small" onClick={() => void bridge.revealPath(job.path as string)}>Show in Finder</button>
      )}
      {target && target.constraints.length > 0 && (
        <>
          <h3>Checks</h3>
          <ul className="verdicts" data-testid="verdicts">
            {target.constraints.map((c) => (
              <li key={c.code} className={`verdict verdict-${c.severity}`}>
                <span className="verdict-severity">{c.severity === 'error' ? 'Blocks' : c.severity === 'warning' ? 'Warning' : 'Note'}</span> {c.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>History</h3>
      {history.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <ol className="history" data-testid="history">
          {history.map((row) => (
            <li key={row.seq}>
              <time dateTime={row.at}>{formatTime(row.at)}</time> {row.fromState || row.toState ? `${row.fromState ?? '—'} → ${row.toState ?? '—'}` : row.kind}
              {row.message ? <span className="muted"> · {row.message}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
