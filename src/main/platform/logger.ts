import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from './clock';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  readonly file: string | null;
}

/**
 * Append-only JSON-lines log in <dataDir>/logs/bench.log (owner-only). Callers pass metadata only:
 * profile contents never reach this function, so secrets cannot reach the log.
 */
export function createFileLogger(dataDir: string, clock: Clock, echo?: (line: string) => void): Logger {
  const dir = path.join(dataDir, 'logs');
  const file = path.join(dir, 'bench.log');
  let fd: number | null = null;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fd = fs.openSync(file, 'a', 0o600);
  } catch {
    fd = null;
  }
  return {
    file: fd === null ? null : file,
    log(level, message, fields) {
      const line = JSON.stringify({ at: new Date(clock.now()).toISOString(), level, message, ...fields });
      if (fd !== null) {
        try {
          fs.writeSync(fd, `${line}\n`);
        } catch {
          // A log that cannot be written must never stop the bench.
        }
      }
      echo?.(line);
    },
  };
}

export const silentLogger: Logger = { file: null, log: () => {} };
