import { BenchError } from '../../shared/errors';
import { DEFAULT_SETTINGS, Settings } from '../../shared/models/settings';
import type { SqliteDatabase } from '../journal/database';
import type { JournalEventInput } from '../journal/journal-events';

// Settings live in the journal database, one row per setting (key → JSON value), so other domains
// (the profile library's chosen profile, the kiosk switch) can own their own rows in one table.

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function createSettingsStore(db: SqliteDatabase, append: (input: JournalEventInput) => unknown) {
  const read = db.prepare<[], { key: string; value_json: string }>('SELECT key, value_json FROM settings');
  const write = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json',
  );

  const get = (): Settings => {
    const stored: Record<string, unknown> = {};
    for (const row of read.all()) {
      try {
        stored[row.key] = JSON.parse(row.value_json);
      } catch {
        // A damaged value falls back to its default rather than stopping the bench.
      }
    }
    const merged = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
    for (const key of Object.keys(DEFAULT_SETTINGS)) {
      if (!(key in stored)) continue;
      const candidate = { ...merged, [key]: stored[key] };
      if (Settings.safeParse(candidate).success) merged[key] = stored[key];
    }
    return Settings.parse(merged);
  };

  return {
    get,
    /** Change some settings; the whole result is validated, written and journalled in one transaction. */
    update(changes: Partial<Settings>): Settings {
      const next = Settings.safeParse({ ...get(), ...changes });
      if (!next.success) throw new BenchError('USAGE', `invalid settings: ${next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      db.transaction(() => {
        for (const key of Object.keys(changes)) {
          write.run(key, JSON.stringify((next.data as Record<string, unknown>)[key]));
        }
        append({ kind: 'settings-changed', message: `changed: ${Object.keys(changes).sort().join(', ')}` });
      })();
      return next.data;
    },
  };
}
