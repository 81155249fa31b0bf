import type { ErrorCode } from '../../shared/errors';

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

/** The exit code of a command that failed with `code`: a profile's fault is 2 or 3, anything else 1. */
export function exitCodeForError(code: ErrorCode): number {
  switch (code) {
    case 'PROFILE_UNREADABLE':
    case 'PROFILE_TOO_LARGE':
    case 'PROFILE_NOT_ENROLLMENT':
    case 'PROFILE_NOT_USABLE':
      return EXIT.unusableProfile;
    case 'PROFILE_EXPIRED':
      return EXIT.expiredProfile;
    default:
      return EXIT.usageOrIo;
  }
}
