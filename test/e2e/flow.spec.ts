import path from 'node:path';
import type { Page } from '@playwright/test';
import { startServeProcess, type ServedHost } from '../support/processes';
import { expect, test } from './fixtures';
import { attachCarrier, attachMac, DAYS, expectAccessible, scanBarcode, screenshotSizes, unplugMac, writeSignedProfile } from './world';

// The technician's flow from plug-in to "enrolled", with every Mac accounted for: the session
// roster keeps unplugged Macs, a scanner fills serials like a scanning station, confirmations can
// be undone, notices fade, the shortcuts work, and a restarted web-host takes the same page back.

const SONOMA = 'macos-14.7.4-23H420_rust-std-test.plist';
const tile = (page: Page, name: string) => page.getByTestId('target-tile').filter({ has: page.getByRole('heading', { name, exact: true }) });
const row = (page: Page, name: string) => page.getByTestId('roster-row').filter({ hasText: name });

/** A barcode scanner: fast keystrokes ending in Enter, with the focus outside any field. */
async function scan(page: Page, serial: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await scanBarcode(page, serial);
}

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test('unplugged Macs stay in the roster and are confirmed by scanning; scans fill the next Mac; notices fade; carriers are drives; shortcuts; reconnect', async ({ page, served, benchDirs }) => {
  test.setTimeout(150_000);
  const profile = writeSignedProfile(path.join(path.dirname(benchDirs.dataDir), 'Downloads'), 'Contoso.mobileconfig', DAYS(1), 'Contoso Macs');
  // The page's clock runs normally; the test jumps it forward to let notices fade and undo expire.
  await page.clock.install();
  await page.goto(`${served.url}#/profiles`);
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  await expect(page.getByText('Contoso Macs imported.')).toBeVisible();
  await page.getByTestId('profile-row').getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('profile-row')).toContainText('Chosen');
  // Successes fade after about four seconds: none is left five seconds later.
  await page.clock.fastForward(5_000);
  await expect(page.getByTestId('notice')).toHaveCount(0);

  await page.getByRole('link', { name: 'Bench' }).click();
  attachMac(benchDirs.mountRoot, 'Mac A');
  attachMac(benchDirs.mountRoot, 'Mac B', SONOMA);
  attachCarrier(benchDirs.mountRoot, 'STICK');
  await expect(page.getByTestId('target-tile')).toHaveCount(3);
  // The carrier is a drive: not a Mac in the counts, though "stage all" copies to it too.
  await expect(page.getByTestId('count-ready')).toContainText('2');
  await expect(page.getByTestId('stage-all')).toHaveText('Stage all ready (3)');
  // The simulated-volume notice is said once for the bench, not on every tile.
  await expect(page.getByTestId('bench-notice')).toContainText('bench’s own disk');
  await expect(page.getByTestId('target-tile').filter({ hasText: 'bench’s own disk' })).toHaveCount(0);

  // A scan with nothing selected fills the next Mac without a serial, then moves on.
  await scan(page, 'C02XK1ABJG5H');
  await expect(tile(page, 'Mac A').getByTestId('tile-serial')).toHaveText('Serial C02XK1ABJG5H');
  await expect(tile(page, 'Mac A').getByTestId('tile-note')).toHaveText('Serial C02XK1ABJG5H recorded for Mac A.');
  await expect(page.getByTestId('serial-destination')).toHaveText('Mac B');

  // Ctrl/⌘+Enter stages all ready: two Macs and the drive.
  await page.keyboard.press(`${mod}+Enter`);
  await expect(tile(page, 'Mac A').getByTestId('state-badge')).toHaveText('Staged');
  await expect(tile(page, 'STICK').getByTestId('state-badge')).toHaveText('Staged');
  await expect(page.getByTestId('count-staged')).toContainText('2');
  await expect(tile(page, 'STICK').getByRole('button', { name: 'Mark enrolled' })).toHaveCount(0);
  await expect(tile(page, 'Mac B').getByRole('button', { name: 'Mark enrolled' })).toBeVisible();

  // Unplug Mac A: it stays, as a compact row awaiting approval; the counters count the roster.
  unplugMac(benchDirs.mountRoot, 'Mac A');
  await expect(page.getByTestId('target-tile')).toHaveCount(2);
  await expect(row(page, 'Mac A')).toContainText('Unplugged · awaiting approval on the Mac · staged');
  await expect(row(page, 'Mac A')).toContainText('Serial C02XK1ABJG5H');
  await expect(page.getByTestId('count-awaiting')).toContainText('1');
  await expect(page.getByTestId('count-staged')).toContainText('1');
  await expectAccessible(page, 'bench (roster)');
  await screenshotSizes(page, 'bench-roster');

  // Approved at the Mac, its serial is scanned: the name is asked once, then it can be undone.
  await scan(page, 'C02XK1ABJG5H');
  const who = page.getByTestId('technician-dialog');
  await expect(who).toBeVisible();
  await expectAccessible(page, 'technician dialog');
  await screenshotSizes(page, 'bench-technician-dialog');
  await who.getByLabel('Your name').fill('Ana Técnica');
  await who.getByRole('button', { name: 'Continue' }).click();
  const pending = page.getByTestId('pending-notice');
  await expect(pending).toContainText('Marking Mac A enrolled (by Ana Técnica).');
  await pending.getByRole('button', { name: 'Undo' }).click();
  await expect(pending).toHaveCount(0);
  await page.clock.fastForward(6_000);
  await expect(row(page, 'Mac A')).toHaveAttribute('data-state', 'awaiting');

  await scan(page, 'C02XK1ABJG5H');
  await expect(who).toHaveCount(0);
  await expect(pending).toContainText('Marking Mac A enrolled');
  await page.clock.fastForward(6_000);
  await expect(row(page, 'Mac A')).toHaveAttribute('data-state', 'enrolled');
  await expect(row(page, 'Mac A').getByTestId('state-badge')).toHaveText('Enrolled');
  await expect(row(page, 'Mac A')).toContainText('Confirmed by Ana Técnica');
  await expect(page.getByTestId('count-enrolled')).toContainText('1');
  await expect(page.getByTestId('count-awaiting')).toContainText('0');

  // The inspector holds the details a tile leaves out: paths and history.
  await tile(page, 'Mac B').click();
  await expect(page.getByTestId('inspector')).toContainText('File on the Mac');
  await expect(page.getByTestId('inspector').getByTestId('history')).toContainText('verifying → staged');

  // The shortcuts: ? lists them, Ctrl/⌘+R looks again, +F filters the log, +, settings, +O imports.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
  await expectAccessible(page, 'shortcut list');
  await screenshotSizes(page, 'bench-shortcuts');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts-dialog')).toHaveCount(0);
  await page.keyboard.press(`${mod}+r`);
  await expect(page.getByText('Looked again: 2 Macs and drives attached.')).toBeVisible();
  await page.keyboard.press(`${mod}+f`);
  await expect(page.getByTestId('log-filter')).toBeFocused();
  await page.keyboard.press(`${mod}+Comma`);
  await expect(page.getByLabel('Technician name')).toBeVisible();
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press(`${mod}+o`);
  await chooser;
  await expect(page.getByTestId('profile-file-input')).toBeVisible();
  await page.getByRole('link', { name: 'Bench' }).click();
  await expect(row(page, 'Mac A')).toBeVisible();

  // The web-host stops: the page blocks with "Reconnecting…"; restarted on the same data folder
  // and port, the same page (no new address) works again.
  await served.stop();
  const overlay = page.getByTestId('connection-overlay');
  await expect(overlay).toContainText('Reconnecting…');
  await expect(page.locator('.app')).toHaveAttribute('inert', '');
  await expectAccessible(page, 'reconnecting');
  await screenshotSizes(page, 'bench-reconnecting');
  let again: ServedHost | null = null;
  try {
    again = await startServeProcess(['--data-dir', benchDirs.dataDir, '--mounts', benchDirs.mountRoot, '--port', String(served.port)]);
    expect(again.token).toBe(served.token);
    await page.clock.fastForward(6_000);
    await expect(overlay).toHaveCount(0);
    await expect(row(page, 'Mac A')).toHaveAttribute('data-state', 'enrolled');
    await page.reload();
    await expect(row(page, 'Mac A')).toHaveAttribute('data-state', 'enrolled');
    await expect(tile(page, 'Mac B').getByTestId('state-badge')).toHaveText('Staged');
  } finally {
    await again?.stop();
  }
});
