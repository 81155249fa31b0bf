// The Electron side of kiosk mode, kept as logic over Electron-shaped interfaces (type imports
// only) so unit tests drive it with small fakes on plain Node; main.ts hands it the real window,
// app and Menu. While the station is locked it swallows the shortcuts in BLOCKED_SHORTCUTS, keeps
// the window from closing and the app from quitting, and takes focus back when it loses it. The
// core decides what "locked" means (kioskChanged); this only follows it.
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import type { KioskState } from '../../shared/models/kiosk';
import { blockedShortcutFor, type KeyInput } from './kiosk-input-filter';
import { kioskMenuTemplate } from './kiosk-menu';

export interface PreventableEvent {
  preventDefault(): void;
}

type InputListener = (event: PreventableEvent, input: KeyInput) => void;
type CloseListener = (event: PreventableEvent) => void;
type BlurListener = () => void;

/** The parts of Electron's BrowserWindow the controller uses. */
export interface KioskWindowLike {
  readonly webContents: {
    on(event: 'before-input-event', listener: InputListener): unknown;
    removeListener(event: 'before-input-event', listener: InputListener): unknown;
  };
  on(event: 'close', listener: CloseListener): unknown;
  on(event: 'blur', listener: BlurListener): unknown;
  removeListener(event: 'close', listener: CloseListener): unknown;
  removeListener(event: 'blur', listener: BlurListener): unknown;
  setKiosk(flag: boolean): void;
  isKiosk(): boolean;
  focus(): void;
  isDestroyed(): boolean;
}

/** The parts of Electron's app the controller uses. */
export interface KioskAppLike {
  on(event: 'before-quit', listener: CloseListener): unknown;
  removeListener(event: 'before-quit', listener: CloseListener): unknown;
  focus(options?: { steal: boolean }): void;
}

export type KioskLockState = Pick<KioskState, 'enabled' | 'locked'>;

export interface KioskControllerOptions {
  readonly window: KioskWindowLike;
  readonly app: KioskAppLike;
  readonly platform: NodeJS.Platform;
  readonly initial: KioskLockState;
  /** Install an application menu (main.ts builds it with Electron's Menu; [] means none). */
  readonly setMenu: (template: MenuItemConstructorOptions[]) => void;
  /** The ordinary menu for when kiosk mode is off (bench-menu.ts). */
  readonly benchMenu: () => MenuItemConstructorOptions[];
  /**
   * Run the refocus a little later: taking focus back inside the blur handler itself fights the
   * window manager. Default: 100 ms.
   */
  readonly defer?: (task: () => void) => void;
  /** Told what was refused, for the log (never which keys were typed otherwise). */
  readonly onRefused?: (what: string) => void;
}

export interface KioskController {
  /** Follow a new kiosk state (from the kioskChanged event). */
  apply(state: KioskLockState): void;
  /** True while the guards are on: kiosk mode is on and locked. */
  readonly guarded: boolean;
  detach(): void;
}

/** Window options for a window that opens in kiosk mode: full screen, no way out through the frame. */
export function kioskWindowOptions(enabled: boolean): Pick<BrowserWindowConstructorOptions, 'kiosk' | 'fullscreen'> {
  return enabled ? { kiosk: true, fullscreen: true } : {};
}

export function attachKioskController(options: KioskControllerOptions): KioskController {
  const { window, app, platform } = options;
  const defer = options.defer ?? ((task) => void setTimeout(task, 100));
  let state = options.initial;
  let menuForKiosk: boolean | null = null;
  const guarded = () => state.enabled && state.locked;

  const onInput: InputListener = (event, input) => {
    if (!guarded()) return;
    const shortcut = blockedShortcutFor(input, platform);
    if (shortcut) {
      event.preventDefault();
      options.onRefused?.(shortcut.action);
    }
  };
  const onClose: CloseListener = (event) => {
    if (!guarded()) return;
    event.preventDefault();
    options.onRefused?.('close the window');
  };
  const onBeforeQuit: CloseListener = (event) => {
    if (!guarded()) return;
    event.preventDefault();
    options.onRefused?.('quit the app');
  };
  const onBlur: BlurListener = () => {
    if (!guarded()) return;
    defer(() => {
      if (!guarded() || window.isDestroyed()) return;
      // On macOS focusing a window does not bring its app to the front; ask for that too.
      if (platform === 'darwin') app.focus({ steal: true });
      window.focus();
    });
  };

  /** Menu and window mode follow whether kiosk mode is on. */
  const sync = () => {
    if (menuForKiosk !== state.enabled) {
      menuForKiosk = state.enabled;
      options.setMenu(state.enabled ? kioskMenuTemplate(platform) : options.benchMenu());
    }
    if (!window.isDestroyed() && window.isKiosk() !== state.enabled) window.setKiosk(state.enabled);
  };

  const apply = (next: KioskLockState) => {
    const wasGuarded = guarded();
    state = next;
    sync();
    // Locking again brings the station to the front (an admin may have been in another app).
    if (guarded() && !wasGuarded && !window.isDestroyed()) window.focus();
  };

  window.webContents.on('before-input-event', onInput);
  window.on('close', onClose);
  window.on('blur', onBlur);
  app.on('before-quit', onBeforeQuit);
  // No focus here: the window is still hidden until it is ready to show.
  sync();

  return {
    apply,
    get guarded() {
      return guarded();
    },
    detach() {
      app.removeListener('before-quit', onBeforeQuit);
      if (window.isDestroyed()) return;
      window.webContents.removeListener('before-input-event', onInput);
      window.removeListener('close', onClose);
      window.removeListener('blur', onBlur);
    },
  };
}
