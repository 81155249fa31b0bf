import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { attachCarrier, attachMac, attachReadOnlyMac, DAYS, gateJobEvents, screenshotSizes, unplugMac, writeSignedProfile } from './world';

// Every screen, photographed at the two window sizes of a bench (1280×800, 1920×1080), light and
// dark, as test-results/screenshots/<screen>[-dark]-<width>x<height>.png. The world is seeded the
// way a working bench looks mid-shift: a library of profiles (one chosen, one nearly expired, one
// tampered), seven Macs in every state, a carrier stick, a journal with real events. The pictures
// are for people to look at; the test checks only that each screen shows what it is about.

const SONOMA = 'macos-14.7.4-23H420_rust-std-test.plist';
const BIG_SUR = 'macos-11.1-20C63_zig-test.plist';
const tile = (page: Page, name: string) => page.getByTestId('target-tile').filter({ has: page.getByRole('heading', { name, exact: true }) });
const row = (page: Page, name: string) => page.getByTestId('roster-row').filter({ hasText: name });

function writeLibrary(downloads: string): string[] {
  const chosen = writeSignedProfile(downloads, 'Contoso Macs.mobileconfig', DAYS(2), 'Contoso Macs');
  const older = writeSignedProfile(downloads, 'Contoso Macs (lab).mobileconfig', DAYS(13) + 6 * 3_600_000, 'Contoso Lab Macs');
  const tampered = writeSignedProfile(downloads, 'Fabrikam.mobileconfig', DAYS(1), 'Fabrikam Macs');
  const bytes = fs.readFileSync(tampered);
  const at = bytes.indexOf('Fabrikam Macs');
  bytes[at + 2] = 'B'.charCodeAt(0);
  fs.writeFileSync(tampered, bytes);
  return [chosen, older, tampered];
}

