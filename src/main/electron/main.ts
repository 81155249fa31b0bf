// The Electron shell: app lifecycle, the window, IPC. Everything else is the core, shared with the
// web-host and the CLI. This is the only folder that may import 'electron'.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { createBench, type Bench } from '../core/create-bench';
import { resolveDataDir } from '../core/data-dir';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { hardenAllWebContents, hardenSession } from './hardening';
import { connectIpc } from './ipc-main';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(here, '../renderer');
const preloadPath = path.resolve(here, '../preload/preload.cjs');

function argValue(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const dataDir = resolveDataDir(argValue('--data-dir'));
// One data folder for the app, the CLI and the web-host (see core/data-dir.ts).
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
    });
    connectIpc(bench, () => window);
    window = createMainWindow({ preloadPath });
    window.on('closed', () => {
      window = null;
    });
  }).catch((error: unknown) => {
    console.error('Enrollment Bench could not start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void bench?.close();
  });
}
