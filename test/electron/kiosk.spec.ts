import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { runCliProcess } from '../support/processes';
import { REPO_ROOT, tempDir } from '../support/temp';
import { electronBinary, electronSqliteBinding } from './electron-binary';

// The real kiosk window: launched with --kiosk after an admin PIN was set with the CLI. Runs
// wherever an Electron binary exists (a Mac after one `npm start`) and skips, saying why, elsewhere.
const binary = electronBinary();
const binding = electronSqliteBinding();
const PIN = '482913';
// Cmd on macOS, Ctrl elsewhere: the shortcuts the filter must swallow on this platform.
const primary = process.platform === 'darwin' ? 'Meta' : 'Control';

test.describe('the Electron shell in kiosk mode', () => {
  test.skip(binary.path === null, binary.reason);
  test.skip(binding === undefined, 'better-sqlite3 has not been built for Electron yet: run `npm start` once');

  test('opens a full-screen kiosk window that Cmd/Ctrl+Q, close and quit cannot end until the PIN is given', async () => {
    const dir = tempDir('eb-electron-kiosk-');
    const dataDir = path.join(dir.path, 'data');
    const setPin = await runCliProcess(['--data-dir', dataDir, 'kiosk', 'set-pin'], {}, `${PIN}\n`);
    expect(setPin.code, setPin.stderr).toBe(0);

    let running: ElectronApplication | null = null;
    try {
      const app = await electron.launch({
        executablePath: binary.path ?? undefined,
        args: [path.join(REPO_ROOT, 'out', 'main', 'electron-main.js'), '--data-dir', dataDir, '--kiosk'],
        env: { ...process.env, ENROLLMENT_BENCH_SQLITE_BINDING: binding ?? '' },
      });
      running = app;
      const page = await app.firstWindow();
      const windowState = () =>
        app.evaluate(({ BrowserWindow }) =>
          BrowserWindow.getAllWindows().map((w) => ({ kiosk: w.isKiosk(), fullScreen: w.isFullScreen(), visible: w.isVisible() })),
        );
      await expect.poll(windowState).toEqual([{ kiosk: true, fullScreen: true, visible: true }]);

      // The page records the keys it receives; a swallowed shortcut never reaches it.
      await page.evaluate(() => {
        const seen: string[] = [];
        (globalThis as Record<string, unknown>).seenKeys = seen;
        addEventListener('keydown', (event) => seen.push(`${event.metaKey ? 'Meta+' : ''}${event.ctrlKey ? 'Control+' : ''}${event.key}`), true);
      });
      await page.keyboard.press(`${primary}+Q`);
      await page.keyboard.press(`${primary}+R`);
      await page.keyboard.press('F12');
      // A harmless key after them: once the page has it, the shortcuts before it were handled.
      await page.keyboard.press('7');
      await expect.poll(() => page.evaluate(() => (globalThis as Record<string, unknown>).seenKeys)).toEqual(['7']);
      expect(await windowState()).toHaveLength(1);

      // Closing the window and quitting the app are held back while locked.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
      await app.evaluate(({ app: electronApp }) => electronApp.quit());
      expect(await windowState()).toEqual([{ kiosk: true, fullScreen: true, visible: true }]);

      // The admin PIN, through the real preload bridge and IPC, lifts the guards.
      const unlocked = await page.evaluate(
        (pin) =>
          (globalThis as unknown as { enrollmentBench: { calls: { unlockKiosk(p: { pin: string }): Promise<unknown> } } }).enrollmentBench.calls.unlockKiosk({ pin }),
        PIN,
      );
      expect(unlocked).toMatchObject({ ok: true, value: { enabled: true, locked: false } });
      await app.close();
      running = null;
    } finally {
      // Only reached with the app still running if an assertion failed while it was guarded.
      running?.process().kill('SIGKILL');
      dir.cleanup();
    }
  });
});
