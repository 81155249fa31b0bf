import { useEffect, useId, useState, type FormEvent } from 'react';
import { SHORTCUTS, shortcutText } from '../commands';
import { NAV } from '../routing';
import { useBench, useBenchStore } from '../store/store';
import { Dialog } from './dialog';

/** How long the very first connection may take before the page says it is still connecting. */
const FIRST_CONNECT_GRACE_MS = 1500;

/**
 * While the core is gone the page is blocked (the rest is inert: nothing can be clicked on a grid
 * that is no longer live) and says so; the bridge reconnects on its own. When the web-host answers
 * but refuses this page's token, it says exactly what to do.
 */
export function ConnectionOverlay() {
  const connected = useBench((s) => s.connected);
  const everConnected = useBench((s) => s.everConnected);
  const refused = useBench((s) => s.accessRefused);
  const [graceOver, setGraceOver] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setGraceOver(true), FIRST_CONNECT_GRACE_MS);
    return () => clearTimeout(timer);
  }, []);
  if (connected || (!everConnected && !graceOver)) return null;
  return (
    <div className="connection-overlay" role="alertdialog" aria-modal="true" aria-labelledby="connection-title" aria-describedby="connection-text" data-testid="connection-overlay">
      <div className="panel connection-box">
        <h2 id="connection-title">{refused ? 'This address no longer opens the bench' : everConnected ? 'Reconnecting…' : 'Connecting…'}</h2>
        <p id="connection-text">
          {refused
            ? 'The bench was started with a new access token. Open the address it printed when it started (it ends in ?token=…); this page cannot go on with the old one.'
            : 'The bench’s core is not answering. Nothing you see can be changed until it is back; this page reconnects by itself.'}
        </p>
        {!refused && <span className="spinner-line" aria-hidden="true" />}
      </div>
    </div>
  );
}

/** The keyboard shortcut list (the ? key). */
export function ShortcutsDialog() {
  const open = useBench((s) => s.shortcutsOpen);
  const store = useBenchStore();
  if (!open) return null;
  const close = () => store.setState({ shortcutsOpen: false });
  return (
    <Dialog title="Keyboard shortcuts" onClose={close} testId="shortcuts-dialog">
      <dl className="facts shortcut-list">
        {SHORTCUTS.map((s) => (
          <div className="fact-row" key={s.command}>
            <dt><kbd>{shortcutText(s)}</kbd></dt>
            <dd>{s.label}</dd>
          </div>
        ))}
        <div className="fact-row">
          <dt><kbd>Alt+1…{NAV.length}</kbd></dt>
          <dd>{NAV.map((n) => n.label).join(', ')}</dd>
        </div>
        <div className="fact-row">
          <dt>Scanner</dt>
          <dd>A scanned serial fills the selected Mac, or else the next Mac without a serial</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="button primary" onClick={close}>Close</button>
      </div>
    </Dialog>
  );
}

/** Who is confirming enrollments: asked once per session when the settings name nobody. */
export function TechnicianDialog() {
  const waiting = useBench((s) => s.technicianPrompt);
  const store = useBenchStore();
  const [name, setName] = useState('');
  const id = useId();
  if (!waiting) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    store.getState().answerTechnician(name);
  };
  return (
    <Dialog title="Who is confirming?" onClose={() => store.getState().answerTechnician(null)} testId="technician-dialog">
      <form className="form" onSubmit={submit}>
        <p>The journal records who confirmed each enrollment. You are asked once for this session (set a name in Settings to skip this).</p>
        <div className="field">
          <label htmlFor={id}>Your name</label>
          <input id={id} type="text" autoComplete="name" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="actions">
          <button type="submit" className="button primary" disabled={!name.trim()}>Continue</button>
          <button type="button" className="button" onClick={() => store.getState().answerTechnician(null)}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
