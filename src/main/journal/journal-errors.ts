import { BenchError } from '../../shared/errors';

// What a failing SQLite call means to a person: the journal is locked, full, unreadable or
// damaged. Every journal write failure becomes one of two stable codes (never INTERNAL), with the
// SQLite reason in the detail.

/** How long a write waits for another process holding the journal's lock (reported when it gives up). */
export const JOURNAL_BUSY_TIMEOUT_MS = 2_000;

/** True for errors that come from SQLite (better-sqlite3's SqliteError carries SQLITE_* codes). */
export function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** The BenchError a SQLite failure stands for, or null when `error` is not one. */
export function journalFailure(error: unknown, doing = 'writing the journal'): BenchError | null {
  if (error instanceof BenchError) return error.code === 'JOURNAL_UNAVAILABLE' || error.code === 'JOURNAL_CORRUPT' ? error : null;
  if (!isSqliteError(error)) return null;
  const code = (error as { code: string }).code;
  const message = (error as Error).message;
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new BenchError('JOURNAL_CORRUPT', `${doing}: ${message} [${code}]. Nothing more is written to it; start the bench with --repair to keep it aside and begin a new one.`);
  }
  const why = code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
    ? `another process holds the journal's lock (waited ${JOURNAL_BUSY_TIMEOUT_MS / 1000} s)`
    : code.startsWith('SQLITE_FULL')
      ? 'the disk holding the data folder is full'
      : code.startsWith('SQLITE_READONLY')
        ? 'the data folder has become read-only'
        : code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')
          ? 'the data folder could not be read or written'
          : 'SQLite refused the write';
  return new BenchError('JOURNAL_UNAVAILABLE', `${doing}: ${why} (${message} [${code}])`);
}

/** `journalFailure`, or the error itself when it is not a journal failure. */
export function asJournalError(error: unknown): unknown {
  return journalFailure(error) ?? error;
}
