import type { SqliteDatabase } from './database';

// The settings table holds one JSON value per key. This is the only module that reads or writes
// it: the settings store, the profile library (chosenProfileId, expiryWarningHours) and the kiosk
// switch (kioskEnabled) each own some keys and all go through the same upsert, so they read and
// write the same rows in the same shape.

export interface SettingsRows {
  /** Every stored value by key; a value that is not valid JSON is left out (its default applies). */
  all(): Record<string, unknown>;
  /** One stored value, or undefined when it is absent or not valid JSON. */
  read(key: string): unknown;
  /** Store one value (JSON-encoded); joins the caller's transaction, if any. */
  write(key: string, value: unknown): void;
}

const parse = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
};

const cache = new WeakMap<SqliteDatabase, SettingsRows>();

/** The settings rows of one database (statements prepared once per database). */
export function settingsRows(db: SqliteDatabase): SettingsRows {
  const known = cache.get(db);
  if (known) return known;
  const selectAll = db.prepare<[], { key: string; value_json: string }>('SELECT key, value_json FROM settings');
  const selectOne = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  );
  const rows: SettingsRows = {
    all() {
      const stored: Record<string, unknown> = {};
      for (const row of selectAll.all()) {
        const parsed = parse(row.value_json);
        if (parsed.ok) stored[row.key] = parsed.value;
      }
      return stored;
    },
    read(key) {
      const row = selectOne.get(key);
      if (!row) return undefined;
      const parsed = parse(row.value_json);
      return parsed.ok ? parsed.value : undefined;
    },
    write(key, value) {
      upsert.run(key, JSON.stringify(value));
    },
  };
  cache.set(db, rows);
  return rows;
}
