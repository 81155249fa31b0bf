import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { BenchError } from '../../shared/errors';
import { createBench, type Bench } from '../core/create-bench';
import { asJournalError } from '../journal/journal-errors';
import { resolveDataDir } from '../platform/data-dir';
import { startWebHost } from './web-host';

// `npm run serve`: the same UI in a browser on 127.0.0.1. Takes the CLI's options.
const program = new Command('enrollment-bench-serve')
  .description('Serve the Enrollment Bench UI on 127.0.0.1 with a per-run access token.')
  .option('--data-dir <dir>', 'data folder (env ENROLLMENT_BENCH_DATA_DIR)')
  .option('--mounts <dir>', 'also watch this directory for volumes (repeatable)', (value: string, all: string[]) => [...all, value], [] as string[])
  .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', '0')
  .option('--static-dir <dir>', 'built renderer to serve')
  .option('--repair', 'if the journal is damaged, keep it aside (renamed with a timestamp) and start a new one')
  .option('--kiosk', 'start in kiosk mode (kept across restarts; needs an admin PIN, see docs/KIOSK.md)')
  .parse(process.argv);

const options = program.opts<{ dataDir?: string; mounts: string[]; port: string; staticDir?: string; kiosk?: boolean; repair?: boolean }>();
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`enrollment-bench-serve: --port must be 0-65535, not ${options.port}\n`);
  process.exit(1);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const staticDir = options.staticDir ?? path.resolve(here, '../renderer');

let bench: Bench;
try {
  bench = await createBench({ dataDir: resolveDataDir(options.dataDir), door: 'web-host', mountRoots: options.mounts, kiosk: options.kiosk ?? false, discovery: 'watch', repairJournal: options.repair ?? false });
} catch (error) {
  const failure = asJournalError(error);
  if (!(failure instanceof BenchError)) throw failure;
  const hint = failure.code === 'KIOSK_PIN_NOT_SET' ? ' Set one first: enrollment-bench kiosk set-pin' : failure.code === 'JOURNAL_CORRUPT' ? ' (start with --repair to keep it aside)' : '';
  process.stderr.write(`enrollment-bench-serve: ${failure.message}${failure.detail ? ` (${failure.detail})` : ''} [${failure.code}]${hint}\n`);
  process.exit(1);
}
const host = await startWebHost({ bench, staticDir, port });
// The one line a person or a test reads: the address with its token.
process.stdout.write(`${host.url}\n`);
process.stderr.write(`Enrollment Bench is served on 127.0.0.1 only. Data folder: ${bench.dataDir}. Stop with Ctrl+C.\n`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`Stopping (${signal})…\n`);
  // A stop always ends the process, even when something it waits for never answers.
  setTimeout(() => {
    process.stderr.write('Stopping took longer than 10 s; exiting now.\n');
    process.exit(1);
  }, 10_000).unref();
  await host.close();
  await bench.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
