import { useCallback, useEffect, useRef, useState } from 'react';
import type { ExportKind, JournalRow } from '../../shared/models/staging';
import { downloadFile } from '../components/download';
import { formatTime } from '../components/format';
import { VirtualRows } from '../components/virtual-rows';
import { useBench, useBenchStore } from '../store/store';

const PAGE = 100;
const ROW_HEIGHT = 30;
const STATES = ['queued', 'staging', 'verifying', 'staged', 'awaiting-approval', 'enrolled', 'failed', 'blocked', 'cancelled', 'interrupted'];
const EXPORTS: ReadonlyArray<{ kind: ExportKind; label: string }> = [
  { kind: 'session-csv', label: 'Session log (CSV)' },
  { kind: 'session-json', label: 'Session log (JSON)' },
  { kind: 'corporate-identifiers', label: 'Intune corporate identifiers' },
  { kind: 'configurator-serials', label: 'Configurator serials' },
];

/** The journal, newest first, filterable, virtualised so a million events scroll smoothly. */
export function LogScreen() {
  const store = useBenchStore();
  const bridge = useBench((s) => s.bridge);
  const filter = useBench((s) => s.journalFilter);
  const version = useBench((s) => s.journalVersion);
  const sessions = useBench((s) => s.sessions);
  const [total, setTotal] = useState(0);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly JournalRow[]>>(new Map());
  const loading = useRef(new Set<number>());
  const generation = useRef(0);
  const [text, setText] = useState(filter.text ?? '');

  // A new filter, or new events (at most once a second while they stream in), starts from a fresh
  // page cache: a throttle, not a debounce, so a busy bench still shows its newest events.
  const [refreshKey, setRefreshKey] = useState(0);
  const pendingRefresh = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (version === 0 || pendingRefresh.current) return;
    pendingRefresh.current = setTimeout(() => {
      pendingRefresh.current = null;
      setRefreshKey((k) => k + 1);
    }, 1000);
  }, [version]);
  useEffect(() => () => {
    if (pendingRefresh.current) clearTimeout(pendingRefresh.current);
  }, []);
  useEffect(() => {
    generation.current += 1;
    loading.current.clear();
    setPages(new Map());
    const mine = generation.current;
    void bridge.call('queryJournal', { filter, offset: 0, limit: PAGE }).then((result) => {
      if (!result.ok || mine !== generation.current) return;
      setTotal(result.value.total);
      setPages(new Map([[0, result.value.events]]));
    });
  }, [bridge, filter, refreshKey]);

  useEffect(() => {
    const timer = setTimeout(() => {
      if ((filter.text ?? '') !== text) store.getState().setJournalFilter({ ...filter, text: text || undefined });
    }, 250);
    return () => clearTimeout(timer);
  }, [text, filter, store]);

  const onRange = useCallback(
    (first: number, last: number) => {
      const mine = generation.current;
      for (let page = Math.floor(first / PAGE); page <= Math.floor(last / PAGE); page += 1) {
        if (pages.has(page) || loading.current.has(page)) continue;
        loading.current.add(page);
        void bridge.call('queryJournal', { filter, offset: page * PAGE, limit: PAGE }).then((result) => {
          if (mine !== generation.current) return;
          loading.current.delete(page);
          if (!result.ok) return;
          setTotal(result.value.total);
          setPages((current) => new Map(current).set(page, result.value.events));
        });
      }
    },
    [bridge, filter, pages],
  );

  const renderRow = (index: number) => {
    const event = pages.get(Math.floor(index / PAGE))?.[index % PAGE];
    if (!event) return <span role="cell" className="log-loading">Loading…</span>;
    const change = event.toState ? `${event.fromState ?? '—'} → ${event.toState}` : event.kind;
    return (
      <>
        <span role="cell" className="log-time">{formatTime(event.at)}</span>
        <span role="cell" className="log-target" title={event.targetId ?? ''}>{event.targetName ?? event.targetId ?? '—'}</span>
        <span role="cell" className={`log-change state-text-${event.toState ?? 'none'}`}>{change}</span>
        <span role="cell" className="log-code">{event.code ?? ''}</span>
        <span role="cell" className="log-message" title={event.message ?? ''}>{event.message ?? ''}</span>
      </>
    );
  };

  const exportFiles = async (kind: ExportKind) => {
    const result = await bridge.call('exportSession', { kind, ...(filter.sessionId ? { sessionId: filter.sessionId } : {}) });
    if (!result.ok) return store.getState().notifyError(result.error);
    for (const file of result.value.files) downloadFile(file.name, file.mimeType, file.content);
    const left = result.value.withoutSerial.length;
    store.getState().notify(left ? 'info' : 'success', `Exported ${result.value.files.map((f) => f.name).join(', ')}${left ? `. ${left} staged Mac(s) have no serial number and were left out.` : '.'}`);
  };

  const setFilter = (changes: Partial<typeof filter>) => store.getState().setJournalFilter({ ...filter, ...changes });

  return (
    <section className="screen log-screen" aria-labelledby="log-title">
      <header className="screen-header">
        <h2 id="log-title">Log</h2>
        <p className="muted" data-testid="log-total">{total.toLocaleString()} events</p>
      </header>
      <div className="toolbar" role="search">
        <label>
          Session
          <select value={filter.sessionId ?? ''} onChange={(e) => setFilter({ sessionId: e.target.value || undefined })}>
            <option value="">All sessions</option>
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {formatTime(s.startedAt)} · {s.technician || 'no technician'} · {s.counts.total} Macs
              </option>
            ))}
          </select>
        </label>
        <label>
          State
          <select value={filter.state ?? ''} onChange={(e) => setFilter({ state: e.target.value || undefined })}>
            <option value="">Any state</option>
            {STATES.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Mac
          <input type="text" value={filter.targetId ?? ''} placeholder="name or id" onChange={(e) => setFilter({ targetId: e.target.value || undefined })} />
        </label>
        <label className="grow">
          Search
          <input type="search" value={text} placeholder="message, code, path…" onChange={(e) => setText(e.target.value)} data-testid="log-filter" aria-keyshortcuts="Control+F Meta+F" />
        </label>
      </div>
      <div className="toolbar exports" role="group" aria-label="Export">
        {EXPORTS.map((e) => (
          <button key={e.kind} type="button" className="button secondary" onClick={() => void exportFiles(e.kind)}>
            {e.label}
          </button>
        ))}
      </div>
      <VirtualRows
        label="Journal events, newest first"
        total={total}
        rowHeight={ROW_HEIGHT}
        onRange={onRange}
        renderRow={renderRow}
        className="log-table"
        header={
          <div role="rowgroup" className="vheader">
            <div role="row" aria-rowindex={1} className="vrow vrow-header">
              <span role="columnheader">Time</span>
              <span role="columnheader">Mac</span>
              <span role="columnheader">Change</span>
              <span role="columnheader">Code</span>
              <span role="columnheader">Message</span>
            </div>
          </div>
        }
      />
      {total === 0 && <p className="empty-hint">Nothing recorded{filter.sessionId || filter.state || filter.text || filter.targetId ? ' for this filter' : ' yet'}.</p>}
    </section>
  );
}
