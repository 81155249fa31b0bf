import type { Command } from 'commander';
import { calls } from '../../../shared/contract';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

// `enrollment-bench stale`: the bench screen's "staged with a profile that has expired since"
// banner, for scripts. Exit 4 when any Mac needs restaging, so a script can act on it.

export function registerStaleCommand(program: Command, context: CliContext): void {
  program
    .command('stale')
    .description(`${calls.listStaleStaged.summary} Exit 4 when there is any: they need restaging.`)
    .option('--json', 'print a JSON array')
    .action(async (options: { json?: boolean }) => {
      await context.withBench(async (bench) => {
        const stale = await bench.invoke('listStaleStaged', {});
        if (options.json) printJson(context.io, stale);
        else if (stale.length === 0) context.io.stdout('No Mac waits with an expired profile.\n');
        else {
          for (const { job, expiredAt } of stale) {
            context.io.stdout(
              `${job.targetId} — ${job.state}, its profile expired ${expiredAt}: stage it again${job.path ? `\n    ${job.path}` : ''}\n`,
            );
          }
        }
        return stale.length > 0 ? EXIT.stagingFailed : EXIT.ok;
      });
    });
}
