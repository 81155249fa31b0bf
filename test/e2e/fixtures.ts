import fs from 'node:fs';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { unmountAllUnder } from '../support/mounts';
import { startServeProcess, type ServedHost } from '../support/processes';
import { REPO_ROOT, tempDir } from '../support/temp';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

interface BenchFixtures {
  /** A fresh data folder and mount root for this test. */
  benchDirs: { dataDir: string; mountRoot: string };
  /** The built web-host serving the real renderer over the real core. */
  served: ServedHost;
}

export const test = base.extend<BenchFixtures>({
  benchDirs: async ({}, use) => {
    const dir = tempDir('eb-e2e-');
    const dataDir = path.join(dir.path, 'data');
    const mountRoot = path.join(dir.path, 'Volumes');
    fs.mkdirSync(mountRoot, { recursive: true });
    await use({ dataDir, mountRoot });
    unmountAllUnder(dir.path);
    dir.cleanup();
  },
  served: async ({ benchDirs }, use) => {
    const served = await startServeProcess(['--data-dir', benchDirs.dataDir, '--mounts', benchDirs.mountRoot, '--port', '0']);
    await use(served);
    await served.stop();
  },
});

export async function screenshot(page: import('@playwright/test').Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export { expect } from '@playwright/test';
