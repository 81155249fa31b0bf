// Discovery as the technician sees it, through the real `serve` process (core + web-host) and the
// built renderer in Debian's Chromium:
//   - folder appears under a --mounts root → its tile on screen (in the DOM, and the frame after),
//     for 1, 16 and 64 volumes appearing at once;
//   - plug-in → staged and verified with a kiosk station's auto-stage (the bench time per Mac): a
//     Mac's Data volume appears → the core pushes jobChanged "staged" over the socket.
// Baselines from the same run: the bare fs.watch notification for a folder appearing (tiles), and
// a plain write+fsync of the same profile bytes on the same file system (plug-in → staged).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import type WebSocket from 'ws';
import playwrightConfig, { CHROMIUM_PATH } from '../../playwright.config';
import { createBench } from '../../src/main/core/create-bench';
import { enrollmentProfile } from '../support/profile-fixtures';
import { makeSigner, signWithForge } from '../support/signing';
import { writeCarrier, writeDataVolume } from '../support/volumes';
import { openSocket } from '../support/ws-client';
import { emitReport, goal, median, percentile, sampledRow, stats, type BenchRow } from './report';

const ROOT = process.cwd();
const ROUNDS = 7;
const SIZES = [1, 16, 64] as const;
const KIOSK_MACS = 8;
const PIN = '582913';
const DAY = 86_400_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-discovery-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly ws: WebSocket;
  readonly pushed: Array<{ at: number; name: string; payload: Record<string, unknown> }>;
  close(): Promise<void>;
}

async function serve(dataDir: string, mounts: string, kiosk: boolean): Promise<Served> {
  const args = [path.join(ROOT, 'out', 'web-host', 'serve.js'), '--data-dir', dataDir, '--mounts', mounts, '--port', '0', '--static-dir', path.join(ROOT, 'out', 'renderer')];
  const child = spawn(process.execPath, kiosk ? [...args, '--kiosk'] : args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve((out.split('\n')[0] as string).trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
  const { port, searchParams } = new URL(url);
  const socket = await openSocket(`ws://127.0.0.1:${port}/ws?token=${searchParams.get('token')}`, { origin: `http://127.0.0.1:${port}` });
  if (typeof socket === 'number') throw new Error(`web-host refused the socket: HTTP ${socket}`);
  const pushed: Served['pushed'] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { event?: { name: string; payload: Record<string, unknown> } };
    if (frame.event) pushed.push({ at: Date.now(), ...frame.event });
  });
  return {
    child,
    url,
    ws: socket,
    pushed,
    close: async () => {
      socket.close();
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    },
  };
}

/** Build a volume beside the root, then rename it in: it appears at once, as a mount does. */
function buildVolume(staging: string, mac: boolean): string {
  const dir = fs.mkdtempSync(path.join(staging, 'v-'));
  if (mac) writeDataVolume(dir);
  else writeCarrier(dir);
  return dir;
}

async function fsWatchBaseline(samples: number): Promise<number[]> {
  const root = fs.mkdtempSync(path.join(work, 'watch-'));
  const staging = fs.mkdtempSync(path.join(work, 'watch-staging-'));
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const built = buildVolume(staging, i % 2 === 0);
    latencies.push(
      await new Promise<number>((resolve) => {
        let t0 = 0;
        const watcher = fs.watch(root, () => {
          watcher.close();
          resolve(performance.now() - t0);
        });
        t0 = performance.now();
        fs.renameSync(built, path.join(root, `v${i}`));
      }),
    );
  }
  return latencies;
}

