import { StatusScreen } from './screens/status-screen';
import { useBench } from './store/store';

export function App() {
  const connected = useBench((s) => s.connected);
  return (
    <div className="app">
      <header className="app-header">
        <h1>Enrollment Bench</h1>
        <span className={connected ? 'pill pill-ok' : 'pill pill-warn'} role="status">
          {connected ? '● Connected' : '○ Not connected'}
        </span>
      </header>
      <main>
        <StatusScreen />
      </main>
    </div>
  );
}
