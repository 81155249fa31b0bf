import type { Command } from 'commander';
import { createBench, type Bench, type BenchOptions } from '../core/create-bench';
import { resolveDataDir } from '../platform/data-dir';
import type { CliIo } from './io';

export interface GlobalOptions {
  readonly dataDir?: string;
  readonly repair?: boolean;
}

/** What every command gets: the IO to print to and a way to open the core for one command. */
export interface CliContext {
  readonly io: CliIo;
  /**
   * Open the core, run `body`, always close it; the body's return value becomes the exit code.
   * `overrides` carries per-command options such as a fixed clock (--now) or mount roots (--mounts).
   */
  withBench(body: (bench: Bench) => Promise<number>, overrides?: Partial<Omit<BenchOptions, 'dataDir' | 'door'>>): Promise<void>;
  exitCode: number;
}

export function createCliContext(program: Command, io: CliIo): CliContext {
  const context: CliContext = {
    io,
    exitCode: 0,
    async withBench(body, overrides = {}) {
      const globals = program.opts<GlobalOptions>();
      const bench = await createBench({ ...overrides, dataDir: resolveDataDir(globals.dataDir, io.env), door: 'cli', repairJournal: globals.repair ?? false });
      try {
        context.exitCode = await body(bench);
      } finally {
        await bench.close();
      }
    },
  };
  return context;
}
