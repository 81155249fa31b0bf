// What the bench costs to keep running: resident memory of the core + web-host process (the
// built `serve` entry) with 128 targets attached and a 1M-event journal, against a bare Node
// process measured in the same run; and the renderer's JavaScript as a browser downloads it
// (gzip), against React + ReactDOM's own production builds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import type WebSocket from 'ws';
import { openJournalDatabase } from '../../src/main/journal/database';
import { writeCarrier, writeDataVolume } from '../support/volumes';
import { openSocket, request } from '../support/ws-client';
import { growJournalTo, seedCatalogue } from './journal-fixture';
import { emitReport, goal, sampledRow, stats, type BenchRow } from './report';

const ROOT = process.cwd();
const SAMPLES = 7;
const TARGETS = 128;
const EVENTS = 1_000_000;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-footprint-'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

async function sampleRss(pid: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    await sleep(300);
    samples.push(rssKb(pid) / 1024);
  }
  return samples;
}

function gzipSize(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length, 0);
}

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith('.js') ? [full] : [];
  });
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];

  // Renderer JavaScript, gzip -9 (what a browser downloads; Electron reads it from disk).
  const rendererJs = jsFiles(path.join(ROOT, 'out', 'renderer'));
  if (rendererJs.length === 0) throw new Error('out/renderer holds no JavaScript: run `npm run build` first');
  const rendererKb = gzipSize(rendererJs) / 1024;
  const reactFiles = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom-client.production.js'].map((f) => path.join(ROOT, 'node_modules', f)).filter((f) => fs.existsSync(f));
  const reactKb = gzipSize(reactFiles) / 1024;
  rows.push({
    label: 'renderer JavaScript, gzip',
    value: rendererKb,
    unit: 'KB',
    stats: stats([rendererKb]),
    ratios: { ratioToReactAndReactDom: rendererKb / reactKb },
    goal: goal('renderer JS ≤ 300 KB gzip', rendererKb, 300, 'at-most'),
    extra: `${rendererJs.length} file(s) in out/renderer; React + ReactDOM production builds alone: ${reactKb.toFixed(0)} KB`,
  });

  // A data folder with a 1M-event journal, and 128 volumes under a mount root.
  const dataDir = path.join(work, 'data');
  const journal = openJournalDatabase({ dataDir, Database });
  seedCatalogue(journal.db);
  growJournalTo(journal.db, EVENTS);
  journal.db.pragma('wal_checkpoint(TRUNCATE)');
  journal.close();
  const mounts = path.join(work, 'Volumes');
  fs.mkdirSync(mounts);
  for (let i = 0; i < TARGETS; i += 1) {
    const dir = path.join(mounts, `Mac ${i}`);
    fs.mkdirSync(dir);
    if (i % 2 === 0) writeDataVolume(dir);
    else writeCarrier(dir);
  }

  // Baseline: a bare Node process doing nothing.
  const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(500);
  const bareMb = await sampleRss(bare.pid as number);
  bare.kill();

  const serve = spawn(process.execPath, [path.join(ROOT, 'out', 'web-host', 'serve.js'), '--data-dir', dataDir, '--mounts', mounts, '--port', '0', '--static-dir', path.join(ROOT, 'out', 'renderer')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let ws: WebSocket | null = null;
  try {
    const url = await firstLine(serve);
    const { port, searchParams } = new URL(url);
    const socket = await openSocket(`ws://127.0.0.1:${port}/ws?token=${searchParams.get('token')}`, { origin: `http://127.0.0.1:${port}` });
    if (typeof socket === 'number') throw new Error(`web-host refused the socket: HTTP ${socket}`);
    ws = socket;
    let id = 1;
    const deadline = Date.now() + 60_000;
    let seen = 0;
    while (Date.now() < deadline) {
      const answer = (await request(ws, id++, 'listTargets', {})) as { ok: boolean; value?: unknown[] };
      seen = Array.isArray(answer.value) ? answer.value.length : 0;
      if (seen >= TARGETS) break;
      await sleep(250);
    }
    if (seen < TARGETS) throw new Error(`the core saw ${seen} of ${TARGETS} targets`);
    // What the Log screen does when opened on a big journal: the newest page and a filtered one.
    await request(ws, id++, 'queryJournal', { filter: {}, offset: 0, limit: 200 });
    await request(ws, id++, 'queryJournal', { filter: { state: 'failed' }, offset: 0, limit: 200 });
    const serveMb = await sampleRss(serve.pid as number);
    const bareMedian = stats(bareMb).median;
    rows.push(
      sampledRow(`core + web-host resident memory, ${TARGETS} targets, ${EVENTS.toLocaleString('en')}-event journal`, serveMb, {
        unit: 'MB',
        ratios: { ratioToBareNode: stats(serveMb).median / bareMedian },
        extra: `RSS of \`serve\` (out/web-host/serve.js) after discovery saw every target and the Log's first pages were read; a bare Node process: ${bareMedian.toFixed(0)} MB`,
      }),
    );
    rows.push(sampledRow('bare Node process resident memory (baseline)', bareMb, { unit: 'MB' }));
  } finally {
    ws?.close();
    serve.kill('SIGTERM');
    await new Promise((resolve) => serve.once('exit', resolve));
  }

  emitReport({
    name: 'Footprint',
    description: `Resident memory (VmRSS, ${SAMPLES} samples 300 ms apart) and the renderer's JavaScript as gzip -9; ratios to a bare Node process and to React + ReactDOM's production builds measured in the same run.`,
    unit: 'MB',
    results: rows,
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}

try {
  await main();
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