test('every workbench screen at 1280×800 and 1920×1080, light and dark, on a bench mid-shift', async ({ page, served, benchDirs }) => {
  test.setTimeout(170_000);
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  const files = writeLibrary(downloads);
  await page.clock.install();
  await page.goto(`${served.url}#/settings`);
  await page.getByLabel('Technician name').fill('Ana Técnica');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();

  await page.getByRole('link', { name: 'Profiles' }).click();
  await page.getByTestId('profile-file-input').setInputFiles(files);
  await expect(page.getByTestId('profile-row')).toHaveCount(3);
  await page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs' }).getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs' })).toContainText('Chosen');

  // The rack: Macs that will be staged, one too old for the profile, one whose disk is read-only,
  // and the carrier stick.
  await page.getByRole('link', { name: 'Bench' }).click();
  attachMac(benchDirs.mountRoot, 'MacBook Air 01');
  attachMac(benchDirs.mountRoot, 'MacBook Air 02');
  attachMac(benchDirs.mountRoot, 'MacBook Pro 03', SONOMA);
  attachMac(benchDirs.mountRoot, 'Mac mini 04', SONOMA);
  attachMac(benchDirs.mountRoot, 'iMac 05', BIG_SUR);
  const readOnly = attachReadOnlyMac(benchDirs.mountRoot, 'MacBook Pro 06');
  attachCarrier(benchDirs.mountRoot, 'ENROLL STICK');
  try {
    await expect(page.getByTestId('target-tile')).toHaveCount(7);
    await page.getByTestId('stage-all').click();
    for (const name of ['MacBook Air 01', 'MacBook Air 02', 'MacBook Pro 03', 'Mac mini 04'])
      await expect(tile(page, name).getByTestId('state-badge')).toHaveText('Staged');

    // Serials, typed into the serial field: it moves on to the next Mac without one each time. One
    // for each staged Mac, so that which Mac gets which does not matter: the tiles come in the
    // order the scanner saw the volumes, which one scan or two may give differently.
    for (const serial of ['C02XK1ABJG5H', 'C02YL2BCKH6J', 'FVFZM3CDLJ7K', 'C02ZN4DEMK8L']) {
      await page.getByTestId('serial-input').fill(serial);
      await page.getByRole('button', { name: 'Save serial' }).click();
      await expect(page.getByText(`Serial ${serial} recorded`).first()).toBeVisible();
    }

    // Two go to their people: one is approved and confirmed, one still waits.
    unplugMac(benchDirs.mountRoot, 'MacBook Air 02');
    unplugMac(benchDirs.mountRoot, 'MacBook Pro 03');
    await expect(row(page, 'MacBook Pro 03')).toBeVisible();
    await row(page, 'MacBook Pro 03').getByRole('button', { name: 'Mark MacBook Pro 03 enrolled' }).click();
    await page.clock.fastForward(6_000);
    await expect(row(page, 'MacBook Pro 03')).toHaveAttribute('data-state', 'enrolled');
    // A Mac plugged in after the others: ready, not yet staged.
    attachMac(benchDirs.mountRoot, 'Mac mini 07');
    await expect(tile(page, 'Mac mini 07')).toBeVisible();
    await page.clock.fastForward(6_000);
    await expect(page.getByTestId('notice')).toHaveCount(0);

    await expect(page.getByTestId('count-awaiting')).toContainText('1');
    // An unselected scan would go to the ready Mac, not to one that cannot be staged.
    await expect(page.getByTestId('serial-destination')).toHaveText('Mac mini 07');
    await screenshotSizes(page, 'bench', { dark: true });
    // At 1280×800 the unplugged Macs are below the tiles: the Awaiting approval counter, which
    // stays in view in the toolbar, scrolls to them.
    await page.getByTestId('count-awaiting').getByRole('button').click();
    await expect(page.getByTestId('roster')).toBeInViewport({ ratio: 0.9 });
    await page.evaluate(() => window.scrollTo(0, 0));

    // A Mac selected: its details in the inspector.
    await tile(page, 'Mac mini 04').click();
    await expect(page.getByTestId('inspector')).toContainText('File on the Mac');
    await screenshotSizes(page, 'bench-inspector', { dark: true });

    // With notices stacked (at most three), over the bench they must not hide.
    await page.getByRole('button', { name: 'Re-check staged files' }).click();
    await expect(page.getByText(/^Re-checked:/)).toBeVisible();
    await page
      .getByRole('button', { name: /Look again|Rescan/ })
      .first()
      .click();
    await expect(page.getByText(/^Looked again:/)).toBeVisible();
    await screenshotSizes(page, 'bench-notices');
    await page.clock.fastForward(6_000);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-dialog')).toBeVisible();
    await screenshotSizes(page, 'shortcuts', { dark: true });
    await page.keyboard.press('Escape');

    await page.getByRole('link', { name: 'Profiles' }).click();
    await expect(page.getByTestId('profile-row')).toHaveCount(3);
    await screenshotSizes(page, 'profiles', { dark: true });
    await page
      .getByTestId('profile-row')
      .filter({ hasText: 'Fabrikam' })
      .getByRole('button', { name: /Details/ })
      .click();
    await screenshotSizes(page, 'profiles-details');

    await page.getByRole('link', { name: 'Log' }).click();
    await expect(page.getByRole('cell', { name: 'verifying → staged' }).first()).toBeVisible();
    await screenshotSizes(page, 'log', { dark: true });

    await page.getByRole('link', { name: 'Settings' }).click();
    await expect(page.getByLabel('Technician name')).toHaveValue('Ana Técnica');
    await screenshotSizes(page, 'settings', { dark: true });

    await page.getByRole('link', { name: 'About' }).click();
    await expect(page.getByRole('heading', { name: 'Bench status' })).toBeVisible();
    await screenshotSizes(page, 'about', { dark: true });

    await page.getByRole('link', { name: 'Intune' }).click();
    await expect(page.getByTestId('intune-state')).toBeVisible();
    await screenshotSizes(page, 'intune', { dark: true });
  } finally {
    readOnly.detach();
  }
});

