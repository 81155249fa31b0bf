import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BenchError } from '../../shared/errors';
import { JOURNAL_BUSY_TIMEOUT_MS, journalFailure } from './journal-errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export type SqliteDatabase = BetterSqlite3.Database;
export type SqliteConstructor = typeof BetterSqlite3;

export const DATABASE_FILE = 'journal.sqlite3';

export interface OpenDatabaseOptions {
  readonly dataDir: string;
  readonly Database: SqliteConstructor;
  /** Path of a better_sqlite3.node built for the running runtime (Electron uses its own build). */
  readonly nativeBinding?: string | undefined;
  readonly migrations?: readonly Migration[];
  /**
   * A damaged journal is kept aside (renamed with a timestamp) and a new one started. Without it a
   * damaged journal is refused with JOURNAL_CORRUPT and left exactly as it is: only a person
   * decides to start over (`--repair`).
   */
  readonly repair?: boolean;
  /** For the timestamp of a journal kept aside. */
  readonly now?: () => number;
  /** How long a write waits for another process's lock (default JOURNAL_BUSY_TIMEOUT_MS). */
  readonly busyTimeoutMs?: number;
}

export interface JournalDatabase {
  readonly db: SqliteDatabase;
  readonly path: string;
  readonly schemaVersion: number;
  /** Where a damaged journal was kept when this one was started by --repair. */
  readonly keptAside: string | null;
  close(): void;
}

/**
 * Open (creating if needed) the journal in WAL mode and bring it to the latest schema.
 * Each migration runs in its own transaction together with its user_version bump, so a crash
 * mid-migration leaves the previous version intact.
 */
export function openJournalDatabase(options: OpenDatabaseOptions): JournalDatabase {
  try {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new BenchError('DATA_DIR_UNUSABLE', `${options.dataDir}: ${(error as Error).message}`);
  }
  const file = path.join(options.dataDir, DATABASE_FILE);
  try {
    return { ...openAndCheck(file, options), keptAside: null };
  } catch (error) {
    if (!(error instanceof BenchError) || error.code !== 'JOURNAL_CORRUPT' || !options.repair) throw error;
    const keptAside = keepAside(file, options.now?.() ?? Date.now());
    return { ...openAndCheck(file, options), keptAside };
  }
}

function openAndCheck(file: string, options: OpenDatabaseOptions): Omit<JournalDatabase, 'keptAside'> {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  let db: SqliteDatabase;
  try {
    db = new options.Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw journalFailure(error, `opening ${file}`) ?? new BenchError('JOURNAL_UNAVAILABLE', `${file}: ${(error as Error).message}`);
  }
  try {
    if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
    // First, so that every statement below waits (a bounded time) for another process's lock.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? JOURNAL_BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    // FULL: a committed transition survives power loss, not only a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // A damaged journal is found before anything is written to it (integrity_check on demand:
    // `enrollment-bench journal check`).
    const check = db.pragma('quick_check(1)', { simple: true }) as string;
    if (check !== 'ok') throw new BenchError('JOURNAL_CORRUPT', `${file}: quick_check: ${check}. ${REPAIR_HINT}`);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new BenchError('JOURNAL_NEWER_SCHEMA', `database is at version ${current}, this build knows ${latest}`);
    }
    for (const migration of migrations.slice(current)) {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    }
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    return { db, path: file, schemaVersion, close: () => db.close() };
  } catch (error) {
    try {
      db.close();
    } catch {
      // closing a damaged database can fail too; the original error is the one to report
    }
    if (error instanceof BenchError) throw error;
    const message = (error as Error).message;
    const failure = journalFailure(error, file);
    if (failure?.code === 'JOURNAL_CORRUPT' || /malformed|not a database|corrupt/i.test(message)) {
      throw new BenchError('JOURNAL_CORRUPT', `${file}: ${message}. ${REPAIR_HINT}`);
    }
    throw failure ?? new BenchError('JOURNAL_UNAVAILABLE', `${file}: ${message}`);
  }
}

const REPAIR_HINT = 'Nothing was written to it. Start with --repair to keep it aside (renamed with a timestamp) and begin a new journal.';

/** Rename a damaged journal (and its -wal and -shm) to journal.sqlite3.corrupt-<UTC stamp>; returns the new name. */
function keepAside(file: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  let kept = `${file}.corrupt-${stamp}`;
  for (let n = 1; fs.existsSync(kept); n += 1) kept = `${file}.corrupt-${stamp}-${n}`;
  try {
    fs.renameSync(file, kept);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, kept + suffix);
    }
  } catch (error) {
    throw new BenchError('JOURNAL_UNAVAILABLE', `keeping the damaged journal aside as ${kept}: ${(error as Error).message}`);
  }
  return kept;
}

/** A full integrity_check of the journal in `dataDir` (read-only; `journal check`). */
export function checkJournalIntegrity(options: Pick<OpenDatabaseOptions, 'dataDir' | 'Database' | 'nativeBinding'>): { path: string; ok: boolean; problems: string[] } {
  const file = path.join(options.dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) throw new BenchError('JOURNAL_UNAVAILABLE', `${file}: no journal here`);
  let db: SqliteDatabase | null = null;
  try {
    db = new options.Database(file, { readonly: true, fileMustExist: true, ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
    db.pragma(`busy_timeout = ${JOURNAL_BUSY_TIMEOUT_MS}`);
    const rows = db.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
    return { path: file, ok: problems.length === 0, problems };
  } catch (error) {
    const failure = journalFailure(error, `checking ${file}`);
    if (failure?.code === 'JOURNAL_UNAVAILABLE') throw failure;
    return { path: file, ok: false, problems: [(error as Error).message] };
  } finally {
    try {
      db?.close();
    } catch {
      // nothing more to do
    }
  }
}

export { LATEST_SCHEMA_VERSION };
