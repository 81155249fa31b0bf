import { useEffect, useState, type DragEvent } from 'react';
import { KioskSettings } from './components/kiosk-settings';
import { Notices } from './components/notices';
import { ConnectionOverlay, ShortcutsDialog, TechnicianDialog } from './components/overlays';
import { IconKeyboard } from './components/icons';
import { NAV, navigate, useRoute } from './routing';
import { BenchScreen } from './screens/bench-screen';
import { IntuneScreen } from './screens/intune-screen';
import { LogScreen } from './screens/log-screen';
import { ProfilesScreen } from './screens/profiles-screen';
import { SettingsScreen } from './screens/settings-screen';
import { StationScreen } from './screens/station-screen';
import { StatusScreen } from './screens/status-screen';
import { useBench, useBenchStore } from './store/store';


export function App() {
  const kiosk = useBench((s) => s.kiosk);
  const [adminView, setAdminView] = useState(false);
  const kioskLocked = kiosk?.enabled === true && kiosk.locked;
  const connected = useBench((s) => s.connected);
  useEffect(() => {
    if (kioskLocked || !kiosk?.enabled) setAdminView(false);
  }, [kioskLocked, kiosk?.enabled]);

  // In kiosk mode the station is the only screen; an unlocked admin may open the rest.
  if (kiosk?.enabled && !adminView) {
    return (
      <>
        <div className="app kiosk" inert={!connected}>
          <main id="main" tabIndex={-1}>
            <h1 className="visually-hidden">Enrollment Bench station</h1>
            <StationScreen onOpenAdmin={() => setAdminView(true)} />
          </main>
          <Notices />
        </div>
        <ConnectionOverlay />
      </>
    );
  }
  return (
    <>
      <Workbench kioskAdmin={kiosk?.enabled === true} onBackToStation={() => setAdminView(false)} inert={!connected} />
      <ShortcutsDialog />
      <TechnicianDialog />
      <ConnectionOverlay />
    </>
  );
}

function Workbench({ kioskAdmin, onBackToStation, inert }: { kioskAdmin: boolean; onBackToStation: () => void; inert: boolean }) {
  const route = useRoute();
  const store = useBenchStore();
  const [dragging, setDragging] = useState(false);

  const isProfileDrag = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');
  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = Array.from(event.dataTransfer.files).filter((f) => f.name.toLowerCase().endsWith('.mobileconfig'));
    if (files.length === 0) {
      store.getState().notify('error', 'Drop a .mobileconfig file exported from Intune.');
      return;
    }
    for (const file of files) await store.getState().importProfileFile(file, null);
    navigate('profiles');
  };

  return (
    <div
      className={`app${dragging ? ' dragging' : ''}`}
      inert={inert}
      onDragOver={(e) => {
        if (!isProfileDrag(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => void onDrop(e)}
    >
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
        {kioskAdmin && (
          <button type="button" className="button small" onClick={onBackToStation}>Back to the station</button>
        )}
        <button type="button" className="button small subtle header-shortcuts" onClick={() => store.setState({ shortcutsOpen: true })} aria-keyshortcuts="?">
          <IconKeyboard /> Shortcuts
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {route === 'bench' && <BenchScreen />}
        {route === 'profiles' && <ProfilesScreen />}
        {route === 'log' && <LogScreen />}
        {route === 'settings' && (
          <SettingsScreen>
            <KioskSettings />
          </SettingsScreen>
        )}
        {(route === 'about' || route === 'station') && <StatusScreen />}
        {route === 'intune' && <IntuneScreen />}
      </main>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div className="drop-target">Drop the .mobileconfig here to import it</div>
        </div>
      )}
      <Notices />
    </div>
  );
}

/** Alt+1…6 switch screens from anywhere (Cmd+1… in the Electron menu). */
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
