import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallResponse } from '../../src/shared/contract/calls/index';
import { createBench } from '../../src/main/core/create-bench';
import { fixedClock } from '../../src/main/platform/clock';
import { aboutPanelOptions, versionLine, wantsVersion } from '../../src/main/electron/app-info';
import { openedProfilePrompt, profilePathsFromArgv } from '../../src/main/electron/opened-profile';
import { CORPUS_ROOT, REPO_ROOT, tempDir } from '../support/temp';

// What the desktop shell shows when a .mobileconfig is opened with the app: the real core
// inspects a real profile (the same call the shell makes), and the dialog text is built from it.
const enrollment = path.join(CORPUS_ROOT, 'profiles', 'nanomdm_enroll.mobileconfig');
const notEnrollment = path.join(CORPUS_ROOT, 'profiles', 'fleet_turn_on_debug_mdm_logging_mdmclient.mobileconfig');

async function inspect(file: string, at: string): Promise<CallResponse<'inspectProfileFile'>> {
  const dir = tempDir('eb-opened-');
  // Copy first: the inspection's download basis falls back to the file's own times.
  const copy = path.join(dir.path, path.basename(file));
  fs.copyFileSync(file, copy);
  const bench = await createBench({ dataDir: path.join(dir.path, 'data'), door: 'electron', clock: fixedClock(at), kioskWatchMs: null });
  try {
    const result = await bench.call('inspectProfileFile', { path: copy, downloadedAt: '2026-03-01T09:00:00.000Z' }, { door: 'electron' });
    if (!result.ok) throw new Error(result.error.message);
    return result.value as CallResponse<'inspectProfileFile'>;
  } finally {
    await bench.close();
    dir.cleanup();
  }
}

describe('opening a .mobileconfig with the desktop app', () => {
  it('offers to import an enrollment profile and says until when it is valid', async () => {
    const prompt = openedProfilePrompt(await inspect(enrollment, '2026-03-02T09:00:00.000Z'), enrollment);
    expect(prompt.message).toMatch(/^Import “.+” into the bench's profile library\?$/);
    expect(prompt.detail).toContain('Valid until Sun, 15 Mar 2026 09:00 UTC');
    expect(prompt.buttons).toEqual(['Import', 'Cancel']);
    expect(prompt.importButton).toBe(0);
  });

  it('says when the profile has expired, and still lets it be imported for the record', async () => {
    const prompt = openedProfilePrompt(await inspect(enrollment, '2026-04-01T09:00:00.000Z'), enrollment);
    expect(prompt.detail).toContain('It expired on Sun, 15 Mar 2026 09:00 UTC. Download it again from Intune before staging.');
    expect(prompt.type).toBe('warning');
  });

  it('explains a profile that cannot enroll a Mac and offers only to close', async () => {
    const prompt = openedProfilePrompt(await inspect(notEnrollment, '2026-03-02T09:00:00.000Z'), notEnrollment);
    expect(prompt.message).toMatch(/cannot be used to enroll a Mac\.$/);
    expect(prompt.detail).toMatch(/This is not an enrollment profile: /);
    expect(prompt.buttons).toEqual(['Close']);
    expect(prompt.importButton).toBeNull();
  });

  it('finds profile paths on a command line (Linux launch, second instance), not flags', () => {
    expect(profilePathsFromArgv(['/opt/Enrollment Bench/enrollment-bench', '--kiosk', 'Downloads/a.mobileconfig', '/tmp/B.MOBILECONFIG', 'notes.txt'], '/home/tech')).toEqual([
      '/home/tech/Downloads/a.mobileconfig',
      '/tmp/B.MOBILECONFIG',
    ]);
  });
});

describe("the app's --version and About panel", () => {
  const identity = { name: 'Enrollment Bench', version: '0.1.0', electronVersion: '45.5.0', chromeVersion: '142.0.7444.52' };

  it('prints the product, its version and the Electron it runs on', () => {
    expect(wantsVersion(['/Applications/Enrollment Bench.app/Contents/MacOS/Enrollment Bench', '--version'])).toBe(true);
    expect(wantsVersion(['electron', 'out/main/electron-main.js', '--kiosk'])).toBe(false);
    expect(versionLine(identity)).toBe('Enrollment Bench 0.1.0 (Electron 45.5.0)');
  });

  it("shows the package's version in the About panel", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(aboutPanelOptions({ ...identity, version: pkg.version }, 2027)).toMatchObject({
      applicationName: 'Enrollment Bench',
      applicationVersion: pkg.version,
      version: 'Electron 45.5.0, Chromium 142.0.7444.52',
      copyright: 'Copyright © 2027 Enrollment Bench contributors',
    });
  });
});
