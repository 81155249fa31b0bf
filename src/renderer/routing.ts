import { useEffect, useState } from 'react';

// Hash routes: they work the same under app://bench (Electron) and http://127.0.0.1 (web-host).
export const ROUTES = ['bench', 'profiles', 'log', 'settings', 'about', 'station', 'intune'] as const;
export type Route = (typeof ROUTES)[number];

/** The workbench's screens in navigation order; Alt+1… switch to them. */
export const NAV: ReadonlyArray<{ route: Route; label: string; key: string }> = [
  { route: 'bench', label: 'Bench', key: '1' },
  { route: 'profiles', label: 'Profiles', key: '2' },
  { route: 'log', label: 'Log', key: '3' },
  { route: 'settings', label: 'Settings', key: '4' },
  { route: 'about', label: 'About', key: '5' },
  { route: 'intune', label: 'Intune', key: '6' },
];

export function parseRoute(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'bench';
}

export function navigate(route: Route): void {
  window.location.hash = `#/${route}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
