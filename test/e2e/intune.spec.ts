import fs from 'node:fs';
import path from 'node:path';
import type WebSocket from 'ws';
import { startFakeGraph, type FakeGraph } from '../support/fake-graph';
import { startServeProcess, type ServedHost } from '../support/processes';
import { enrollmentProfile } from '../support/profile-fixtures';
import { tempDir } from '../support/temp';
import { filesContaining } from '../support/token-search';
import { openSocket, request } from '../support/ws-client';
import { expect, screenshot, test } from './fixtures';
import { attachMac, expectAccessible } from './world';

// The Intune flow from the UI: the real renderer in Chromium, the real web-host (started with
// ENROLLMENT_BENCH_GRAPH_URL pointing at the fake Graph and a token in ENROLLMENT_BENCH_GRAPH_TOKEN)
// and the real core. Download a profile from Intune into the library and choose it, stage a Mac,
// upload its serial, follow the session until Intune confirms the enrollment. Staging itself is
// asked for over the same contract (the bench screen is someone else's and is tested in
// bench.spec.ts); everything Intune is clicked.

const PROFILE_ID = 'a1b2c3d4-0000-4000-8000-00000000000a';

test('a technician downloads a profile from Intune, uploads the serial and sees the Mac confirmed by Intune', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = tempDir('eb-e2e-intune-');
  const dataDir = path.join(dir.path, 'data');
  const mountRoot = path.join(dir.path, 'Volumes');
  fs.mkdirSync(mountRoot, { recursive: true });
  let graph: FakeGraph | null = null;
  let served: ServedHost | null = null;
  let ws: WebSocket | null = null;
  try {
    graph = await startFakeGraph();
    graph.profiles.push(
      {
        id: 'f0000000-0000-4000-8000-000000000001',
        displayName: 'Kiosk Macs',
        exportValue: enrollmentProfile({ displayName: 'Kiosk Macs' }).toString('base64'),
      },
      {
        id: PROFILE_ID,
        displayName: 'Contoso Macs (userless)',
        exportValue: enrollmentProfile({ displayName: 'Contoso Macs (userless)' }).toString('base64'),
      },
    );
    served = await startServeProcess(['--data-dir', dataDir, '--mounts', mountRoot, '--port', '0'], {
      ENROLLMENT_BENCH_GRAPH_URL: graph.url,
      ENROLLMENT_BENCH_GRAPH_TOKEN: graph.token,
    });

    await page.goto(served.url);
    await page.getByRole('link', { name: 'Intune' }).click();
    await expect(page.getByTestId('intune-state')).toHaveText('Signed in');
    await expect(page.getByTestId('intune-sign-in')).toContainText('Signed in with ENROLLMENT_BENCH_GRAPH_TOKEN');

    // Profiles from Intune: download one and choose it.
    await page.getByRole('button', { name: 'Show Apple Configurator profiles' }).click();
    const row = page.getByTestId('intune-profile').filter({ hasText: 'Contoso Macs (userless)' });
    await expect(page.getByTestId('intune-profile')).toHaveCount(2);
    await row.getByRole('button', { name: 'Download and choose' }).click();
    await expect(page.getByText(/Downloaded “Contoso Macs \(userless\)” from Intune at .* and chose it\./)).toBeVisible();
    await expect(page.getByTestId('intune-group-rule')).toHaveValue('(device.enrollmentProfileName -eq "Contoso Macs (userless)")');
    await expectAccessible(page, 'intune');

    // The library shows where its validity comes from.
    await page.getByRole('link', { name: 'Profiles' }).click();
    const libraryRow = page.getByTestId('profile-row').filter({ hasText: 'Contoso Macs (userless)' });
    await expect(libraryRow).toContainText('Chosen');
    await expect(libraryRow).toContainText('downloaded from Intune at');

    // A Mac is plugged in, staged, and its serial scanned (over the contract: see above).
    attachMac(mountRoot, 'Mac A');
    const socket = await openSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`, { origin: served.origin });
    if (typeof socket === 'number') throw new Error(`socket refused: ${socket}`);
    ws = socket;
    type Listed = { ok: boolean; value?: Array<{ id: string; name: string; stageable: boolean }> };
    let macId = '';
    let seq = 10;
    await expect
      .poll(async () => {
        const listed = (await request(socket, seq++, 'listTargets', {})) as Listed;
        macId = listed.value?.find((t) => t.name === 'Mac A' && t.stageable)?.id ?? '';
        return macId !== '';
      })
      .toBe(true);
    expect(await request(socket, 2, 'stageTargets', { targetIds: [macId] })).toMatchObject({ ok: true });
    await expect
      .poll(async () => ((await request(socket, seq++, 'listJobs', {})) as { value?: Array<{ state: string }> }).value?.[0]?.state)
      .toBe('staged');
    expect(await request(socket, 3, 'setTargetSerial', { targetId: macId, serial: 'C02XK1ABJG5H' })).toMatchObject({ ok: true });

    // Serials to Intune.
    await page.getByRole('link', { name: 'Intune' }).click();
    await page.getByRole('button', { name: 'Upload serials to Intune' }).click();
    await expect(page.getByTestId('intune-upload-row')).toHaveText(['C02XK1ABJG5HMac AUploaded']);
    expect([...graph.identities.keys()]).toEqual(['C02XK1ABJG5H']);

    // Intune sees the Mac enroll; following the session confirms it and stops by itself.
    graph.devices.push({
      id: 'md-1',
      deviceName: 'Mac A',
      serialNumber: 'C02XK1ABJG5H',
      enrolledDateTime: '2026-11-20T10:15:00Z',
      enrollmentProfileName: 'Contoso Macs (userless)',
      operatingSystem: 'macOS',
      osVersion: '15.4',
    });
    await page.getByRole('button', { name: 'Follow this session' }).click();
    await expect(page.getByTestId('intune-polling')).toHaveText('Every Mac of the session is confirmed by Intune.');
    const evidence = page.getByTestId('intune-evidence-row');
    await expect(evidence).toHaveCount(1);
    await expect(evidence).toContainText('Mac A');
    await expect(evidence).toContainText('(confirmed by Intune)');
    await expect(evidence).toContainText('Contoso Macs (userless)');
    await expect(evidence).toContainText('15.4');
    await expectAccessible(page, 'intune (confirmed)');
    await screenshot(page, 'intune-confirmed');

    // The journal says who confirmed it: Intune, not a person.
    await page.getByRole('link', { name: 'Log' }).click();
    await expect(page.getByText(/Enrollment confirmed by Intune: enrolled 2026-11-20T10:15:00.000Z/).first()).toBeVisible();

    // "Download and choose" another profile would end this session: the screen says so first, as
    // the Profiles screen does, and Undo keeps both the session and the choice.
    await page.getByRole('link', { name: 'Intune' }).click();
    await page.getByRole('button', { name: 'Show Apple Configurator profiles' }).click();
    await page.getByTestId('intune-profile').filter({ hasText: 'Kiosk Macs' }).getByRole('button', { name: 'Download and choose' }).click();
    await expect(page.getByText(/Downloaded “Kiosk Macs” from Intune at .*\.$/)).toBeVisible();
    await expect(page.getByTestId('pending-notice')).toContainText('Choosing Kiosk Macs ends this session (1 Mac); they stay in the log.');
    await page.getByTestId('pending-notice').getByRole('button', { name: 'Undo' }).click();
    await expect(page.getByTestId('pending-notice')).toHaveCount(0);
    await expect(page.getByTestId('intune-group-rule')).toHaveValue('(device.enrollmentProfileName -eq "Contoso Macs (userless)")');
    expect(await request(socket, seq++, 'getSession', {})).toMatchObject({ ok: true, value: { endedAt: null } });

    // The token never reached the page or the data folder.
    expect(await page.content()).not.toContain(graph.token);
    await served.stop();
    served = null;
    expect(filesContaining(dataDir, graph.token)).toEqual([]);
  } finally {
    ws?.close();
    await served?.stop();
    await graph?.close();
    dir.cleanup();
  }
});
