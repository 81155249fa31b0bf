import path from 'node:path';
import { BrowserWindow, nativeTheme } from 'electron';
import { APP_ORIGIN } from './app-protocol';
import { kioskWindowOptions } from './kiosk-controller';

export interface WindowOptions {
  readonly preloadPath: string;
  /** Open full screen in kiosk mode (the station was left in kiosk mode, or --kiosk). */
  readonly kiosk?: boolean;
}

/** The one window, with every renderer protection on. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'Enrollment Bench',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1c1e' : '#f5f5f7',
    ...kioskWindowOptions(options.kiosk ?? false),
    webPreferences: {
      preload: path.resolve(options.preloadPath),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Middle-click (auxclick) cannot open anything: new windows are denied anyway (hardening.ts).
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      devTools: process.env.ENROLLMENT_BENCH_DEVTOOLS === '1',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}
