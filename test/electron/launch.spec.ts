import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO_ROOT, tempDir } from '../support/temp';
import { electronBinary, electronSqliteBinding } from './electron-binary';

// These tests launch the real Electron app. They run wherever an Electron binary exists (a Mac
// after `npm ci` and one `npm start`), and skip, saying why, where it cannot be downloaded.
const binary = electronBinary();
// The app needs better-sqlite3 built for Electron, which the first `npm start` makes.
const binding = electronSqliteBinding();

test.describe('the Electron shell', () => {
  test.skip(binary.path === null, binary.reason);
  test.skip(binding === undefined, 'better-sqlite3 has not been built for Electron yet: run `npm start` once');

  test('opens one secure window that shows the status from the core', async () => {
    const dir = tempDir('eb-electron-');
    const app = await electron.launch({
      executablePath: binary.path ?? undefined,
      args: [path.join(REPO_ROOT, 'out', 'main', 'electron-main.js'), '--data-dir', path.join(dir.path, 'data')],
      env: { ...process.env, ENROLLMENT_BENCH_SQLITE_BINDING: electronSqliteBinding() ?? '' },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Bench status' })).toBeVisible();
      await expect(window.getByTestId('status-schema')).toHaveText(/schema version \d+/);
      // Context isolation and sandbox: the page sees the named bridge, never Node or ipcRenderer.
      const globals = await window.evaluate(() => ({
        bridge: typeof (globalThis as Record<string, unknown>).enrollmentBench,
        process: typeof (globalThis as Record<string, unknown>).process,
        ipcRenderer: typeof (globalThis as Record<string, unknown>).ipcRenderer,
      }));
      expect(globals).toEqual({ bridge: 'object', process: 'undefined', ipcRenderer: 'undefined' });
      // The renderer has no Node: require and process are not there.
      expect(await window.evaluate(() => typeof (globalThis as Record<string, unknown>).require)).toBe('undefined');
    } finally {
      await app.close();
      dir.cleanup();
    }
  });
});
