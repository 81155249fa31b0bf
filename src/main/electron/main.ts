// The Electron shell: app lifecycle, the window, IPC. Everything else is the core, shared with the
// web-host and the CLI. This is the only folder that may import 'electron'.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, crashReporter, dialog, Menu } from 'electron';
import { createBench, type Bench } from '../core/create-bench';
import { startFailureDialog } from './start-failure';
import { systemClock } from '../platform/clock';
import { resolveDataDir } from '../platform/data-dir';
import { createFileLogger } from '../platform/logger';
import { aboutPanelOptions, versionLine, wantsVersion, type AppIdentity } from './app-info';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { hardenAllWebContents, hardenSession } from './hardening';
import { electronIntuneOptions } from './intune-shell';
import { benchMenuTemplate } from './bench-menu';
import { connectIpc } from './ipc-main';
import { attachKioskController } from './kiosk-controller';
import { createShellServices } from './shell-services';
import { profilePathsFromArgv } from './opened-profile';
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
const identity: AppIdentity = { name: app.getName(), version: app.getVersion(), electronVersion: process.versions.electron, chromeVersion: process.versions.chrome };
// Logs in the platform's log folder (~/Library/Logs/Enrollment Bench on macOS), rotated by size.
// Crash reports stay on this machine next to them: the product is offline, nothing is uploaded.
const logDir = app.getPath('logs');
app.setPath('crashDumps', path.join(logDir, 'crashes'));

if (wantsVersion(process.argv)) {
  // Like the CLI's --version: print and leave, before any window, lock or database.
  process.stdout.write(`${versionLine(identity)}\n`);
  app.exit(0);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  crashReporter.start({ uploadToServer: false, compress: true });
  app.setAboutPanelOptions(aboutPanelOptions(identity, new Date().getFullYear()));
  registerAppScheme();
  hardenAllWebContents();

  let window: BrowserWindow | null = null;
  let bench: Bench | null = null;
  // Profiles opened with the app before it is ready wait here (macOS sends open-file at launch).
  const pendingProfiles: string[] = profilePathsFromArgv(process.argv, process.cwd());
  let openProfile: ((path: string) => Promise<void>) | null = null;
  const openProfiles = (paths: readonly string[]) => {
    if (!openProfile) return void pendingProfiles.push(...paths);
    for (const profilePath of paths) void openProfile(profilePath);
  };

  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    openProfiles([filePath]);
  });

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    openProfiles(profilePathsFromArgv(argv, workingDirectory));
  });

  const start = async (repairJournal: boolean) => {
    bench = await createBench({
      repairJournal,
      dataDir,
      door: 'electron',
      discovery: 'watch',
      // `npm start` builds better-sqlite3 for Electron's ABI into its own folder and names it here.
      sqliteNativeBinding: process.env.ENROLLMENT_BENCH_SQLITE_BINDING,
      kiosk: startInKiosk,
      intune: electronIntuneOptions(dataDir),
      logger: createFileLogger(dataDir, systemClock, undefined, { dir: logDir }),
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
    openProfile = services.openProfile;
    mainWindow.once('ready-to-show', () => openProfiles(pendingProfiles.splice(0)));
    mainWindow.on('closed', () => {
      stopFollowing();
      services.dispose();
      controller.detach();
      openProfile = null;
      window = null;
    });
  };

  const startOrExplain = async (repairJournal: boolean): Promise<void> => {
    try {
      await start(repairJournal);
    } catch (error) {
      console.error('Enrollment Bench could not start:', error);
      const shown = startFailureDialog(error, dataDir);
      const { response } = await dialog.showMessageBox({ type: 'error', title: shown.title, message: shown.message, detail: shown.detail, buttons: [...shown.buttons], defaultId: shown.buttons.length - 1, cancelId: shown.buttons.length - 1, noLink: true });
      if (shown.repairButton !== null && response === shown.repairButton && !repairJournal) return startOrExplain(true);
      // app.exit, not app.quit: a quit could be held back by the kiosk guards.
      app.exit(1);
    }
  };

  app.whenReady().then(() => {
    hardenSession();
    serveRenderer(rendererDir);
    return startOrExplain(false);
  }).catch((error: unknown) => {
    console.error('Enrollment Bench could not start:', error);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void bench?.close();
  });
}
