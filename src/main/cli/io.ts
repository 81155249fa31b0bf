import { processSecretReader } from './secret-input';
import type { ErrorCode } from '../../shared/errors';

/** Where the CLI writes; injected so commands can be run in-process by tests and by the web-host. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Read a secret (a PIN): hidden on a terminal, one line from stdin otherwise; null when none
   * was given. Secrets never come from argv, which every user on the machine can see in `ps`.
   */
  readonly readSecret: (prompt: string) => Promise<string | null>;
  /** True when a person is typing (a terminal), so a new PIN can be asked twice. */
  readonly interactive: boolean;
}

// Made on first use: commands that never read a secret never touch stdin.
let secrets: ReturnType<typeof processSecretReader> | null = null;
const secretReader = () => (secrets ??= processSecretReader());

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  readSecret: (prompt) => secretReader().read(prompt),
  get interactive() {
    return secretReader().interactive;
  },
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
  /** The admin PIN was wrong, or wrong too often recently (wait and retry). */
  pinRefused: 5,
  /** Intune could not be used (not signed in, forbidden, throttled, offline) or refused some serials. */
  intune: 6,
} as const;

/** The exit code of a command that failed with `code`: a profile's fault is 2 or 3, nothing to stage 4, anything else 1. */
export function exitCodeForError(code: ErrorCode): number {
  switch (code) {
    case 'PROFILE_UNREADABLE':
    case 'PROFILE_TOO_LARGE':
    case 'PROFILE_NOT_ENROLLMENT':
    case 'PROFILE_NOT_USABLE':
      return EXIT.unusableProfile;
    case 'PROFILE_EXPIRED':
      return EXIT.expiredProfile;
    case 'NO_TARGETS':
      return EXIT.stagingFailed;
    case 'INTUNE_NOT_SIGNED_IN':
    case 'INTUNE_SIGN_IN_FAILED':
    case 'INTUNE_FORBIDDEN':
    case 'INTUNE_THROTTLED':
    case 'INTUNE_OFFLINE':
    case 'INTUNE_NOT_FOUND':
    case 'INTUNE_GRAPH_ERROR':
    case 'INTUNE_EXPORT_UNREADABLE':
      return EXIT.intune;
    default:
      return EXIT.usageOrIo;
  }
}
