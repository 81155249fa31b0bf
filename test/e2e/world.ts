import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type WebSocketRoute } from '@playwright/test';
import { IS_ROOT, mountTmpfs } from '../support/mounts';
import { enrollmentProfile } from '../support/profile-fixtures';
import { makeSigner, signWithForge } from '../support/signing';
import { appear, disappear, writeCarrier, writeDataVolume, writeSystemVolume } from '../support/volumes';
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

/** A Mac unplugged: its System volume, then its Data volume, each gone whole. */
export function unplugMac(root: string, name: string): void {
  disappear(root, name, `${name} - Data`);
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
    // The read-only Data volume first, the System volume after it. A kiosk stages whatever it
    // can as soon as it sees it, and a Data volume alone can be staged (Share Disk shares only
    // that), so its mount point must never be seen empty and writable: it appears whole, as a
    // folder nothing can be staged in (a file where Users/ should be), and the read-only file
    // system is mounted on it before the System volume appears.
    const staging = fs.mkdtempSync(path.join(path.dirname(root), 'building-'));
    appear(root, staging, `${name} - Data`, (d) => fs.writeFileSync(path.join(d, 'Users'), ''));
    const detach = mountTmpfs(data, 256, { readOnly: true });
    appear(root, staging, name, (d) => writeSystemVolume(d, { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' }));
    return { data, detach };
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

/** The two window sizes a bench has: a 13-inch laptop's window and a desk monitor. */
export const BENCH_SIZES = [
  [1920, 1080],
  [1280, 800],
] as const;

/**
 * What the page shows now (the window, not the whole scrolled page: what is below the fold stays
 * unseen) at the two window sizes a bench has, as `<name>-1280x800.png` and `<name>-1920x1080.png`;
 * with `dark`, also as `<name>-dark-…` in the dark appearance. Ends at 1280×800, light.
 */
export async function screenshotSizes(page: Page, name: string, options: { dark?: boolean } = {}): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const scheme of options.dark ? (['dark', 'light'] as const) : (['light'] as const)) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of BENCH_SIZES) {
      await page.setViewportSize({ width, height });
      const suffix = scheme === 'dark' ? '-dark' : '';
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}${suffix}-${width}x${height}.png`) });
    }
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
 * Pass the core's messages through, except that while `hold` is on, the events that finish a job
 * wait: a real core copies a profile in milliseconds, and the test wants to see (and photograph)
 * the bench mid-staging. Nothing is invented; events are only delayed. Once a Mac's job event
 * waits, that Mac's later job events wait behind it (each Mac's events stay in order); everything
 * else (other Macs' events, Macs appearing, answers to calls) passes, so a Mac plugged in while
 * another one's copy is held still shows up and starts.
 */
export async function gateJobEvents(page: Page) {
  let hold = false;
  const held: Array<() => void> = [];
  const heldTargets = new Set<string>();
  await page.routeWebSocket(/\/ws/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const job = jobEventOf(typeof message === 'string' ? message : message.toString());
      if (hold && job && (job.finishing || heldTargets.has(job.targetId))) {
        heldTargets.add(job.targetId);
        held.push(() => ws.send(message));
      } else ws.send(message);
    });
  });
  return {
    close: () => (hold = true),
    open: () => {
      hold = false;
      heldTargets.clear();
      held.splice(0).forEach((send) => send());
    },
  };
}

/** A job's event (a state change or progress) as the core sends it: whose, and whether it ends the copy. */
function jobEventOf(text: string): { targetId: string; finishing: boolean } | null {
  let frame: { event?: { name?: unknown; payload?: { targetId?: unknown; state?: unknown } } };
  try {
    frame = JSON.parse(text) as typeof frame;
  } catch {
    return null;
  }
  const { name, payload } = frame.event ?? {};
  if ((name !== 'jobChanged' && name !== 'jobProgress') || typeof payload?.targetId !== 'string') return null;
  return { targetId: payload.targetId, finishing: name === 'jobChanged' && (payload.state === 'verifying' || payload.state === 'staged') };
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
