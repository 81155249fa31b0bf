import type { SqliteDatabase } from './database';

// The `kiosk_pin` table: at most one row (id 1) holding the admin PIN's scrypt hash, its salt and
// parameters, and the count of wrong PINs in a row. Only the admin PIN store (kiosk/admin-pin.ts)
// uses it; this module is the only one that speaks SQL to the table.

export interface KioskPinRow {
  readonly params_json: string;
  readonly salt: Buffer;
  readonly hash: Buffer;
  readonly failures: number;
  readonly last_failure_at: string | null;
}

export interface KioskPinRows {
  read(): KioskPinRow | undefined;
  recordFailure(at: string): void;
  clearFailures(): void;
  /** Store a new hash and reset the failure count. */
  store(paramsJson: string, salt: Buffer, hash: Buffer, setAt: string): void;
}

export function kioskPinRows(db: SqliteDatabase): KioskPinRows {
  const readRow = db.prepare<[], KioskPinRow>('SELECT params_json, salt, hash, failures, last_failure_at FROM kiosk_pin WHERE id = 1');
  const recordFailure = db.prepare<[string]>('UPDATE kiosk_pin SET failures = failures + 1, last_failure_at = ? WHERE id = 1');
  const clearFailures = db.prepare('UPDATE kiosk_pin SET failures = 0, last_failure_at = NULL WHERE id = 1');
  const storePin = db.prepare<[string, Buffer, Buffer, string]>(
    `INSERT INTO kiosk_pin (id, algorithm, params_json, salt, hash, set_at, failures, last_failure_at)
     VALUES (1, 'scrypt', ?, ?, ?, ?, 0, NULL)
     ON CONFLICT (id) DO UPDATE SET algorithm = excluded.algorithm, params_json = excluded.params_json,
       salt = excluded.salt, hash = excluded.hash, set_at = excluded.set_at, failures = 0, last_failure_at = NULL`,
  );
  return {
    read: () => readRow.get(),
    recordFailure: (at) => void recordFailure.run(at),
    clearFailures: () => void clearFailures.run(),
    store: (paramsJson, salt, hash, setAt) => void storePin.run(paramsJson, salt, hash, setAt),
  };
}
