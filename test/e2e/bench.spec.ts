import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachMac, attachReadOnlyMac, DAYS, expectAccessible, gateJobEvents, scanBarcode, screenshotBoth, writeSignedProfile } from './world';

// A technician stages a rack of Macs, through the real renderer in Chromium, the real web-host and
// the real core, on real folders under a temporary mount root.

const SONOMA = 'macos-14.7.4-23H420_rust-std-test.plist';

const tile = (page: Page, name: string) => page.getByTestId('target-tile').filter({ has: page.getByRole('heading', { name, exact: true }) });

test('a technician imports a profile, stages three Macs, sees the read-only one refused, scans serials and exports them', async ({ page, served, benchDirs }) => {
  test.setTimeout(120_000);
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  const profile = writeSignedProfile(downloads, 'Contoso Macs.mobileconfig', DAYS(1), 'Contoso Macs');
  const gate = await gateJobEvents(page);

  // Empty bench: no profile, no Macs — it teaches how to connect one.
  await page.goto(served.url);
  await expect(page.getByTestId('empty-bench')).toContainText('Share Disk');
  await expect(page.getByTestId('empty-bench')).toContainText('Target Disk Mode');
  await expect(page.getByRole('heading', { name: 'No profile chosen' })).toBeVisible();
  await expectAccessible(page, 'bench (empty)');
  await screenshotBoth(page, 'bench-empty');

  // Import the profile downloaded from Intune and choose it.
  await page.getByRole('link', { name: 'Profiles' }).click();
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  const row = page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs' });
  await expect(row).toContainText('Valid');
  await expect(row).toContainText('signed');
  await expect(page.getByText('Contoso Macs imported.')).toBeVisible();
  await row.getByRole('button', { name: 'Choose' }).click();
  await expect(row).toContainText('Chosen');
  await expect(page.getByTestId('dynamic-group-rule')).toHaveText('(device.enrollmentProfileName -eq "Contoso Macs")');

  // One Mac at a time, so the staging state can be seen.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Technician name').fill('Ana Técnica');
  await page.getByLabel('Macs staged at the same time').fill('1');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  // Plug in three Macs and one whose disk is read-only: each appears as a tile.
  await page.getByRole('link', { name: 'Bench' }).click();
  await expect(page.getByTestId('profile-card')).toContainText('Contoso Macs');
  await expect(page.getByTestId('profile-card')).toContainText(/12 days 2\d h left/);
  attachMac(benchDirs.mountRoot, 'Mac A');
  attachMac(benchDirs.mountRoot, 'Mac B', SONOMA);
  attachMac(benchDirs.mountRoot, 'Mac C');
  const readOnly = attachReadOnlyMac(benchDirs.mountRoot, 'Mac D');
  try {
    await expect(page.getByTestId('target-tile')).toHaveCount(4);
    await expect(tile(page, 'Mac B')).toContainText('macOS 14.7.4 (23H420)');
    await expect(tile(page, 'Mac D')).toContainText('Cannot stage');
    await expect(tile(page, 'Mac D')).toContainText('read-only');
    await expect(page.getByTestId('count-ready')).toContainText('3');

    // Stage all ready; photograph the bench while the copies are in flight.
    gate.close();
    await page.getByTestId('stage-all').click();
    await expect(page.getByTestId('count-staging')).toContainText('3');
    await expect(page.getByTestId('state-badge').filter({ hasText: /Copying|Queued/ }).first()).toBeVisible();
    // A copying Mac's bar shows the copy moving; the spinner in its badge stands still.
    const copying = page.getByTestId('target-tile').filter({ has: page.getByTestId('state-badge').filter({ hasText: 'Copying' }) }).first();
    await expect(copying.getByRole('progressbar')).toBeVisible();
    expect(await copying.getByTestId('state-badge').locator('svg').evaluate((svg) => getComputedStyle(svg).animationName)).toBe('none');
    await screenshotBoth(page, 'bench-staging');
    gate.open();

    await expect(page.getByTestId('count-staged')).toContainText('3');
    for (const name of ['Mac A', 'Mac B', 'Mac C']) await expect(tile(page, name).getByTestId('state-badge')).toHaveText('Staged');
    await expect(tile(page, 'Mac D').getByTestId('state-badge')).toHaveText('Cannot stage');
    for (const name of ['Mac A', 'Mac B', 'Mac C']) {
      const staged = path.join(benchDirs.mountRoot, `${name} - Data`, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig');
      expect(Buffer.compare(fs.readFileSync(staged), fs.readFileSync(profile))).toBe(0);
    }

    // A barcode scanner types fast and ends with Enter: the serial goes to the selected Mac.
    await tile(page, 'Mac A').click();
    await scanBarcode(page, 'C02XK1ABJG5H');
    await expect(tile(page, 'Mac A').getByTestId('tile-serial')).toHaveText('Serial C02XK1ABJG5H');

    // Typed into the field for another Mac (the box label's leading S is dropped).
    await tile(page, 'Mac B').click();
    await page.getByTestId('serial-input').fill('sk7gd2qxy9v');
    await page.getByRole('button', { name: 'Save serial' }).click();
    await expect(tile(page, 'Mac B').getByTestId('tile-serial')).toHaveText('Serial K7GD2QXY9V');

    // The same serial twice in a session is refused with the reason.
    await tile(page, 'Mac C').click();
    await scanBarcode(page, 'C02XK1ABJG5H');
    await expect(page.getByRole('alert').filter({ hasText: 'already used by another Mac' })).toBeVisible();

    await page.getByRole('button', { name: 'Re-check staged files' }).click();
    await expect(page.getByText('Re-checked: 3 intact, 0 missing, 0 changed, 0 not attached.')).toBeVisible();

    await expectAccessible(page, 'bench (done)');
    await screenshotBoth(page, 'bench-done');

    // The log shows the journal; the Intune corporate identifiers export lists the serials.
    await page.getByRole('link', { name: 'Log' }).click();
    await expect(page.getByTestId('log-total')).toContainText(/\d+ events/);
    await expect(page.getByRole('cell', { name: 'verifying → staged' }).first()).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Intune corporate identifiers' }).click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^C02XK1ABJG5H,Mac A macOS 15\.4 staged \d{4}-\d\d-\d\d by Enrollment Bench$/),
      expect.stringMatching(/^K7GD2QXY9V,Mac B macOS 14\.7\.4 staged \d{4}-\d\d-\d\d by Enrollment Bench$/),
    ]);
    await expect(page.getByText('1 staged Mac(s) have no serial number and were left out.', { exact: false })).toBeVisible();
    await expectAccessible(page, 'log');
    await screenshotBoth(page, 'log');

    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Technician name')).toHaveValue('Ana Técnica');
    await expectAccessible(page, 'settings');
    await screenshotBoth(page, 'settings');
  } finally {
    readOnly.detach();
  }
});

