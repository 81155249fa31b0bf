import type { SqliteDatabase } from '../journal/database';

// Kiosk mode survives restarts as one row of the settings table, in the same shape as every other
// setting (key → JSON value), so the settings store and this module read the same row.
export const KIOSK_ENABLED_KEY = 'kioskEnabled';

export interface KioskSetting {
  read(): boolean;
  write(enabled: boolean): void;
}

export function kioskSetting(db: SqliteDatabase): KioskSetting {
  const select = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?');
  const upsert = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json',
  );
  return {
    read() {
      const row = select.get(KIOSK_ENABLED_KEY);
      if (!row) return false;
      try {
        return JSON.parse(row.value_json) === true;
      } catch {
        // Only this module and the settings store write the row; an unreadable value means the
        // row was edited by hand, and the station then starts as an ordinary bench.
        return false;
      }
    },
    write(enabled) {
      upsert.run(KIOSK_ENABLED_KEY, JSON.stringify(enabled));
    },
  };
}
