import type { SqliteDatabase } from './database';

// The settings table holds one JSON value per key. These two functions are the only way the
// profile library touches it (chosenProfileId, expiryWarningHours), so the settings store can
// read and write the same rows.

export function readSettingJson(db: SqliteDatabase, key: string): unknown {
  const row = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?').get(key);
  if (!row) return undefined;
  try {
    return JSON.parse(row.value_json) as unknown;
  } catch {
    return undefined;
  }
}

export function writeSettingJson(db: SqliteDatabase, key: string, value: unknown): void {
  db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json').run(
    key,
    JSON.stringify(value),
  );
}
