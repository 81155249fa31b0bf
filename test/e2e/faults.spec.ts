import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { DAYS, writeSignedProfile } from './world';

// Issue 11: importing a 6.6 MB file through the Profiles screen killed the web-host (an oversized
// socket frame without an error listener). Now it is refused with the size message, and the same
// page goes on working.
test('a file too large to be a profile is refused on the Profiles screen and the bench stays up', async ({ page, served, benchDirs }) => {
  const downloads = path.join(path.dirname(benchDirs.dataDir), 'Downloads');
  fs.mkdirSync(downloads, { recursive: true });
  const big = path.join(downloads, 'Huge.mobileconfig');
  fs.writeFileSync(big, Buffer.alloc(6_600_000, 0x41));
  await page.goto(`${served.url}#/profiles`);
  await page.getByTestId('profile-file-input').setInputFiles(big);
  await expect(page.getByText('That file is too large to be an enrollment profile.').first()).toBeVisible();

  const profile = writeSignedProfile(downloads, 'Contoso.mobileconfig', DAYS(1), 'Contoso Macs');
  await page.getByTestId('profile-file-input').setInputFiles(profile);
  await expect(page.getByText('Contoso Macs imported.')).toBeVisible();
  expect(served.child.exitCode).toBeNull();
});
