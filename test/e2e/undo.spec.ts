import path from 'node:path';
import type { Page, WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachMac, DAYS, writeSignedProfile } from './world';

// What the few seconds of Undo promise: only Undo cancels. Closing the page, or leaving it, during
// the undo window carries the action out; and "Choose another profile", which ends the session,
// is one call to the core, which ends the session itself.

const SONOMA = 'macos-14.7.4-23H420_rust-std-test.plist';
const tile = (page: Page, name: string) => page.getByTestId('target-tile').filter({ has: page.getByRole('heading', { name, exact: true }) });

/** Import and choose a profile, and name the technician (so Mark enrolled asks nobody). */
async function setUp(page: Page, url: string, profiles: readonly string[]) {
  await page.goto(`${url}#/settings`);
  await page.getByLabel('Technician name').fill('Ana Técnica');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await page.getByRole('link', { name: 'Profiles' }).click();
  await page.getByTestId('profile-file-input').setInputFiles([...profiles]);
  await expect(page.getByTestId('profile-row')).toHaveCount(profiles.length);
  await page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs' }).getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs' })).toContainText('Chosen');
}

test('closing or leaving the page during the undo window of Mark enrolled carries it out', async ({ page, served, benchDirs, context }) => {
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  await setUp(page, served.url, [writeSignedProfile(downloads, 'Contoso.mobileconfig', DAYS(1), 'Contoso Macs')]);
  await page.getByRole('link', { name: 'Bench' }).click();
  attachMac(benchDirs.mountRoot, 'Mac A');
  attachMac(benchDirs.mountRoot, 'Mac B', SONOMA);
  await expect(page.getByTestId('target-tile')).toHaveCount(2);
  await page.getByTestId('stage-all').click();
  for (const name of ['Mac A', 'Mac B']) await expect(tile(page, name).getByTestId('state-badge')).toHaveText('Staged');

  // The notice says what closing the page does, and the page does that: Mac A, then the tab closes.
  await tile(page, 'Mac A').getByRole('button', { name: 'Mark enrolled' }).click();
  const pending = page.getByTestId('pending-notice');
  await expect(pending).toContainText('Marking Mac A enrolled (by Ana Técnica).');
  await expect(pending).toContainText('Closing this page will not cancel it.');
  await page.close();

  // Mac B, then the tab goes to another address.
  const second = await context.newPage();
  await second.goto(served.url);
  await expect(tile(second, 'Mac A').getByTestId('state-badge')).toHaveText('Enrolled');
  await expect(tile(second, 'Mac A')).toContainText('Confirmed by Ana Técnica.');
  await tile(second, 'Mac B').getByRole('button', { name: 'Mark enrolled' }).click();
  await expect(second.getByTestId('pending-notice')).toContainText('Marking Mac B enrolled');
  await second.goto('about:blank');

  const third = await context.newPage();
  await third.goto(served.url);
  await expect(tile(third, 'Mac B').getByTestId('state-badge')).toHaveText('Enrolled');
  await expect(third.getByTestId('count-enrolled')).toContainText('2');
  // The journal has each confirmation once, by name.
  await third.getByRole('link', { name: 'Log' }).click();
  await expect(third.getByRole('cell', { name: 'staged → enrolled' })).toHaveCount(2);
  await expect(third.getByRole('cell', { name: 'Enrollment confirmed by Ana Técnica.' })).toHaveCount(2);

  // Undo, and only Undo, cancels: undone, then the page closes; the Mac is still only staged.
  attachMac(benchDirs.mountRoot, 'Mac C');
  await third.getByRole('link', { name: 'Bench' }).click();
  await third.getByTestId('stage-all').click();
  await expect(tile(third, 'Mac C').getByTestId('state-badge')).toHaveText('Staged');
  await tile(third, 'Mac C').getByRole('button', { name: 'Mark enrolled' }).click();
  await third.getByTestId('pending-notice').getByRole('button', { name: 'Undo' }).click();
  await expect(third.getByTestId('pending-notice')).toHaveCount(0);
  await third.close();
  const fourth = await context.newPage();
  await fourth.goto(served.url);
  await expect(tile(fourth, 'Mac C').getByTestId('state-badge')).toHaveText('Staged');
});

test('"Choose another profile" ends the session: the page makes one call and the core ends it', async ({ page, served, benchDirs }) => {
  // Every call the page sends, by name (the frames pass through unchanged).
  const sent: string[] = [];
  await page.routeWebSocket(/\/ws/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const frame = JSON.parse(String(message)) as { method?: string };
      if (frame.method) sent.push(frame.method);
      server.send(message);
    });
    server.onMessage((message) => ws.send(message));
  });
  await page.clock.install();
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  await setUp(page, served.url, [
    writeSignedProfile(downloads, 'Contoso.mobileconfig', DAYS(1), 'Contoso Macs'),
    writeSignedProfile(downloads, 'Lab.mobileconfig', DAYS(1), 'Contoso Lab'),
  ]);
  await page.getByRole('link', { name: 'Bench' }).click();
  attachMac(benchDirs.mountRoot, 'Mac A');
  await page.getByTestId('stage-all').click();
  await expect(tile(page, 'Mac A').getByTestId('state-badge')).toHaveText('Staged');
  await expect(page.getByTestId('count-staged')).toContainText('1');

  await page.getByRole('link', { name: 'Profiles' }).click();
  const lab = page.getByTestId('profile-row').filter({ hasText: 'Contoso Lab' });
  sent.length = 0;
  await lab.getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('pending-notice')).toContainText('Choosing Contoso Lab ends this session (1 Mac); they stay in the log.');
  expect(sent).toEqual([]);
  await page.clock.fastForward(6_000);
  await expect(lab).toContainText('Chosen');
  await expect(page.getByText('The session has ended: the next Mac starts a new one.')).toBeVisible();
  // One call changed the choice and ended the session; what follows only reads.
  expect(sent.filter((method) => !/^(get|list|query)/.test(method))).toEqual(['chooseProfile']);

  // The bench starts afresh; the ended session and its Mac are in the log.
  await page.getByRole('link', { name: 'Bench' }).click();
  await expect(page.getByTestId('count-staged')).toContainText('0');
  await expect(page.getByTestId('roster')).toHaveCount(0);
  await page.getByRole('link', { name: 'Log' }).click();
  await expect(page.getByRole('cell', { name: 'verifying → staged' })).toHaveCount(1);
});
