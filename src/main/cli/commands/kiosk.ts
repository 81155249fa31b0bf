import type { Command } from 'commander';
import { calls } from '../../../shared/contract';
import { BenchError } from '../../../shared/errors';
import type { KioskState } from '../../../shared/models/kiosk';
import type { Bench } from '../../core/create-bench';
import type { CliContext } from '../context';
import { EXIT, printJson } from '../io';

// `enrollment-bench kiosk …`: set up and leave kiosk mode from the machine's own account.
// The CLI is not subject to the kiosk lock (docs/KIOSK.md): it runs as the user who owns the data
// folder. PINs are read from the terminal with echo off, or one per line from stdin; there is no
// --pin option, because argv is visible to every user in `ps`.

function describe(state: KioskState): string {
  const lines = [
    `Kiosk mode:  ${state.enabled ? 'on' : 'off'}`,
    `Admin PIN:   ${state.pinSet ? 'set' : 'not set (run: enrollment-bench kiosk set-pin)'}`,
  ];
  if (state.failures > 0) lines.push(`Wrong PINs:  ${state.failures} in a row`);
  if (state.backoffUntil) lines.push(`Next try:    after ${state.backoffUntil}`);
  return `${lines.join('\n')}\n`;
}

async function readPin(context: CliContext, prompt: string): Promise<string> {
  const pin = await context.io.readSecret(prompt);
  if (pin === null) {
    throw new BenchError('USAGE', 'no PIN given: type it when asked or pipe it on stdin; it is never taken as an argument');
  }
  return pin;
}

/** Run a kiosk command; a refused PIN exits with its own code so scripts can tell it apart. */
async function run(context: CliContext, json: boolean | undefined, body: (bench: Bench) => Promise<KioskState>, done: (s: KioskState) => string) {
  await context.withBench(async (bench) => {
    let state: KioskState;
    try {
      state = await body(bench);
    } catch (error) {
      if (error instanceof BenchError && (error.code === 'KIOSK_PIN_WRONG' || error.code === 'KIOSK_PIN_BACKOFF')) {
        context.exitCode = EXIT.pinRefused;
      }
      throw error;
    }
    if (json) printJson(context.io, state);
    else context.io.stdout(done(state));
    return EXIT.ok;
  });
}

export function registerKioskCommand(program: Command, context: CliContext): void {
  const kiosk = program
    .command('kiosk')
    .description('kiosk mode: a locked, full-screen station for warehouse staff (see docs/KIOSK.md)');

  kiosk
    .command('status')
    .description(calls.getKioskState.summary)
    .option('--json', 'print one JSON object')
    .action((options: { json?: boolean }) => run(context, options.json, (bench) => bench.invoke('getKioskState', {}), describe));

  kiosk
    .command('set-pin')
    .description(`${calls.setKioskPin.summary} Read from the terminal or stdin, never from arguments.`)
    .option('--reset', 'replace a forgotten PIN without asking for the current one')
    .option('--json', 'print the kiosk state as JSON')
    .action((options: { reset?: boolean; json?: boolean }) =>
      run(
        context,
        options.json,
        async (bench) => {
          const { pinSet } = await bench.invoke('getKioskState', {});
          const currentPin = pinSet && !options.reset ? await readPin(context, 'Current admin PIN: ') : undefined;
          const newPin = await readPin(context, 'New admin PIN (4 to 12 digits): ');
          if (context.io.interactive && (await readPin(context, 'New admin PIN again: ')) !== newPin) {
            throw new BenchError('USAGE', 'the two new PINs differ; nothing was changed');
          }
          return bench.invoke('setKioskPin', currentPin === undefined ? { newPin } : { currentPin, newPin });
        },
        () => 'Admin PIN saved.\n',
      ),
    );

  kiosk
    .command('enter')
    .description(`${calls.enterKiosk.summary} It stays on across restarts.`)
    .option('--json', 'print the kiosk state as JSON')
    .action((options: { json?: boolean }) =>
      run(context, options.json, (bench) => bench.invoke('enterKiosk', {}), () => 'Kiosk mode is on. A running app locks within seconds.\n'),
    );

  kiosk
    .command('leave')
    .description(`${calls.leaveKiosk.summary} Asks for the PIN (terminal or stdin).`)
    .option('--json', 'print the kiosk state as JSON')
    .action((options: { json?: boolean }) =>
      run(
        context,
        options.json,
        async (bench) => bench.invoke('leaveKiosk', { pin: await readPin(context, 'Admin PIN: ') }),
        (state) => (state.enabled ? describe(state) : 'Kiosk mode is off.\n'),
      ),
    );
}
