import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openJournalDatabase } from '../../src/main/journal/database';
import { createJournalQuery } from '../../src/main/journal/journal-query';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/main/journal/migrations';
import { tempDir } from '../support/temp';

const dirs: Array<{ cleanup: () => void }> = [];
const fresh = () => {
  const dir = tempDir('eb-journal-');
  dirs.push(dir);
  return dir.path;
};
afterEach(() => dirs.splice(0).forEach((d) => d.cleanup()));

const tables = (db: Database.Database) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('the journal database on a real file', () => {
  it('creates the file owner-only, in WAL mode, at the latest schema version', () => {
    const dataDir = fresh();
    const journal = openJournalDatabase({ dataDir, Database });
    expect(journal.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(journal.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tables(journal.db)).toEqual(expect.arrayContaining(['sessions', 'targets', 'jobs', 'events', 'profiles', 'kiosk_pin']));
    journal.close();
    const file = path.join(dataDir, DATABASE_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('upgrades an older database step by step and keeps what was recorded', () => {
    const dataDir = fresh();
    const v1 = openJournalDatabase({ dataDir, Database, migrations: MIGRATIONS.slice(0, 1) });
    expect(v1.schemaVersion).toBe(1);
    v1.db
      .prepare("INSERT INTO events (at, kind, message) VALUES ('2026-11-26T00:00:00.000Z', 'note', 'recorded before upgrade')")
      .run();
    v1.close();

    const latest = openJournalDatabase({ dataDir, Database });
    expect(latest.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(latest.db.prepare('SELECT message FROM events').all()).toEqual([{ message: 'recorded before upgrade' }]);
    // The Log's total (the sum of the kind tallies since version 8; version 4's counter is gone)
    // counts what was there before it.
    expect(createJournalQuery(latest.db)({}, 0, 10)).toMatchObject({ total: 1, events: [{ message: 'recorded before upgrade' }] });
    expect(tables(latest.db)).not.toContain('events_count');
    // Version 6 tallied and indexed what was there before it: its kind total and its text are found.
    expect(createJournalQuery(latest.db)({ kind: 'note' }, 0, 10)).toMatchObject({ total: 1 });
    expect(createJournalQuery(latest.db)({ text: 'BEFORE UPG' }, 0, 10)).toMatchObject({ total: 1, events: [{ message: 'recorded before upgrade' }] });
    latest.close();

    // Opening again is a no-op: no migration runs twice.
    const again = openJournalDatabase({ dataDir, Database });
    expect(again.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(again.db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 1 });
    again.close();
  });

  it('refuses a database written by a newer version instead of guessing', () => {
    const dataDir = fresh();
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openJournalDatabase({ dataDir, Database })).toThrow(expect.objectContaining({ code: 'JOURNAL_NEWER_SCHEMA' }));
  });

  it('reports a file that is not a database as a damaged journal', () => {
    const dataDir = fresh();
    fs.writeFileSync(path.join(dataDir, DATABASE_FILE), 'this is not sqlite at all, just text '.repeat(200));
    expect(() => openJournalDatabase({ dataDir, Database })).toThrow(expect.objectContaining({ code: 'JOURNAL_CORRUPT' }));
  });

  it('keeps journal events append-only', () => {
    const journal = openJournalDatabase({ dataDir: fresh(), Database });
    journal.db.prepare("INSERT INTO events (at, kind) VALUES ('2026-11-26T00:00:00.000Z', 'note')").run();
    expect(() => journal.db.prepare("UPDATE events SET kind = 'changed'").run()).toThrow(/append-only/);
    expect(() => journal.db.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    journal.close();
  });

  it('leaves the previous version intact when a migration fails half-way', () => {
    const dataDir = fresh();
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, description: 'broken', sql: 'CREATE TABLE ok_part (x); THIS IS NOT SQL;' }];
    expect(() => openJournalDatabase({ dataDir, Database, migrations: broken })).toThrow();
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(tables(db)).not.toContain('ok_part');
    db.close();
  });
});
