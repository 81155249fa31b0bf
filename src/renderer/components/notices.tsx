import { useEffect, useState } from 'react';
import { useBench } from '../store/store';

/** Seconds left before an undoable action runs, for its notice. */
function useSecondsLeft(runsAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((runsAt - now) / 1000));
}

function PendingNotice({ id, text, runsAt }: { id: number; text: string; runsAt: number }) {
  const undo = useBench((s) => s.undo);
  const left = useSecondsLeft(runsAt);
  return (
    <div className="notice notice-pending" data-testid="pending-notice">
      <span>
        {text}
        {/* What closing the page does (main.tsx flushes on pagehide): only Undo cancels. */}
        <span className="notice-hint">Closing this page will not cancel it.</span>
      </span>
      <span className="muted notice-countdown">{left} s</span>
      <button type="button" className="button small" onClick={() => undo(id)}>Undo</button>
    </div>
  );
}

/**
 * One polite live region for outcomes and undoable actions, one assertive for errors. Successes fade
 * after about four seconds; errors stay until dismissed; never more than three at once.
 */
export function Notices() {
  const notices = useBench((s) => s.notices);
  const pending = useBench((s) => s.pending);
  const dismiss = useBench((s) => s.dismissNotice);
  const errors = notices.filter((n) => n.tone === 'error');
  const others = notices.filter((n) => n.tone !== 'error');
  return (
    <section className="notices" aria-label="Notices">
      <div role="alert" aria-live="assertive">
        {errors.map((n) => (
          <div key={n.id} className="notice notice-error" data-testid="notice">
            <span>{n.text}</span>
            {n.code && <code className="notice-code">{n.code}</code>}
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
          </div>
        ))}
      </div>
      <div role="status" aria-live="polite">
        {pending.map((p) => (
          <PendingNotice key={p.id} id={p.id} text={p.text} runsAt={p.runsAt} />
        ))}
        {others.map((n) => (
          <div key={n.id} className={`notice notice-${n.tone}`} data-testid="notice">
            <span>{n.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
          </div>
        ))}
      </div>
    </section>
  );
}
