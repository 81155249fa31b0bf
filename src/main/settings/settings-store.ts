import { BenchError } from '../../shared/errors';
import { DEFAULT_SETTINGS, Settings } from '../../shared/models/settings';
import type { SqliteDatabase } from '../journal/database';
import type { JournalEventInput } from '../journal/journal-events';
import { settingsRows } from '../journal/settings-rows';

// Settings live in the journal database, one row per setting (key → JSON value), so other domains
// (the profile library's chosen profile, the kiosk switch) can own their own rows in one table.

export type SettingsStore = ReturnType<typeof createSettingsStore>;

export function createSettingsStore(db: SqliteDatabase, append: (input: JournalEventInput) => unknown) {
  const rows = settingsRows(db);

  const get = (): Settings => {
    // A damaged value is left out by the rows and falls back to its default rather than
    // stopping the bench.
    const stored = rows.all();
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
          rows.write(key, (next.data as Record<string, unknown>)[key]);
        }
        append({ kind: 'settings-changed', message: `changed: ${Object.keys(changes).sort().join(', ')}` });
      })();
      return next.data;
    },
  };
}
