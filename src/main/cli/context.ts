import type { Command } from 'commander';
import { createBench, type Bench } from '../core/create-bench';
import { resolveDataDir } from '../core/data-dir';
import type { CliIo } from './io';

export interface GlobalOptions {
  readonly dataDir?: string;
}

/** What every command gets: the IO to print to and a way to open the core for one command. */
export interface CliContext {
  readonly io: CliIo;
  /** Open the core, run `body`, always close it; the body's return value becomes the exit code. */
  withBench(body: (bench: Bench) => Promise<number>): Promise<void>;
  exitCode: number;
}

export function createCliContext(program: Command, io: CliIo): CliContext {
  const context: CliContext = {
    io,
    exitCode: 0,
    async withBench(body) {
      const globals = program.opts<GlobalOptions>();
      const bench = await createBench({ dataDir: resolveDataDir(globals.dataDir, io.env), door: 'cli' });
      try {
        context.exitCode = await body(bench);
      } finally {
        await bench.close();
      }
    },
  };
  return context;
}
