import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { BenchError } from '../../shared/errors';
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
}

export interface JournalDatabase {
  readonly db: SqliteDatabase;
  readonly path: string;
  readonly schemaVersion: number;
  close(): void;
}

/**
 * Open (creating if needed) the journal in WAL mode and bring it to the latest schema.
 * Each migration runs in its own transaction together with its user_version bump, so a crash
 * mid-migration leaves the previous version intact.
 */
export function openJournalDatabase(options: OpenDatabaseOptions): JournalDatabase {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations.length;
  try {
    fs.mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new BenchError('DATA_DIR_UNUSABLE', `${options.dataDir}: ${(error as Error).message}`);
  }
  const file = path.join(options.dataDir, DATABASE_FILE);
  let db: SqliteDatabase;
  try {
    db = new options.Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  } catch (error) {
    throw new BenchError('JOURNAL_UNAVAILABLE', `${file}: ${(error as Error).message}`);
  }
  try {
    fs.chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    // FULL: a committed transition survives power loss, not only a process crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
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
    db.close();
    if (error instanceof BenchError) throw error;
    const message = (error as Error).message;
    const code = /malformed|not a database|corrupt/i.test(message) ? 'JOURNAL_CORRUPT' : 'JOURNAL_UNAVAILABLE';
    throw new BenchError(code, `${file}: ${message}`);
  }
}

export { LATEST_SCHEMA_VERSION };
