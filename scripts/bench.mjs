// `npm run bench`: run every benchmark in test/bench/*.bench.ts and print one report.
// Each benchmark is bundled with esbuild and run in its own Node process; it prints one JSON
// object on its last stdout line: { name, unit, baseline: {label, value}, results: [{label, value,
// ratio?, extra?}] }. Ratios are measured against a baseline taken in the same run, never against
// fixed numbers, so the report means the same on a slow CI machine and a fast Mac.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const outDir = path.join(root, '.cache', 'bench');
const filter = process.argv[2];
fs.mkdirSync(outDir, { recursive: true });

const files = fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const reports = [];
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
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0) {
    console.error(`${file} failed (exit ${run.status})`);
    process.exitCode = 1;
    continue;
  }
  try {
    reports.push(JSON.parse(last));
  } catch {
    console.error(`${file} printed no JSON report`);
    process.exitCode = 1;
  }
}

const lines = [`# Benchmarks (${new Date().toISOString()}, ${process.platform} ${process.arch}, Node ${process.version})`, ''];
for (const r of reports) {
  lines.push(`## ${r.name}`, '', r.description ?? '', '');
  if (r.baseline) lines.push(`Baseline: ${r.baseline.label} = ${format(r.baseline.value)} ${r.unit}`, '');
  lines.push('| case | value | ratio to baseline | notes |', '|---|---|---|---|');
  for (const row of r.results) {
    lines.push(`| ${row.label} | ${format(row.value)} ${row.unit ?? r.unit} | ${row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`} | ${row.extra ?? ''} |`);
  }
  lines.push('');
}
const report = lines.join('\n');
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results', 'report.md'), report);
console.log(report);

function format(value) {
  return typeof value === 'number' ? (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3)) : String(value);
}
