import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../support/temp';
import { expect, screenshot, test } from './fixtures';

const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

test('the status screen shows what the real core reports, through the web-host', async ({ page, served, benchDirs }) => {
  await page.goto(`${served.url}#/about`);
  await expect(page.getByRole('heading', { name: 'Bench status' })).toBeVisible();
  await expect(page.getByTestId('status-version')).toHaveText(version);
  await expect(page.getByTestId('status-schema')).toHaveText(/schema version \d+/);
  await expect(page.getByTestId('native-better-sqlite3')).toContainText('loaded');
  await expect(page.getByText(benchDirs.dataDir)).toBeVisible();
  await expect(page.getByTestId('connection-overlay')).toHaveCount(0);
  // The token is taken out of the address bar once the page has it.
  expect(page.url()).not.toContain('token=');
  const file = await screenshot(page, 'status');
  expect(fs.statSync(file).size).toBeGreaterThan(1000);
});

test('a page opened without the token is refused', async ({ page, served }) => {
  const response = await page.goto(served.origin + '/');
  expect(response?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('access token');
});

for (const scheme of ['light', 'dark'] as const) {
  test(`the status screen renders in ${scheme} appearance`, async ({ page, served }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${served.url}#/about`);
    await expect(page.getByTestId('status-version')).toHaveText(version);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe(scheme === 'light' ? 'rgb(245, 245, 247)' : 'rgb(28, 28, 30)');
    await screenshot(page, `status-${scheme}`);
  });
}
