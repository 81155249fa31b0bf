// The Electron shell: app lifecycle, the window, IPC. Everything else is the core, shared with the
// web-host and the CLI. This is the only folder that may import 'electron'.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { BenchError } from '../../shared/errors';
import { createBench, type Bench } from '../core/create-bench';
import { resolveDataDir } from '../platform/data-dir';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { hardenAllWebContents, hardenSession } from './hardening';
import { electronIntuneOptions } from './intune-shell';
import { benchMenuTemplate } from './bench-menu';
import { connectIpc } from './ipc-main';
import { attachKioskController } from './kiosk-controller';
import { createShellServices } from './shell-services';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/preload.cjs');

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const dataDir = resolveDataDir(argValue('--data-dir'));
// --kiosk turns kiosk mode on and keeps it on across restarts (docs/KIOSK.md).
const startInKiosk = process.argv.includes('--kiosk');
// One data folder for the app, the CLI and the web-host (see platform/data-dir.ts).
app.setPath('userData', dataDir);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  hardenAllWebContents();

  let window: BrowserWindow | null = null;
  let bench: Bench | null = null;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app.whenReady().then(async () => {
    hardenSession();
    serveRenderer(rendererDir);
    bench = await createBench({
      dataDir,
      door: 'electron',
      discovery: 'watch',
      // `npm start` builds better-sqlite3 for Electron's ABI into its own folder and names it here.
      sqliteNativeBinding: process.env.ENROLLMENT_BENCH_SQLITE_BINDING,
      kiosk: startInKiosk,
      intune: electronIntuneOptions(dataDir),
    });
    const services = createShellServices(bench, () => window);
    connectIpc(bench, () => window, { reveal: services.reveal });
    const kiosk = await bench.invoke('getKioskState', {});
    services.setKiosk(kiosk.enabled);
    const mainWindow = createMainWindow({ preloadPath, kiosk: kiosk.enabled });
    window = mainWindow;
    const logger = bench.logger;
    const controller = attachKioskController({
      window: mainWindow,
      app,
      platform: process.platform,
      initial: kiosk,
      setMenu: (template) => Menu.setApplicationMenu(template.length > 0 ? Menu.buildFromTemplate(template) : null),
      benchMenu: () => benchMenuTemplate(process.platform, services.commands, { devTools: process.env.ENROLLMENT_BENCH_DEVTOOLS === '1' }),
      onRefused: (what) => logger.log('info', 'kiosk refused', { what }),
    });
    const stopFollowing = bench.subscribe((event) => {
      if (event.name === 'kioskChanged') controller.apply(event.payload);
    });
    mainWindow.on('closed', () => {
      stopFollowing();
      services.dispose();
      controller.detach();
      window = null;
    });
  }).catch((error: unknown) => {
    console.error('Enrollment Bench could not start:', error);
    if (error instanceof BenchError && error.code === 'KIOSK_PIN_NOT_SET') {
      dialog.showErrorBox('Enrollment Bench', 'Kiosk mode needs an admin PIN first. Set one with: enrollment-bench kiosk set-pin');
    }
    // app.exit, not app.quit: a quit could be held back by the kiosk guards.
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void bench?.close();
  });
}
