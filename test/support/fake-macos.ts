// A FAKE macOS, for the few facts only macOS can report (FileVault's lock comes from diskutil).
// One set of answers serves both ways a bench is started in tests:
// - in-process: `fakeMacCommands(answers)` is the CommandRunner given to createBench
//   (`devices: { platform: 'darwin', run }`), the core's own injection point for platform commands;
// - the CLI process: `writeFakeMacOSPreload(file, answers)` writes a `--require` preload that makes
//   the unmodified CLI build see `process.platform === 'darwin'` and answers its calls of
//   /usr/sbin/diskutil, /sbin/mount and /usr/bin/xattr from the same table. Nothing in src/ knows
//   of it: no variable, option or flag of the product changes what the bench checks.
// The answers are real diskutil output from the corpus (test/fixtures/real/diskutil), keyed by the
// command's last argument (a mount point or an APFS volume group UUID); anything else fails the
// way a command fails (code 1), as the core expects when diskutil does not know a volume.
import fs from 'node:fs';
import path from 'node:path';
import type { CommandRunner } from '../../src/main/platform/run-command';
import { CORPUS_ROOT } from './temp';

/** diskutil's answers, by the command's last argument. */
export type FakeMacAnswers = Readonly<Record<string, string>>;

/** The commands the core runs on macOS; the preload answers these and passes anything else through. */
const MAC_COMMANDS = ['/usr/sbin/diskutil', '/sbin/mount', '/usr/bin/xattr'];

/** A Mac whose System volume is mounted at `system` and whose Data volume FileVault keeps locked. */
export function lockedMacAnswers(system: string): FakeMacAnswers {
  const corpus = (name: string) => fs.readFileSync(path.join(CORPUS_ROOT, 'diskutil', name), 'utf8');
  const lockedData = corpus('asahi-docs_diskutil-info_disk3s5_Data.txt').replace(/Locked:\s+No/, 'Locked:                    Yes');
  return {
    [system]: corpus('asahi-docs_diskutil-info_disk3s1_System.txt'),
    'DCBCA6BD-BFF1-4F8F-AE1A-6E937D2D4BDC': lockedData,
  };
}

/** The fake's answers as the core's CommandRunner (in-process benches). */
export function fakeMacCommands(answers: FakeMacAnswers): CommandRunner {
  return async (_command, args) => {
    const answer = answers[args[args.length - 1] ?? ''];
    return answer === undefined ? { stdout: '', code: 1 } : { stdout: answer, code: 0 };
  };
}

/** Writes the CLI process's preload (`NODE_OPTIONS=--require <file>`) and returns its path. */
export function writeFakeMacOSPreload(file: string, answers: FakeMacAnswers): string {
  fs.writeFileSync(
    file,
    `// FAKE macOS for a test's CLI process (test/support/fake-macos.ts).
const childProcess = require('node:child_process');
const { syncBuiltinESMExports } = require('node:module');
const answers = ${JSON.stringify(answers)};
const commands = new Set(${JSON.stringify(MAC_COMMANDS)});
Object.defineProperty(process, 'platform', { value: 'darwin', enumerable: true });
const realExecFile = childProcess.execFile;
childProcess.execFile = function execFile(command, args, options, callback) {
  if (!commands.has(command)) return realExecFile.apply(this, arguments);
  const done = typeof options === 'function' ? options : callback;
  const answer = answers[(args || [])[(args || []).length - 1] || ''];
  process.nextTick(() => {
    if (answer === undefined) done(Object.assign(new Error(command + ': the fake macOS has no answer'), { code: 1 }), '', '');
    else done(null, answer, '');
  });
  return { kill() {}, pid: 0 };
};
syncBuiltinESMExports();
`,
  );
  return file;
}