/** Tile latencies for `count` volumes appearing at once, `ROUNDS` times, on one page. */
async function tileLatencies(browser: Browser, count: number): Promise<{ tiles: number[]; events: number[] }> {
  const dir = fs.mkdtempSync(path.join(work, `tiles-${count}-`));
  const mounts = path.join(dir, 'Volumes');
  const staging = path.join(dir, 'staging');
  fs.mkdirSync(mounts);
  fs.mkdirSync(staging);
  const served = await serve(path.join(dir, 'data'), mounts, false);
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    // First sight of each tile name: in the DOM (mutation), and the frame after it.
    await page.addInitScript(() => {
      const seen = new Map<string, { dom: number; frame: number | null }>();
      (window as unknown as { __tiles: typeof seen }).__tiles = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid="target-tile"] .tile-name')) {
          const name = el.textContent ?? '';
          if (seen.has(name)) continue;
          const entry = { dom: Date.now(), frame: null as number | null };
          seen.set(name, entry);
          requestAnimationFrame(() => (entry.frame = Date.now()));
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(`${served.url}#/bench`);
    await page.waitForLoadState('networkidle');
    await sleep(500);
    const latencies: number[] = [];
    const events: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const pushedBefore = served.pushed.length;
      const built = Array.from({ length: count }, (_, i) => ({ dir: buildVolume(staging, i % 2 === 0), name: `Bench ${count}x${round}n${i}` }));
      const appeared = new Map<string, number>();
      for (const { dir: from, name } of built) {
        appeared.set(name, Date.now());
        fs.renameSync(from, path.join(mounts, name));
      }
      const names = [...appeared.keys()];
      const handle = await page.waitForFunction(
        (wanted: string[]) => {
          const seen = (window as unknown as { __tiles: Map<string, { dom: number; frame: number | null }> }).__tiles;
          const found = wanted.map((w) => [...seen].find(([name, e]) => name.includes(w) && e.frame !== null)?.[1].frame ?? null);
          return found.every((f) => f !== null) ? found : null;
        },
        names,
        { timeout: 60_000, polling: 50 },
      );
      const frames = (await handle.jsonValue()) as number[];
      frames.forEach((at, i) => latencies.push(at - (appeared.get(names[i] as string) as number)));
      // The same volumes' attach events as the core pushed them on the socket: the baseline.
      for (const [name, t0] of appeared) {
        const attach = served.pushed
          .slice(pushedBefore)
          .find((e) => e.name === 'targetsChanged' && e.payload.type === 'attach' && String((e.payload.target as { mountPoint?: string | null }).mountPoint ?? '').endsWith(name));
        if (attach) events.push(attach.at - t0);
      }
      for (const name of names) fs.rmSync(path.join(mounts, name), { recursive: true, force: true });
      await sleep(300);
    }
    return { tiles: latencies, events };
  } finally {
    await context.close();
    await served.close();
  }
}

