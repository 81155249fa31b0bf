// `npm run bench`: run every benchmark in test/bench/*.bench.ts and write one report,
// bench-results/report.md (for people) and bench-results/report.json (for tools).
// Each benchmark is bundled with esbuild and run in its own Node process; it prints one JSON
// object on its last stdout line: { name, unit, baseline?: {label, value}, results: [{label, value,
// stats?: {median, p95, min, max, n}, ratio?, ratios?: {ratio…}, goal?: {text, met}, extra?}] }.
// Ratios are measured against a baseline taken in the same run, never against fixed numbers, so
// the report means the same on a slow CI machine and a fast Mac. Not part of `npm test`.
// `npm run bench -- staging` runs only the benchmarks whose file name contains "staging".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const outDir = path.join(root, '.cache', 'bench');
const filter = process.argv[2];
/** One benchmark that hangs must not hold the whole report: the whole run has 15 minutes. */
const BENCH_TIMEOUT_MS = 6 * 60 * 1000;
fs.mkdirSync(outDir, { recursive: true });
const runStarted = Date.now();

const files = fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
if (files.some((f) => ['renderer', 'discovery', 'footprint', 'staging'].some((prefix) => f.startsWith(prefix)))) {
  // Browser benchmarks drive the built renderer, and staging the built staging worker: build them.
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) process.exitCode = 1;
}
const reports = [];
const failures = [];
for (const file of files) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    absWorkingDir: root,
    logLevel: 'warning',
  });
  console.error(`running ${file}…`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: BENCH_TIMEOUT_MS,
    killSignal: 'SIGTERM',
  });
  const seconds = (Date.now() - started) / 1000;
  console.error(`${file}: ${seconds.toFixed(1)} s`);
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0) {
    failures.push(`${file} failed (${run.signal ? `killed by ${run.signal}` : `exit ${run.status}`})`);
    console.error(failures.at(-1));
    process.exitCode = 1;
    continue;
  }
  try {
    reports.push({ file, seconds, ...JSON.parse(last) });
  } catch {
    failures.push(`${file} printed no JSON report`);
    console.error(failures.at(-1));
    process.exitCode = 1;
  }
}

const totalSeconds = (Date.now() - runStarted) / 1000;
const header = `${new Date().toISOString()}, ${process.platform} ${process.arch}, Node ${process.version}`;
const goals = reports.flatMap((r) => r.results.filter((row) => row.goal).map((row) => ({ report: r.name, label: row.label, value: row.value, unit: row.unit ?? r.unit, ...row.goal })));

const lines = [`# Benchmarks (${header})`, '', `Whole run: ${totalSeconds.toFixed(0)} s.`, ''];
if (goals.length) {
  lines.push('## Goals', '', '| goal | figure | met |', '|---|---|---|');
  for (const g of goals) lines.push(`| ${g.text} | ${g.label}: ${format(g.figure ?? g.value)}${g.figureUnit ? '' : ' '}${g.figureUnit ?? g.unit} | ${g.met ? 'yes' : '**no**'} |`);
  lines.push('');
}
if (failures.length) lines.push('## Failed benchmarks', '', ...failures.map((f) => `- ${f}`), '');
for (const r of reports) {
  lines.push(`## ${r.name}`, '', r.description ?? '', '', `(${r.file}, ${r.seconds.toFixed(0)} s)`, '');
  if (r.baseline) lines.push(`Baseline: ${r.baseline.label} = ${format(r.baseline.value)} ${r.unit}`, '');
  lines.push('| case | median | p95 | min–max | n | ratio to baseline | goal | notes |', '|---|---|---|---|---|---|---|---|');
  for (const row of r.results) {
    const unit = row.unit ?? r.unit;
    const s = row.stats;
    const ratios = [
      ...(row.ratio === undefined ? [] : [`${row.ratio.toFixed(2)}×`]),
      ...Object.entries(row.ratios ?? {}).map(([key, value]) => `${key.replace(/^ratio(To)?/, '')}: ${value.toFixed(2)}×`),
    ].join('; ');
    const goal = row.goal ? `${row.goal.met ? '✓' : '✗'} ${row.goal.text} (${format(row.goal.figure)})` : '';
    lines.push(
      `| ${row.label} | ${format(row.value)} ${unit} | ${s ? format(s.p95) : ''} | ${s ? `${format(s.min)}–${format(s.max)}` : ''} | ${s ? s.n : ''} | ${ratios} | ${goal} | ${row.extra ?? ''} |`,
    );
  }
  lines.push('');
}
const report = lines.join('\n');
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results', 'report.md'), report);
fs.writeFileSync(
  path.join(root, 'bench-results', 'report.json'),
  `${JSON.stringify({ generatedAt: new Date().toISOString(), platform: `${process.platform} ${process.arch}`, node: process.version, totalSeconds, failures, goals, reports }, null, 2)}\n`,
);
console.log(report);

function format(value) {
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}
