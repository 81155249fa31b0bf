import { chromium, defineConfig } from '@playwright/test';
import { browserExecutable } from './test/support/find-browser';

// End-to-end tests drive the real renderer, served by the real web-host over the real core, in a
// Chromium found on this machine (test/support/find-browser.ts: CHROMIUM_PATH, Debian's
// /usr/bin/chromium, an installed Chrome/Chromium, then a browser Playwright installed earlier).
// Browsers are never downloaded by the tests.
export const CHROMIUM_PATH = browserExecutable({ playwrightBrowser: () => chromium.executablePath() });

export default defineConfig({
  testDir: 'test',
  testMatch: ['e2e/**/*.spec.ts', 'electron/**/*.spec.ts'],
  outputDir: 'test-results/playwright',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
});
