import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO_ROOT, tempDir } from '../support/temp';
import { packagedApp } from './electron-binary';

// The release gate on a Mac (docs/RELEASING.md): the packaged app from
// `npm run dist -- --test-build` starts from its asar with the Electron-built better-sqlite3
// unpacked beside it, answers --version and opens the bench. Skips, saying why, without one.
const app = packagedApp();
const version = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

test.describe('the packaged desktop app', () => {
  test.skip(app.path === null, app.reason);

  test('answers --version with the package version', () => {
    const run = spawnSync(app.path ?? '', ['--version'], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(new RegExp(`^Enrollment Bench ${version.replace(/\./g, '\\.')} \\(Electron [\\d.]+\\)$`));
  });

  test('opens the bench from its asar with the journal working (Electron-built better-sqlite3)', async () => {
    const dir = tempDir('eb-packaged-');
    const launched = await electron.launch({ executablePath: app.path ?? undefined, args: ['--data-dir', path.join(dir.path, 'data')] });
    try {
      const window = await launched.firstWindow();
      await expect(window.getByRole('heading', { name: 'Bench status' })).toBeVisible();
      await expect(window.getByTestId('status-schema')).toHaveText(/schema version \d+/);
      const appPath = await launched.evaluate(({ app: electronApp }) => electronApp.getAppPath());
      expect(appPath).toMatch(/app\.asar$/);
    } finally {
      await launched.close();
      dir.cleanup();
    }
  });
});
