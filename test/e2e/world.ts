import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { IS_ROOT, mountTmpfs } from '../support/mounts';
import { enrollmentProfile } from '../support/profile-fixtures';
import { makeSigner, signWithForge } from '../support/signing';
import { appear, writeCarrier, writeDataVolume, writeSystemVolume } from '../support/volumes';
import { screenshot, SCREENSHOT_DIR } from './fixtures';

// The world an end-to-end test builds around the real web-host: signed profiles as Intune makes
// them, Mac-like volumes appearing under the mount root the way a mount appears, and checks a
// person would make (accessibility, both appearances).

const DAY = 86_400_000;
const signer = makeSigner({ notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });

/** A signed enrollment profile whose CMS signing time is `ageMs` ago (Intune signs at download). */
export function writeSignedProfile(dir: string, fileName: string, ageMs: number, displayName: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, fileName);
  fs.writeFileSync(file, signWithForge(enrollmentProfile({ displayName }), signer, new Date(Date.now() - ageMs)));
  return file;
}

export const DAYS = (n: number) => n * DAY;

/** A Mac attached in Share Disk / Target Disk Mode: its System and Data volumes appear. */
export function attachMac(root: string, name: string, corpus = 'macos-15.4-beta-24E5238a_rust-std-test.plist'): string {
  const staging = fs.mkdtempSync(path.join(path.dirname(root), 'building-'));
  appear(root, staging, name, (d) => writeSystemVolume(d, { corpus }));
  return appear(root, staging, `${name} - Data`, writeDataVolume);
}

export function attachCarrier(root: string, name: string): string {
  const staging = fs.mkdtempSync(path.join(path.dirname(root), 'building-'));
  return appear(root, staging, name, writeCarrier);
}

/**
 * A Mac whose Data volume cannot be written: a read-only tmpfs when root (a real read-only file
 * system), else a folder without write permission (what a normal user meets on a locked share).
 */
export function attachReadOnlyMac(root: string, name: string): { data: string; detach: () => void } {
  const data = path.join(root, `${name} - Data`);
  if (IS_ROOT) {
    const staging = fs.mkdtempSync(path.join(path.dirname(root), 'building-'));
    appear(root, staging, name, (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
    return { data, detach: mountTmpfs(data, 256, { readOnly: true }) };
  }
  const staging = fs.mkdtempSync(path.join(path.dirname(root), 'building-'));
  appear(root, staging, name, (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
  appear(root, staging, `${name} - Data`, (d) => {
    writeDataVolume(d);
    fs.chmodSync(path.join(d, 'Users', 'Shared'), 0o555);
    fs.chmodSync(d, 0o555);
  });
  return { data, detach: () => fs.chmodSync(data, 0o755) };
}

/** No accessibility violation of any impact on what the page shows now, in light and in dark. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
    expect(found, `axe on ${screen} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** What the page shows now at the two window sizes a bench has (1280×800, 1920×1080). */
export async function screenshotSizes(page: Page, name: string): Promise<void> {
  for (const [width, height] of [[1920, 1080], [1280, 800]] as const) {
    await page.setViewportSize({ width, height });
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`) });
  }
}

/** Screenshots of what the page shows now, in light and dark appearance. */
export async function screenshotBoth(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await screenshot(page, `${name}-${scheme}`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * What a barcode scanner sends: the keys of `text`, then Enter, as keydown events where the focus
 * is, within a millisecond or two of each other. (Typing through the browser protocol puts 50 ms
 * or more between keys on a loaded machine, which the bench rightly takes for a person typing.)
 */
export async function scanBarcode(page: Page, text: string): Promise<void> {
  await page.evaluate((keys) => {
    const target = document.activeElement ?? document.body;
    for (const key of [...keys, 'Enter']) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  }, text);
}