test('profiles near or past their two weeks: amber, then a red banner that stops staging', async ({ page, served, benchDirs }) => {
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  const expiring = writeSignedProfile(downloads, 'Expiring.mobileconfig', DAYS(13) + 12 * 3_600_000, 'Contoso expiring');
  const expired = writeSignedProfile(downloads, 'Expired.mobileconfig', DAYS(15), 'Contoso expired');
  // Changed after Intune signed it: one letter of the signed content, same length.
  const tampered = writeSignedProfile(downloads, 'Tampered.mobileconfig', DAYS(1), 'Contoso tampered');
  const bytes = fs.readFileSync(tampered);
  const at = bytes.indexOf('Contoso tampered');
  bytes[at + 8] = 'T'.charCodeAt(0);
  fs.writeFileSync(tampered, bytes);
  attachMac(benchDirs.mountRoot, 'Mac A');

  // The page's clock flows normally until the test moves it forward (installed before the page
  // starts its timers, so the live countdown follows it).
  await page.clock.install();
  await page.goto(`${served.url}#/profiles`);
  await page.getByTestId('profile-file-input').setInputFiles([expiring, expired, tampered]);
  // A tampered profile is never green: the import says it cannot be used, its badge is red with the reason.
  await expect(page.getByRole('alert').filter({ hasText: 'was imported, but it cannot be used' })).toBeVisible();
  const bad = page.getByTestId('profile-row').filter({ hasText: 'Contoso Tampered' });
  await expect(bad.getByTestId('profile-badge')).toContainText('Unusable:');
  await expect(bad.getByTestId('profile-badge')).toHaveClass(/tone-bad/);
  await expect(bad.getByRole('button', { name: 'Choose' })).toBeDisabled();
  const soon = page.getByTestId('profile-row').filter({ hasText: 'Contoso expiring' });
  const gone = page.getByTestId('profile-row').filter({ hasText: 'Contoso expired' });
  await expect(soon).toContainText(/Expiring: 1\d h \d+ min left/);
  await expect(gone).toContainText('Expired');
  // An expired profile can never be chosen.
  await expect(gone.getByRole('button', { name: 'Choose' })).toBeDisabled();
  await soon.getByRole('button', { name: 'Choose' }).click();
  await expect(soon).toContainText('Chosen');
  await expectAccessible(page, 'profiles');
  await screenshotBoth(page, 'profiles-expiring-and-expired');

  await page.getByRole('link', { name: 'Bench' }).click();
  await expect(page.getByTestId('expiry-banner')).toContainText('The profile expires in');
  await expect(page.getByTestId('stage-all')).toBeEnabled();
  await screenshotBoth(page, 'bench-expiring');

  // Thirteen hours later (the page's clock), the countdown has run out: a red, blocking banner
  // that says what to do in Intune, and nothing can be staged.
  await page.clock.fastForward('13:00:00');
  await expect(page.getByTestId('expiry-banner')).toContainText('Staging is stopped');
  await expect(page.getByTestId('expiry-banner')).toContainText('Devices › Enrollment › Apple › Apple Configurator › Profiles › Export profile');
  await expect(page.getByTestId('stage-all')).toBeDisabled();
  await expectAccessible(page, 'bench (expired)');
  await screenshotBoth(page, 'bench-expired');
});

test('Macs staged with a profile that has expired since are called out for restaging', async ({ page, served, benchDirs }) => {
  // Signed 14 days minus a few seconds ago: valid now, expired moments after staging.
  const profile = writeSignedProfile(path.join(path.dirname(benchDirs.dataDir), 'Downloads'), 'Short.mobileconfig', DAYS(14) - 6_000, 'Contoso short-lived');
  attachMac(benchDirs.mountRoot, 'Mac A');
  await page.goto(`${served.url}#/profiles`);
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  await page.getByTestId('profile-row').getByRole('button', { name: 'Choose' }).click();
  await page.getByRole('link', { name: 'Bench' }).click();
  await expect(page.getByTestId('stage-all')).toBeEnabled();
  await page.getByTestId('stage-all').click();
  await expect(tile(page, 'Mac A').getByTestId('state-badge')).toHaveText('Staged');
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);

  await page.waitForTimeout(6_500);
  await page.reload();
  await expect(page.getByTestId('stale-banner')).toContainText('1 Mac was staged with a profile that has expired since');
  await expect(page.getByTestId('expiry-banner')).toContainText('Staging is stopped');
});