const PIN = '246810';

test('every kiosk station state at 1280×800 and 1920×1080, light and dark', async ({ page, served, benchDirs }) => {
  test.setTimeout(170_000);
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  const profile = writeSignedProfile(downloads, 'Contoso Warehouse.mobileconfig', DAYS(1), 'Contoso Warehouse');
  const gate = await gateJobEvents(page);
  await page.clock.install();
  await page.goto(`${served.url}#/profiles`);
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  await page.getByTestId('profile-row').getByRole('button', { name: 'Choose' }).click();
  await expect(page.getByTestId('profile-row')).toContainText('Chosen');
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('new-pin').fill(PIN);
  await page.getByTestId('repeat-pin').fill(PIN);
  await page.getByRole('button', { name: 'Set PIN' }).click();
  await expect(page.getByText('Admin PIN saved.')).toBeVisible();
  await page.getByTestId('enter-kiosk').click();
  await expect(page.getByText('Plug in a Mac.')).toBeVisible();
  await page.clock.fastForward(6_000);
  await screenshotSizes(page, 'station-idle', { dark: true });

  // Staging: the copies held mid-flight so the state can be seen.
  gate.close();
  attachMac(benchDirs.mountRoot, 'Mac 1');
  attachMac(benchDirs.mountRoot, 'Mac 2', SONOMA);
  attachMac(benchDirs.mountRoot, 'Mac 3');
  await expect(page.getByTestId('station-tile')).toHaveCount(3);
  await expect(
    page
      .getByTestId('station-tile')
      .filter({ hasText: /Copying|Queued|Waiting/ })
      .first(),
  ).toBeVisible();
  // A kiosk tile with no bar to show (a copy of tens of KB sends no progress) keeps its spinner turning.
  const copying = page.getByTestId('station-tile').filter({ hasText: 'Copying' }).first();
  await expect(copying).toBeVisible();
  await expect(copying.getByRole('progressbar')).toHaveCount(0);
  expect(
    await copying
      .getByTestId('state-badge')
      .locator('svg')
      .evaluate((svg) => getComputedStyle(svg).animationName),
  ).toBe('spin');
  await screenshotSizes(page, 'station-staging', { dark: true });
  gate.open();

  const readOnly = attachReadOnlyMac(benchDirs.mountRoot, 'Mac 4');
  attachMac(benchDirs.mountRoot, 'Mac 5', BIG_SUR);
  try {
    for (const name of ['Mac 1', 'Mac 2', 'Mac 3'])
      await expect(page.getByTestId('station-tile').filter({ hasText: name })).toHaveAttribute('data-state', 'staged');
    await expect(page.getByTestId('station-tile').filter({ hasText: 'Mac 4' }).getByTestId('station-instruction')).toContainText('Call a supervisor');
    // The serial prompt for the next Mac, and Macs done and Macs that need a supervisor.
    await expect(page.getByTestId('station-serial-prompt')).toBeVisible();
    await screenshotSizes(page, 'station-supervisor', { dark: true });

    await page.getByRole('button', { name: 'Admin' }).click();
    await page.getByTestId('pin-input').fill('000000');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('dialog').getByRole('alert').filter({ hasText: 'That PIN is not correct.' })).toBeVisible();
    await screenshotSizes(page, 'station-pin', { dark: true });
    await page.getByTestId('pin-input').fill(PIN);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('Unlocked')).toBeVisible();
    await screenshotSizes(page, 'station-unlocked');
    await page.getByRole('button', { name: 'Lock' }).click();

    await page.clock.fastForward(DAYS(14));
    await expect(page.getByTestId('station-stopped')).toContainText('Call a supervisor');
    await screenshotSizes(page, 'station-stopped', { dark: true });
  } finally {
    readOnly.detach();
  }
});
