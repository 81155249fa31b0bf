/** Where the CLI writes; injected so commands can be run in-process by tests and by the web-host. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Exit codes shared by every command (see README "Command line"). */
export const EXIT = {
  ok: 0,
  usageOrIo: 1,
  unusableProfile: 2,
  expiredProfile: 3,
  stagingFailed: 4,
} as const;
