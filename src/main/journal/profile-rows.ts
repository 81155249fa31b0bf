import type { SqliteDatabase } from './database';

// The `profiles` table: one row per library copy, keyed by the file's sha256. The profile
// library decides what goes in; this module is the only one that speaks SQL to the table.

export interface ProfileRow {
  readonly sha256: string;
  readonly file_name: string;
  readonly imported_at: string;
  readonly group_key: string;
  readonly reading_json: string;
}

export interface NewProfileRow {
  readonly sha256: string;
  readonly fileName: string;
  readonly importedAt: string;
  readonly sizeBytes: number;
  readonly format: string;
  readonly identifier: string | null;
  readonly displayName: string | null;
  readonly groupKey: string;
  readonly downloadedAt: string | null;
  readonly basis: string;
  readonly expiresAt: string | null;
  readonly readingJson: string;
}

export interface ProfileRows {
  /** Newest import first. */
  all(): ProfileRow[];
  get(sha256: string): ProfileRow | undefined;
  insert(row: NewProfileRow): void;
  remove(sha256: string): void;
}

export function profileRows(db: SqliteDatabase): ProfileRows {
  const columns = 'sha256, file_name, imported_at, group_key, reading_json';
  const selectAll = db.prepare<[], ProfileRow>(`SELECT ${columns} FROM profiles ORDER BY imported_at DESC, sha256`);
  const selectOne = db.prepare<[string], ProfileRow>(`SELECT ${columns} FROM profiles WHERE sha256 = ?`);
  const insert = db.prepare<[NewProfileRow]>(
    `INSERT INTO profiles (sha256, file_name, imported_at, size_bytes, format, identifier, display_name, group_key,
                           downloaded_at, downloaded_basis, expires_at, reading_json)
     VALUES (@sha256, @fileName, @importedAt, @sizeBytes, @format, @identifier, @displayName, @groupKey,
             @downloadedAt, @basis, @expiresAt, @readingJson)`,
  );
  const deleteOne = db.prepare<[string]>('DELETE FROM profiles WHERE sha256 = ?');
  return {
    all: () => selectAll.all(),
    get: (sha256) => selectOne.get(sha256),
    insert: (row) => void insert.run(row),
    remove: (sha256) => void deleteOne.run(sha256),
  };
}
