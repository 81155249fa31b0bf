// Journal schema, versioned by PRAGMA user_version. Migration N (1-based) takes the database from
// version N-1 to N. Never edit a migration that has shipped: add a new one.

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'journal: sessions, targets, jobs, append-only events, settings',
    sql: `
      CREATE TABLE app_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      CREATE TABLE settings (
        key        TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
      CREATE TABLE sessions (
        id             TEXT PRIMARY KEY,
        technician     TEXT NOT NULL,
        bench_host     TEXT NOT NULL,
        profile_sha256 TEXT,
        started_at     TEXT NOT NULL,
        ended_at       TEXT,
        kiosk          INTEGER NOT NULL DEFAULT 0,
        -- a scripted session (CLI stage) is never the app's current session
        scripted       INTEGER NOT NULL DEFAULT 0,
        -- the process that runs it: recovery leaves a live process's jobs alone
        owner_pid      INTEGER
      );
      CREATE TABLE targets (
        id             TEXT PRIMARY KEY,
        kind           TEXT NOT NULL,
        name           TEXT NOT NULL,
        serial         TEXT,
        ecid           TEXT,
        chip           TEXT,
        model          TEXT,
        macos_version  TEXT,
        macos_build    TEXT,
        first_seen_at  TEXT NOT NULL,
        last_seen_at   TEXT NOT NULL
      );
      CREATE TABLE session_targets (
        session_id TEXT NOT NULL REFERENCES sessions(id),
        target_id  TEXT NOT NULL REFERENCES targets(id),
        serial     TEXT,
        PRIMARY KEY (session_id, target_id)
      );
      CREATE UNIQUE INDEX session_targets_serial ON session_targets(session_id, serial) WHERE serial IS NOT NULL;
      CREATE TABLE jobs (
        id             TEXT PRIMARY KEY,
        session_id     TEXT NOT NULL REFERENCES sessions(id),
        target_id      TEXT NOT NULL REFERENCES targets(id),
        state          TEXT NOT NULL,
        code           TEXT,
        message        TEXT,
        profile_sha256 TEXT NOT NULL,
        path           TEXT,
        sha256         TEXT,
        attempts       INTEGER NOT NULL DEFAULT 0,
        bytes_total    INTEGER NOT NULL DEFAULT 0,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        confirmed_by   TEXT
      );
      CREATE UNIQUE INDEX jobs_session_target ON jobs(session_id, target_id);
      CREATE INDEX jobs_target ON jobs(target_id);
      CREATE INDEX jobs_state ON jobs(state);
      CREATE TABLE events (
        seq            INTEGER PRIMARY KEY AUTOINCREMENT,
        at             TEXT NOT NULL,
        session_id     TEXT,
        target_id      TEXT,
        job_id         TEXT,
        kind           TEXT NOT NULL,
        from_state     TEXT,
        to_state       TEXT,
        code           TEXT,
        message        TEXT,
        profile_sha256 TEXT,
        path           TEXT
      );
      CREATE INDEX events_session ON events(session_id, seq);
      CREATE INDEX events_target ON events(target_id, seq);
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END;
      CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'journal events are append-only'); END;
    `,
  },
  {
    version: 2,
    description: 'profile library: metadata of imported copies (never their secrets)',
    // reading_json is the ProfileReading (metadata and findings, never a secret value). The expiry
    // status is not stored: it depends on the clock and is computed when read.
    sql: `
      CREATE TABLE profiles (
        sha256          TEXT PRIMARY KEY,
        file_name       TEXT NOT NULL,
        imported_at     TEXT NOT NULL,
        size_bytes      INTEGER NOT NULL,
        format          TEXT NOT NULL,
        identifier      TEXT,
        display_name    TEXT,
        group_key       TEXT NOT NULL,
        downloaded_at   TEXT NOT NULL,
        downloaded_basis TEXT NOT NULL,
        expires_at      TEXT NOT NULL,
        reading_json    TEXT NOT NULL
      );
      CREATE INDEX profiles_group ON profiles(group_key);
    `,
  },
  {
    version: 3,
    // One row at most. The PIN itself is never stored: only its scrypt hash, the random salt and
    // the scrypt parameters used (so they can be raised later without breaking stored hashes).
    // The failure count and the last failure time live here too, so a restart does not reset the
    // wrong-PIN back-off.
    description: 'kiosk: admin PIN (scrypt hash, salt and parameters) and the persisted wrong-PIN back-off',
    sql: `
      CREATE TABLE kiosk_pin (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        algorithm       TEXT NOT NULL CHECK (algorithm = 'scrypt'),
        params_json     TEXT NOT NULL,
        salt            BLOB NOT NULL CHECK (length(salt) >= 16),
        hash            BLOB NOT NULL CHECK (length(hash) >= 32),
        set_at          TEXT NOT NULL,
        failures        INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
        last_failure_at TEXT
      );
    `,
  },
  {
    version: 4,
    // The Log screen at a million events (issue 14): its state, kind and target filters read
    // through indexes in seq order instead of scanning the table, and the unfiltered page's total
    // comes from a counter kept by a trigger (count(*) of a million rows is a full scan).
    // Events are append-only (no update or delete can pass the triggers of version 1), so an
    // insert trigger is all the counter needs.
    description: 'journal: indexes for the Log filters (state, kind, target name) and a kept count of events',
    sql: `
      CREATE INDEX events_to_state ON events(to_state, seq);
      CREATE INDEX events_kind ON events(kind, seq);
      CREATE INDEX targets_name ON targets(name);
      CREATE TABLE events_count (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        n  INTEGER NOT NULL CHECK (n >= 0)
      );
      INSERT INTO events_count (id, n) SELECT 1, count(*) FROM events;
      CREATE TRIGGER events_counted AFTER INSERT ON events
        BEGIN UPDATE events_count SET n = n + 1 WHERE id = 1; END;
    `,
  },
  {
    version: 5,
    // Intune (docs/INTUNE.md). Which library copies the bench downloaded from Intune, and what
    // Intune's managedDevices said about a session's Macs. Never a token: those are not stored
    // here or anywhere else in the data folder.
    description: 'intune: library copies downloaded from Intune, enrollment evidence from managedDevices',
    sql: `
      CREATE TABLE intune_profile_sources (
        sha256              TEXT PRIMARY KEY,
        intune_profile_id   TEXT NOT NULL,
        intune_profile_name TEXT NOT NULL,
        downloaded_at       TEXT NOT NULL
      );
      CREATE INDEX intune_profile_sources_profile ON intune_profile_sources(intune_profile_id, downloaded_at);
      CREATE TABLE intune_evidence (
        session_id              TEXT NOT NULL,
        target_id               TEXT NOT NULL,
        serial                  TEXT NOT NULL,
        managed_device_id       TEXT NOT NULL,
        device_name             TEXT,
        enrolled_date_time      TEXT,
        enrollment_profile_name TEXT,
        operating_system        TEXT,
        os_version              TEXT,
        expected_profile_name   TEXT,
        other_profile           INTEGER NOT NULL DEFAULT 0,
        seen_at                 TEXT NOT NULL,
        PRIMARY KEY (session_id, target_id)
      );
    `,
  },
  {
    version: 6,
    // The Log screen at a million events (issue 14), measured: a page filtered by state or kind
    // came back in 200–650 ms, all of it counting the matches for the total; a text search in
    // 630–890 ms, scanning every row with LIKE. Kept tallies answer those totals in one lookup, and
    // a trigram full-text index (substring matches, case-insensitive, as LIKE '%…%' was) answers
    // searches of three or more characters. Events are append-only (version 1's triggers refuse
    // updates and deletes), so insert triggers keep both exact.
    description: 'journal: tallies of events by state and kind, and a trigram text index for the Log search',
    sql: `
      CREATE TABLE events_tally (
        dimension TEXT NOT NULL CHECK (dimension IN ('state', 'kind')),
        value     TEXT NOT NULL,
        n         INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (dimension, value)
      ) WITHOUT ROWID;
      INSERT INTO events_tally (dimension, value, n) SELECT 'state', to_state, count(*) FROM events WHERE to_state IS NOT NULL GROUP BY to_state;
      INSERT INTO events_tally (dimension, value, n) SELECT 'kind', kind, count(*) FROM events GROUP BY kind;
      CREATE TRIGGER events_tallied AFTER INSERT ON events
        BEGIN
          INSERT INTO events_tally (dimension, value, n) VALUES ('kind', NEW.kind, 1)
            ON CONFLICT (dimension, value) DO UPDATE SET n = n + 1;
          INSERT INTO events_tally (dimension, value, n) SELECT 'state', NEW.to_state, 1 WHERE NEW.to_state IS NOT NULL
            ON CONFLICT (dimension, value) DO UPDATE SET n = n + 1;
        END;
      CREATE VIRTUAL TABLE events_text USING fts5(
        message, code, kind, target_id, path,
        content = 'events', content_rowid = 'seq', tokenize = 'trigram'
      );
      INSERT INTO events_text (events_text) VALUES ('rebuild');
      CREATE TRIGGER events_text_indexed AFTER INSERT ON events
        BEGIN
          INSERT INTO events_text (rowid, message, code, kind, target_id, path) VALUES (NEW.seq, NEW.message, NEW.code, NEW.kind, NEW.target_id, NEW.path);
        END;
    `,
  },
  {
    version: 7,
    // Measured after version 6: indexing each event's text as it was written cost about 40% of the
    // journal's one-event-per-transaction rate (FTS5 writes a segment per transaction), on every
    // staging, for a search a technician runs now and then. The text index now catches up when a
    // search is made (journal-query.ts), up to the seq kept here; a search also reads, row by row,
    // whatever arrived since, so it is exact either way.
    description: 'journal: the text index catches up at search time instead of on every insert',
    sql: `
      DROP TRIGGER events_text_indexed;
      CREATE TABLE events_text_upto (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL CHECK (seq >= 0)
      );
      INSERT INTO events_text_upto (id, seq) SELECT 1, coalesce(max(seq), 0) FROM events;
    `,
  },
  {
    version: 8,
    // Every event is counted twice since version 6: once by version 4's counter and once in its
    // kind's tally (each event has exactly one kind). The counter's UPDATE ran on every insert
    // (issue 14: the journal's write rate); the Log's total is now the sum of the kind tallies.
    description: 'journal: the events total is the sum of the kind tallies; the separate counter goes',
    sql: `
      DROP TRIGGER events_counted;
      DROP TABLE events_count;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