/** A kiosk station with a chosen profile: Macs plugged in are staged by themselves. */
async function kioskLatencies(): Promise<{ staged: number[]; plain: number[] }> {
  const dir = fs.mkdtempSync(path.join(work, 'kiosk-'));
  const dataDir = path.join(dir, 'data');
  const mounts = path.join(dir, 'Volumes');
  const staging = path.join(dir, 'staging');
  fs.mkdirSync(mounts);
  fs.mkdirSync(staging);
  const signer = makeSigner({ notBefore: new Date(Date.now() - 60 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });
  const profileBytes = signWithForge(enrollmentProfile({ displayName: 'Bench Kiosk' }), signer, new Date(Date.now() - DAY));
  const profileFile = path.join(dir, 'Bench Kiosk.mobileconfig');
  fs.writeFileSync(profileFile, profileBytes);
  // The station is set up by its admin first (PIN, profile), then started with --kiosk.
  const setup = await createBench({ dataDir, door: 'cli', kioskWatchMs: null });
  try {
    await setup.invoke('setKioskPin', { newPin: PIN });
    const imported = (await setup.invoke('importProfileFromPath', { path: profileFile })) as { profile?: { id: string }; id?: string };
    const id = imported.profile?.id ?? imported.id;
    if (!id) throw new Error(`import answered ${JSON.stringify(imported)}`);
    await setup.invoke('chooseProfile', { id });
  } finally {
    await setup.close();
  }
  const served = await serve(dataDir, mounts, true);
  const staged: number[] = [];
  const plain: number[] = [];
  try {
    await sleep(500);
    for (let round = 0; round < ROUNDS; round += 1) {
      const start = served.pushed.length;
      const appeared = new Map<string, number>();
      for (let i = 0; i < KIOSK_MACS; i += 1) {
        const from = buildVolume(staging, true);
        const mountPoint = path.join(mounts, `Kiosk Mac ${round}-${i}`);
        appeared.set(mountPoint, Date.now());
        fs.renameSync(from, mountPoint);
      }
      const deadline = Date.now() + 60_000;
      const stagedAt = new Map<string, number>();
      while (stagedAt.size < KIOSK_MACS && Date.now() < deadline) {
        await sleep(20);
        const targetMount = new Map<string, string>();
        for (const e of served.pushed.slice(start)) {
          if (e.name === 'targetsChanged') {
            const target = e.payload.target as { id: string; mountPoint: string | null; dataVolume?: string | null };
            const mp = target.dataVolume ?? target.mountPoint;
            if (mp) targetMount.set(target.id, mp);
          }
          if (e.name === 'jobChanged' && e.payload.state === 'staged') {
            const mp = targetMount.get(e.payload.targetId as string);
            if (mp && appeared.has(mp) && !stagedAt.has(mp)) stagedAt.set(mp, e.at);
          }
        }
      }
      if (stagedAt.size < KIOSK_MACS) {
        const failed = served.pushed.slice(start).filter((e) => e.name === 'jobChanged').map((e) => `${e.payload.state} ${e.payload.code ?? ''}`);
        throw new Error(`kiosk staged ${stagedAt.size} of ${KIOSK_MACS} Macs; jobs: ${failed.slice(-5).join(', ')}`);
      }
      for (const [mp, at] of stagedAt) staged.push(at - (appeared.get(mp) as number));
      // Baseline: the same bytes written and fsynced on the same file system.
      const plainFile = path.join(staging, `plain-${round}`);
      const t0 = performance.now();
      const fd = fs.openSync(plainFile, 'w');
      fs.writeSync(fd, profileBytes);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      plain.push(performance.now() - t0);
      for (const mp of appeared.keys()) fs.rmSync(mp, { recursive: true, force: true });
      await sleep(300);
    }
  } finally {
    await served.close();
  }
  return { staged, plain };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'out', 'web-host', 'serve.js'))) throw new Error('run `npm run build` first');
  const rows: BenchRow[] = [];
  const watch = median(await fsWatchBaseline(30));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: playwrightConfig.use?.launchOptions?.args ?? ['--no-sandbox', '--disable-gpu'] });
  try {
    for (const count of SIZES) {
      const { tiles: latencies, events } = await tileLatencies(browser, count);
      const p95 = percentile(latencies, 95);
      const eventMedian = median(events);
      rows.push(
        sampledRow(`folder appears → tile on screen, ${count} at once`, latencies, {
          ratios: { ratioToSocketEvent: median(latencies) / eventMedian, ratioP95ToSocketEvent: p95 / percentile(events, 95) },
          goal: goal('tile p95 ≤ 250 ms', p95, 250, 'at-most'),
          extra: `${latencies.length} tiles over ${ROUNDS} rounds; baseline: the same volumes' attach events on the socket (next row)`,
        }),
      );
      rows.push(
        sampledRow(`folder appears → scanner event on the socket, ${count} at once`, events, {
          ratios: { ratioToFsWatch: eventMedian / watch },
          extra: `targetsChanged attach as a client of the web-host receives it; bare fs.watch notification median ${watch.toFixed(2)} ms`,
        }),
      );
      process.stderr.write(`discovery bench: ${count} at once, tile p95 ${p95.toFixed(0)} ms\n`);
    }
  } finally {
    await browser.close();
  }
  const { staged, plain } = await kioskLatencies();
  const p95 = percentile(staged, 95);
  rows.push(
    sampledRow(`plug-in → staged and verified (kiosk auto-stage, ${KIOSK_MACS} Macs at once)`, staged, {
      ratios: { ratioToPlainWriteFsync: median(staged) / stats(plain).median },
      goal: goal('plug-in → staged p95 ≤ 1 s', p95, 1000, 'at-most'),
      extra: `${staged.length} Macs over ${ROUNDS} rounds: Data volume renamed into the mount root → jobChanged "staged" on the socket; plain write+fsync of the same profile median ${stats(plain).median.toFixed(1)} ms`,
    }),
  );
  emitReport({
    name: 'Discovery on screen and plug-in → staged',
    description:
      'The real `serve` process (core + web-host, out/web-host/serve.js) over a --mounts root; volumes are built beside the root and renamed in (as a mount appears); half are Mac Data volumes, half carriers. ' +
      'Tiles: the built renderer in headless Chromium at 1440×900, the time until the tile name is in the DOM and the next animation frame ran. ' +
      'Plug-in → staged: a kiosk station (admin PIN set, profile chosen, started with --kiosk) stages every Mac that appears; measured to the pushed jobChanged "staged".',
    unit: 'ms',
    results: rows,
  });
}

try {
  await main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
