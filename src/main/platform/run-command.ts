import { execFile } from 'node:child_process';

/** The result of a platform command; `code` is -1 when it could not run or timed out. */
export interface CommandResult {
  readonly stdout: string;
  readonly code: number;
}

/**
 * How the core runs platform commands (`diskutil`, `xattr`…): injected so tests feed real sample
 * outputs and other platforms simply get "command failed". Never throws.
 */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<CommandResult>;

export function systemCommandRunner(timeoutMs = 5_000): CommandRunner {
  return (command, args) =>
    new Promise((resolve) => {
      execFile(command, [...args], { timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) => {
        if (!error) return resolve({ stdout, code: 0 });
        const code = typeof error.code === 'number' ? error.code : -1;
        resolve({ stdout: stdout ?? '', code });
      });
    });
}
