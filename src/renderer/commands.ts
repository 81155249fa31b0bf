import type { BenchCommand } from '../shared/contract/bridge-api';
import { navigate, type Route } from './routing';
import type { BenchStore } from './store/store';

// The bench's keyboard shortcuts, one table for the browser, the shortcut list and (by the same
// names) the desktop menu's accelerators (src/main/electron/bench-menu.ts).

export type ShortcutCommand = BenchCommand | 'import' | 'settings';

export interface Shortcut {
  readonly command: ShortcutCommand;
  /** The key with Ctrl (⌘ on a Mac), or alone for "?". */
  readonly key: string;
  readonly withModifier: boolean;
  readonly label: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'import', key: 'o', withModifier: true, label: 'Import a profile' },
  { command: 'rescan', key: 'r', withModifier: true, label: 'Look again for Macs' },
  { command: 'stage-all', key: 'Enter', withModifier: true, label: 'Stage all ready Macs' },
  { command: 'filter-log', key: 'f', withModifier: true, label: 'Filter the log' },
  { command: 'settings', key: ',', withModifier: true, label: 'Settings' },
  { command: 'shortcuts', key: '?', withModifier: false, label: 'This list of shortcuts' },
];

export const isMacPlatform = (): boolean => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "⌘O" on a Mac, "Ctrl+O" elsewhere. */
export function shortcutText(shortcut: Shortcut, mac = isMacPlatform()): string {
  const key = shortcut.key === 'Enter' ? (mac ? '↩' : 'Enter') : shortcut.key.toUpperCase();
  if (!shortcut.withModifier) return shortcut.key;
  return mac ? `⌘${key}` : `Ctrl+${key}`;
}

function isEditable(element: EventTarget | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName);
}

/** Wait for a screen to render an element, then act on it (a route change renders on the next frame). */
function whenShown(selector: string, act: (element: HTMLElement) => void, tries = 20): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element) return act(element);
  if (tries > 0) window.setTimeout(() => whenShown(selector, act, tries - 1), 25);
}

const go = (route: Route) => {
  if (!window.location.hash.startsWith(`#/${route}`)) navigate(route);
};

export function runCommand(store: BenchStore, command: ShortcutCommand): void {
  const state = store.getState();
  // A locked kiosk station has no bench commands at all.
  if (state.kiosk?.enabled) return;
  switch (command) {
    case 'import':
      go('profiles');
      whenShown('[data-testid="profile-file-input"]', (input) => input.click());
      break;
    case 'rescan':
      void state.rescan();
      break;
    case 'stage-all':
      go('bench');
      void state.stage('all');
      break;
    case 'filter-log':
      go('log');
      whenShown('[data-testid="log-filter"]', (input) => input.focus());
      break;
    case 'settings':
      go('settings');
      break;
    case 'shortcuts':
      store.setState({ shortcutsOpen: true });
      break;
  }
}

/** Ctrl/⌘ + O, R, Enter, F and "," anywhere; "?" outside fields. */
export function installShortcuts(store: BenchStore): () => void {
  const onKey = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey) return;
    const modifier = event.ctrlKey || event.metaKey;
    const shortcut = SHORTCUTS.find((s) => (s.withModifier ? modifier && s.key.toLowerCase() === event.key.toLowerCase() : !modifier && s.key === event.key));
    if (!shortcut) return;
    if (!shortcut.withModifier && isEditable(event.target)) return;
    event.preventDefault();
    runCommand(store, shortcut.command);
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
