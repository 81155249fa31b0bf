import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachMac, attachReadOnlyMac, DAYS, expectAccessible, scanBarcode, screenshotSizes, unplugMac, writeSignedProfile } from './world';

// Kiosk mode end to end: an admin sets the station up in the UI, warehouse staff plug Macs in and
// watch them turn green, and nothing else is reachable — not by the UI and not by the contract.

const PIN = '246810';

/** Send one contract call over a fresh socket from the page itself (same origin, its cookie). */
function rawCall(page: Page, method: string, params: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return page.evaluate(
    ([m, p]) =>
      new Promise((resolve) => {
        const ws = new WebSocket(`ws://${location.host}/ws`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: m, params: p }));
        ws.onmessage = (message) => {
          const frame = JSON.parse(String(message.data)) as { id?: number };
          if (frame.id === 1) {
            ws.close();
            resolve(frame as { ok: boolean; error?: { code: string } });
          }
        };
      }),
    [method, params] as const,
  );
}

const stationTile = (page: Page, name: string) => page.getByTestId('station-tile').filter({ hasText: name });

test('kiosk: set up by an admin, Macs auto-staged, nothing else reachable, a wrong PIN refused and journalled, the right one unlocks', async ({ page, served, benchDirs }) => {
  test.setTimeout(120_000);
  const profile = writeSignedProfile(path.join(path.dirname(benchDirs.dataDir), 'Downloads'), 'Contoso.mobileconfig', DAYS(1), 'Contoso Warehouse');
  await page.clock.install();
  await page.goto(`${served.url}#/profiles`);

  // The admin: import and choose the profile, set the PIN, start kiosk mode.
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  await page.getByTestId('profile-row').getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('profile-row')).toContainText('Chosen');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('new-pin').fill(PIN);
  await page.getByTestId('repeat-pin').fill(PIN);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await expect(page.getByText('Admin PIN saved.')).toBeVisible();
  // A Mac plugged in before the station is entered is staged when it is.
  attachMac(benchDirs.mountRoot, 'Mac 0');
  await expect(page.getByRole('link', { name: 'Bench' })).toBeVisible();
  await page.getByTestId('enter-kiosk').click();
  await expect(stationTile(page, 'Mac 0')).toHaveAttribute('data-state', 'staged');
  // The station opens at its top, and asks for the serial of each Mac (a scan, or typed).
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const prompt = page.getByTestId('station-serial-prompt');
  await expect(prompt).toContainText('Mac 0');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await scanBarcode(page, 'C02XK1ABJG5H');
  await expect(stationTile(page, 'Mac 0')).toContainText('Serial C02XK1ABJG5H');
  await expect(prompt).toHaveCount(0);
  unplugMac(benchDirs.mountRoot, 'Mac 0');
  await expect(stationTile(page, 'Mac 0')).toHaveCount(0);

  // The station: full screen, no navigation, no import, no settings — even by address.
  await expect(page.getByText('Plug in a Mac.')).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await page.goto(`${served.origin}/#/settings`);
  await expect(page.getByText('Plug in a Mac.')).toBeVisible();
  await expect(page.getByLabel('Technician name')).toHaveCount(0);
  await expect(page.getByTestId('profile-file-input')).toHaveCount(0);
  await expectAccessible(page, 'station (empty)');
  await screenshotSizes(page, 'station-empty');

  // …and the contract itself refuses the admin calls while locked, whatever the page sends.
  expect(await rawCall(page, 'updateSettings', { technicianName: 'mallory' })).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
  expect(await rawCall(page, 'importProfile', { fileName: 'x.mobileconfig', contentBase64: '' })).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
  expect(await rawCall(page, 'chooseProfile', { id: null })).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
  expect(await rawCall(page, 'listTargets', {})).toMatchObject({ ok: true });

  // Warehouse staff plug in three Macs and one whose disk is read-only: no button to press.
  attachMac(benchDirs.mountRoot, 'Mac 1');
  attachMac(benchDirs.mountRoot, 'Mac 2', 'macos-14.7.4-23H420_rust-std-test.plist');
  attachMac(benchDirs.mountRoot, 'Mac 3');
  const readOnly = attachReadOnlyMac(benchDirs.mountRoot, 'Mac 4');
  try {
    for (const name of ['Mac 1', 'Mac 2', 'Mac 3']) {
      await expect(stationTile(page, name)).toHaveAttribute('data-state', 'staged');
      await expect(stationTile(page, name).getByTestId('station-instruction')).toHaveText('Unplug — done.');
    }
    // The reason in words a warehouse worker can pass on.
    await expect(stationTile(page, 'Mac 4').getByTestId('station-instruction')).toHaveText('Call a supervisor: its disk cannot be written to.');
    await expect(prompt).toContainText('Mac 1');
    await prompt.getByRole('button', { name: 'Skip this Mac' }).click();
    await expect(prompt).toContainText('Mac 2');
    // Typed for Mac 2 and Mac 3; Mac 4 cannot be staged, so its serial would go on no list: the
    // station does not ask for it, and the worker is left with the supervisor's instruction only.
    await page.getByTestId('station-serial-input').fill('K7GD2QXY9V');
    await prompt.getByRole('button', { name: 'Save' }).click();
    await expect(stationTile(page, 'Mac 2')).toContainText('Serial K7GD2QXY9V');
    await expect(prompt).toContainText('Mac 3');
    await page.getByTestId('station-serial-input').fill('FVFZM3CDLJ7K');
    await prompt.getByRole('button', { name: 'Save' }).click();
    await expect(stationTile(page, 'Mac 3')).toContainText('Serial FVFZM3CDLJ7K');
    await expect(prompt).toHaveCount(0);
    await expect(stationTile(page, 'Mac 4')).not.toContainText('Serial');
    for (const name of ['Mac 1', 'Mac 2', 'Mac 3']) {
      expect(fs.existsSync(path.join(benchDirs.mountRoot, `${name} - Data`, 'Users', 'Shared', 'Enrollment', 'Contoso Warehouse.mobileconfig'))).toBe(true);
    }
    await expect(page.getByTestId('shift-summary')).toContainText('Staged4');
    await expectAccessible(page, 'station (working)');
    await screenshotSizes(page, 'station-staged-and-supervisor');

    // Unplugged when done: the tile goes away; the Mac now waits for approval at the Mac.
    unplugMac(benchDirs.mountRoot, 'Mac 1');
    await expect(stationTile(page, 'Mac 1')).toHaveCount(0);

    // The PIN dialog closes with Escape; a wrong PIN is refused inside it and journalled.
    await page.getByRole('button', { name: 'Admin' }).click();
    await expect(page.getByTestId('pin-input')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pin-input')).toHaveCount(0);
    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByTestId('pin-input').fill('000000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('dialog').getByRole('alert').filter({ hasText: 'That PIN is not correct.' })).toBeVisible();
    await expectAccessible(page, 'station (PIN refused)');
    await screenshotSizes(page, 'station-pin-refused');
    const attempts = (await rawCall(page, 'queryJournal', { filter: { kind: 'kiosk-pin-attempt' }, offset: 0, limit: 10 })) as unknown as {
      ok: boolean;
      value: { events: Array<{ code: string | null }> };
    };
    expect(attempts.value.events.map((e) => e.code)).toEqual(['KIOSK_PIN_WRONG']);

    // The right PIN unlocks the admin functions: the contract now takes them.
    await page.getByTestId('pin-input').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('Unlocked')).toBeVisible();
    expect(await rawCall(page, 'updateSettings', { technicianName: 'Supervisor' })).toMatchObject({ ok: true });
    await screenshotSizes(page, 'station-unlocked');
    await page.getByRole('button', { name: 'Lock' }).click();
    await expect(page.getByRole('button', { name: 'Admin' })).toBeVisible();

    // Near the end of the two weeks a persistent banner says how long is left; past it the
    // station stops and shows a full-screen message for a supervisor.
    await page.clock.fastForward(DAYS(12) + 12 * 3_600_000);
    await expect(page.getByTestId('expiry-banner')).toContainText('The profile expires in');
    await screenshotSizes(page, 'station-expiring');
    await page.clock.fastForward('13:00:00');
    await expect(page.getByTestId('station-stopped')).toContainText('Call a supervisor');
    await expect(page.getByTestId('station-stopped')).toContainText('expired');
    await expectAccessible(page, 'station (expired)');
    await screenshotSizes(page, 'station-expired');
  } finally {
    readOnly.detach();
  }
});
