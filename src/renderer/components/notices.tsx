import { useBench } from '../store/store';

/** One polite live region for outcomes, one assertive for errors. */
export function Notices() {
  const notices = useBench((s) => s.notices);
  const dismiss = useBench((s) => s.dismissNotice);
  const errors = notices.filter((n) => n.tone === 'error');
  const others = notices.filter((n) => n.tone !== 'error');
  return (
    <div className="notices">
      <div role="alert" aria-live="assertive">
        {errors.map((n) => (
          <div key={n.id} className="notice notice-error">
            <span>{n.text}</span>
            {n.code && <code className="notice-code">{n.code}</code>}
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
          </div>
        ))}
      </div>
      <div role="status" aria-live="polite">
        {others.map((n) => (
          <div key={n.id} className={`notice notice-${n.tone}`}>
            <span>{n.text}</span>
            <button type="button" className="notice-close" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
          </div>
        ))}
      </div>
    </div>
  );
}
