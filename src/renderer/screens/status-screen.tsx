import { useBench } from '../store/store';

/** What the core says about itself: proves the whole pipe from UI to SQLite. */
export function StatusScreen() {
  const status = useBench((s) => s.status);
  const error = useBench((s) => s.statusError);
  const connected = useBench((s) => s.connected);

  if (error) {
    return (
      <section className="panel about" aria-labelledby="status-title">
        <h2 id="status-title">Bench status</h2>
        <p role="alert" className="error-text">
          {error.message} <code>{error.code}</code>
        </p>
      </section>
    );
  }
  if (!status) {
    return (
      <section className="panel" aria-labelledby="status-title" aria-busy="true">
        <h2 id="status-title">Bench status</h2>
        <p>{connected ? 'Asking the bench…' : 'Connecting to the bench…'}</p>
      </section>
    );
  }
  return (
    <section className="panel about" aria-labelledby="status-title">
      <h2 id="status-title">Bench status</h2>
      <dl className="facts" data-testid="status">
        <dt>Version</dt>
        <dd data-testid="status-version">{status.appVersion}</dd>
        <dt>Data folder</dt>
        <dd>
          <code>{status.dataDir}</code>
        </dd>
        <dt>Journal</dt>
        <dd data-testid="status-schema">schema version {status.schemaVersion}</dd>
        <dt>Connected through</dt>
        <dd>{status.frontDoor === 'electron' ? 'desktop app' : status.frontDoor}</dd>
        {status.nativeModules.map((m) => (
          <div key={m.name} className="fact-row">
            <dt>{m.name}</dt>
            <dd data-testid={`native-${m.name}`}>
              {m.loaded ? `loaded${m.version ? ` (${m.version})` : ''}` : `unavailable: ${m.error ?? 'unknown reason'}`}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
