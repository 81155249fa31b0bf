// How long after a volume appears does the technician see it? Attach-to-event latency of the real
// scanner over a real mount root, for 1, 16 and 64 volumes appearing at once, against the bare
// fs.watch notification latency for one folder measured in the same run. As root on Linux it also
// measures a tmpfs mounted onto an existing folder, which only the mountinfo poll can notice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock } from '../../src/main/platform/clock';
import { createDiscovery } from '../../src/main/devices/create-discovery';
import type { TargetScanner } from '../../src/main/devices/scanner';
import { emitReport, median, sampledRow, type BenchRow } from './report';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eb-bench-attach-'));
const staging = path.join(work, 'staging');
fs.mkdirSync(staging);

/** A volume as discovery sees it: half are Mac Data volumes, half carrier sticks. */
function buildVolume(index: number): string {
  const dir = fs.mkdtempSync(path.join(staging, 'v-'));
  if (index % 2 === 0) fs.mkdirSync(path.join(dir, 'Users', 'Shared'), { recursive: true });
  else fs.writeFileSync(path.join(dir, 'README.txt'), 'carrier\n');
  return dir;
}

async function fsWatchBaseline(samples: number): Promise<number[]> {
  const root = fs.mkdtempSync(path.join(work, 'baseline-'));
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const built = buildVolume(i);
    const latency = await new Promise<number>((resolve) => {
      let t0 = 0;
      const watcher = fs.watch(root, () => {
        watcher.close();
        resolve(performance.now() - t0);
      });
      t0 = performance.now();
      fs.renameSync(built, path.join(root, `v${i}`));
    });
    fs.rmSync(path.join(root, `v${i}`), { recursive: true });
    latencies.push(latency);
  }
  return latencies;
}

function startScanner(root: string): { scanner: TargetScanner; seen: Map<string, { type: string; at: number }[]> } {
  const scanner = createDiscovery({
    clock: systemClock,
    mountRoots: [root],
    platformRoots: false,
    usbModule: null,
    benchPaths: [work],
    detachGraceMs: 0,
    refreshMs: 0,
  });
  const seen = new Map<string, { type: string; at: number }[]>();
  scanner.on((event) => {
    const at = performance.now();
    const key = event.target.kind === 'usb-device' ? event.target.id : event.target.mountPoint;
    seen.set(key, [...(seen.get(key) ?? []), { type: event.type, at }]);
  });
  return { scanner, seen };
}

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('benchmark: event never came');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function attachLatencies(count: number, rounds: number): Promise<number[]> {
  const root = fs.mkdtempSync(path.join(work, `root-${count}-`));
  const { scanner, seen } = startScanner(root);
  await scanner.start();
  const latencies: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const built = Array.from({ length: count }, (_, i) => buildVolume(i));
    const appearedAt = new Map<string, number>();
    seen.clear();
    for (const [i, dir] of built.entries()) {
      const mountPoint = path.join(root, `Volume ${round}-${i}`);
      appearedAt.set(mountPoint, performance.now());
      fs.renameSync(dir, mountPoint);
    }
    const attachOf = (mp: string) => seen.get(mp)?.find((e) => e.type === 'attach');
    await waitFor(() => [...appearedAt.keys()].every((mp) => attachOf(mp) !== undefined));
    for (const [mp, t0] of appearedAt) latencies.push((attachOf(mp)?.at as number) - t0);
    for (const mp of appearedAt.keys()) fs.rmSync(mp, { recursive: true });
    await waitFor(() => [...appearedAt.keys()].every((mp) => seen.get(mp)?.some((e) => e.type === 'detach')));
  }
  await scanner.stop();
  return latencies;
}

/** Root only: a tmpfs mounted onto an existing folder (no inotify event: the mountinfo poll finds it). */
async function mountLatencies(rounds: number): Promise<number[] | null> {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const root = fs.mkdtempSync(path.join(work, 'root-mount-'));
  const mp = path.join(root, 'STICK');
  fs.mkdirSync(mp);
  const { scanner, seen } = startScanner(root);
  await scanner.start();
  const latencies: number[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      seen.clear();
      // Mount at a random moment of the poll cycle, as a person plugging a stick in would.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mp], { stdio: 'pipe' });
      const t0 = performance.now();
      await waitFor(() => (seen.get(mp) ?? []).some((e) => e.type === 'update'));
      latencies.push((seen.get(mp)?.find((e) => e.type === 'update')?.at as number) - t0);
      seen.clear();
      execFileSync('umount', [mp], { stdio: 'pipe' });
      await waitFor(() => (seen.get(mp) ?? []).some((e) => e.type === 'update'));
    }
  } catch (error) {
    process.stderr.write(`mount benchmark skipped: ${String(error).split('\n')[0]}\n`);
    return null;
  } finally {
    await scanner.stop();
    try {
      execFileSync('umount', [mp], { stdio: 'pipe' });
    } catch {
      // not mounted: nothing to undo
    }
  }
  return latencies;
}

try {
  const baseline = median(await fsWatchBaseline(60));
  const rows: BenchRow[] = [];
  /** One row per case: median, p95 and min–max of every volume's latency over all its rounds. */
  const add = (label: string, values: number[], rounds: number) => {
    const row = sampledRow(label, values, { extra: `${values.length} volumes over ${rounds} rounds` });
    rows.push({ ...row, ratio: row.value / baseline, ratios: { ratioP95ToFsWatch: (row.stats?.p95 ?? Number.NaN) / baseline } });
  };
  for (const [count, rounds] of [
    [1, 40],
    [16, 8],
    [64, 7],
  ] as const) {
    add(`${count} volume${count === 1 ? '' : 's'} at once`, await attachLatencies(count, rounds), rounds);
  }
  const mounted = await mountLatencies(20);
  if (mounted) add('tmpfs mounted on an existing folder (mountinfo poll, 100 ms)', mounted, mounted.length);
  emitReport({
    name: 'Attach-to-event latency',
    description:
      'Time from a volume folder appearing under a --mounts root (rename into place) to the scanner’s attach event, including fact gathering and inspection. Half the volumes are Mac Data volumes, half carriers.',
    unit: 'ms',
    baseline: { label: 'bare fs.watch notification for one folder (median)', value: baseline },
    results: rows,
  });
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
