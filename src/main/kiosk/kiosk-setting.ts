import type { SqliteDatabase } from '../journal/database';
import { settingsRows } from '../journal/settings-rows';

// Kiosk mode survives restarts as one row of the settings table, in the same shape as every other
// setting (key → JSON value), so the settings store and this module read the same row.
export const KIOSK_ENABLED_KEY = 'kioskEnabled';

export interface KioskSetting {
  read(): boolean;
  write(enabled: boolean): void;
}

export function kioskSetting(db: SqliteDatabase): KioskSetting {
  const rows = settingsRows(db);
  return {
    // Only this module and the settings store write the row; an unreadable value means the row
    // was edited by hand, and the station then starts as an ordinary bench.
    read: () => rows.read(KIOSK_ENABLED_KEY) === true,
    write: (enabled) => rows.write(KIOSK_ENABLED_KEY, enabled),
  };
}
