import { Notices } from './components/notices';
import { navigate, useRoute, type Route } from './routing';
import { LogScreen } from './screens/log-screen';
import { SettingsScreen } from './screens/settings-screen';
import { StatusScreen } from './screens/status-screen';
import { useBench } from './store/store';

const NAV: ReadonlyArray<{ route: Route; label: string; key: string }> = [
  { route: 'bench', label: 'Bench', key: '1' },
  { route: 'profiles', label: 'Profiles', key: '2' },
  { route: 'log', label: 'Log', key: '3' },
  { route: 'settings', label: 'Settings', key: '4' },
  { route: 'about', label: 'About', key: '5' },
];

export function App() {
  const route = useRoute();
  const connected = useBench((s) => s.connected);
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="app-header">
        <h1>Enrollment Bench</h1>
        <nav aria-label="Screens">
          <ul className="nav">
            {NAV.map((item) => (
              <li key={item.route}>
                <a href={`#/${item.route}`} aria-current={route === item.route ? 'page' : undefined} aria-keyshortcuts={`Alt+${item.key}`}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span className={connected ? 'pill pill-ok' : 'pill pill-warn'} role="status" data-testid="connection">
          {connected ? '● Connected' : '○ Not connected'}
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        {route === 'log' && <LogScreen />}
        {route === 'settings' && <SettingsScreen />}
        {(route === 'about' || route === 'bench' || route === 'profiles' || route === 'station') && <StatusScreen />}
      </main>
      <Notices />
    </div>
  );
}

/** Alt+1…5 switch screens from anywhere (Cmd+1… in the Electron menu). */
export function installNavigationShortcuts(): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const item = NAV.find((n) => n.key === event.key);
    if (item) {
      event.preventDefault();
      navigate(item.route);
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
