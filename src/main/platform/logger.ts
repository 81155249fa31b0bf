import fs from 'node:fs';
import path from 'node:path';
import { safeJson } from '../../shared/safe-text';
import type { Clock } from './clock';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  readonly file: string | null;
}

export interface FileLoggerOptions {
  /** The folder for bench.log; default <dataDir>/logs. The desktop app passes the platform's log folder. */
  readonly dir?: string;
  /** Start a new file once bench.log would grow past this many bytes (default 5 MiB). */
  readonly maxBytes?: number;
  /** How many older files to keep: bench.1.log (newest) … bench.<keep>.log (default 3). */
  readonly keep?: number;
}

/** Field names whose values are never written, whatever a caller passes (defence in depth). */
const SECRET_FIELD = /challenge|password|passphrase|secret|token|clientidentifier|pkcs12|privatekey|^pin$|pin(code|hash)?$/i;

function redact(value: unknown, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, SECRET_FIELD.test(key) ? '[redacted]' : redact(inner, depth + 1)]));
}

/**
 * Append-only JSON-lines log, bench.log in `dir` (owner-only), rotated by size so it never fills
 * the disk: bench.log → bench.1.log → … → bench.<keep>.log, the oldest dropped. Callers pass
 * metadata only: profile contents never reach this function, and fields named like secrets
 * (challenge, password, token, PIN, ClientIdentifier…) are written as "[redacted]" regardless.
 */
export function createFileLogger(dataDir: string, clock: Clock, echo?: (line: string) => void, options: FileLoggerOptions = {}): Logger {
  const dir = options.dir ?? path.join(dataDir, 'logs');
  const file = path.join(dir, 'bench.log');
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  const keep = Math.max(1, options.keep ?? 3);
  let fd: number | null = null;
  let size = 0;

  const open = () => {
    fd = fs.openSync(file, 'a', 0o600);
    size = fs.fstatSync(fd).size;
  };
  const rotate = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    fs.rmSync(path.join(dir, `bench.${keep}.log`), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      const from = path.join(dir, `bench.${n}.log`);
      if (fs.existsSync(from)) fs.renameSync(from, path.join(dir, `bench.${n + 1}.log`));
    }
    if (fs.existsSync(file)) fs.renameSync(file, path.join(dir, 'bench.1.log'));
    open();
  };

  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    open();
  } catch {
    fd = null;
  }
  return {
    file: fd === null ? null : file,
    log(level, message, fields) {
      // Names from disks and profiles go into fields: no control or bidi character reaches the file raw.
      const line = `${safeJson(JSON.stringify({ at: new Date(clock.now()).toISOString(), level, message, ...(fields ? (redact(fields) as Record<string, unknown>) : {}) }))}\n`;
      if (fd !== null) {
        try {
          const bytes = Buffer.byteLength(line);
          if (size > 0 && size + bytes > maxBytes) rotate();
          if (fd !== null) {
            fs.writeSync(fd, line);
            size += bytes;
          }
        } catch {
          // A log that cannot be written must never stop the bench.
        }
      }
      echo?.(line.trimEnd());
    },
  };
}

export const silentLogger: Logger = { file: null, log: () => {} };
