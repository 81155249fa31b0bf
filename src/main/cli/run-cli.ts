import { Command, CommanderError } from 'commander';
import { version } from '../../../package.json';
import { BenchError, toErrorData } from '../../shared/errors';
import { asJournalError } from '../journal/journal-errors';
import { registerIntuneCommand } from './commands/intune';
import { safeLines } from '../../shared/safe-text';
import { registerJournalCommands } from './commands/journal';
import { registerKioskCommand } from './commands/kiosk';
import { registerProfileCommand } from './commands/profile';
import { registerSettingsCommand } from './commands/settings';
import { registerStaleCommand } from './commands/stale';
import { registerStageCommand } from './commands/stage';
import { registerStatusCommand } from './commands/status';
import { registerTargetsCommand } from './commands/targets';
import { registerUsbCommand } from './commands/usb';
import { createCliContext } from './context';
import { EXIT, exitCodeForError, printJson, type CliIo } from './io';

/**
 * The command-line front door. Each command translates arguments into contract calls on the same
 * core the app uses, prints the answer (`--json` for scripts), and returns an exit code.
 */
export async function runCli(argv: readonly string[], given: CliIo): Promise<number> {
  // Names come from disks and profiles anybody can make: in text output every control character
  // and bidi override is shown escaped, so none can redraw the terminal (JSON escapes its own).
  const json = argv.includes('--json') || argv.some((a) => a === 'json' || a === 'csv' || a.startsWith('--format='));
  const io: CliIo = {
    ...given,
    readSecret: (prompt) => given.readSecret(prompt),
    get interactive() {
      return given.interactive;
    },
    stdout: json ? given.stdout : (text) => given.stdout(safeLines(text)),
    stderr: (text) => given.stderr(safeLines(text)),
  };
  const program = new Command('enrollment-bench');
  const context = createCliContext(program, io);
  program
    .description('Stage Intune direct-enrollment profiles on attached Macs and keep an audited journal.')
    .version(version, '-v, --version', 'print the version')
    .option('--data-dir <dir>', 'data folder holding the journal and profile library (env ENROLLMENT_BENCH_DATA_DIR)')
    .option('--repair', 'if the journal is damaged, keep it aside (renamed with a timestamp) and start a new one')
    .showHelpAfterError('(run enrollment-bench --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  registerStatusCommand(program, context);
  registerJournalCommands(program, context);
  registerKioskCommand(program, context);
  registerTargetsCommand(program, context);
  registerUsbCommand(program, context);
  registerProfileCommand(program, context);
  registerStageCommand(program, context);
  registerStaleCommand(program, context);
  registerSettingsCommand(program, context);
  registerIntuneCommand(program, context);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return context.exitCode;
  } catch (thrown) {
    // A SQLite failure that escaped a command is still a journal error with its code.
    const error = asJournalError(thrown);
    if (error instanceof CommanderError) {
      // --help and --version end with exit code 0; usage errors with 1. A script that asked for
      // JSON gets a usage error (an unknown option, a missing argument) as JSON too.
      if (error.exitCode === 0) return EXIT.ok;
      if (argv.includes('--json')) printJson(io, { error: new BenchError('USAGE', error.message.replace(/^error: /, '')).toData() });
      return EXIT.usageOrIo;
    }
    if (error instanceof BenchError) {
      // Scripts asked for JSON: give them the error as JSON on stdout too, with its stable code.
      if (argv.includes('--json')) printJson(io, { error: error.toData() });
      io.stderr(`enrollment-bench: ${error.message}${error.detail ? ` (${error.detail})` : ''} [${error.code}]\n`);
      return context.exitCode || exitCodeForError(error.code);
    }
    // Anything else is INTERNAL, and a script that asked for JSON still gets JSON.
    const data = toErrorData(error);
    if (argv.includes('--json')) printJson(io, { error: data });
    io.stderr(`enrollment-bench: ${data.message} (${data.detail ?? ''}) [${data.code}]\n`);
    return EXIT.usageOrIo;
  }
}
