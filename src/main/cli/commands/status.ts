import type { Command } from 'commander';
import { calls } from '../../../shared/contract';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description(calls.getStatus.summary)
    .option('--json', 'print one JSON object')
    .action(async (options: { json?: boolean }) => {
      await context.withBench(async (bench) => {
        const status = await bench.invoke('getStatus', {});
        if (options.json) {
          printJson(context.io, status);
        } else {
          const modules = status.nativeModules
            .map((m) => `${m.name} ${m.loaded ? `loaded (${m.version ?? '?'})` : `unavailable: ${m.error ?? '?'}`}`)
            .join('\n  ');
          context.io.stdout(
            [
              `Enrollment Bench ${status.appVersion}`,
              `Data folder:     ${status.dataDir}`,
              `Journal:         ${status.databasePath} (schema ${status.schemaVersion})`,
              `Native modules:\n  ${modules}`,
              '',
            ].join('\n'),
          );
        }
        return EXIT.ok;
      });
    });
}
