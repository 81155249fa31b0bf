// A large journal for benchmarks, built with one INSERT … SELECT per step (one transaction):
// sessions, targets with names, and events shaped like the real ones (mostly job transitions,
// some warnings and serials, an unplugged Mac now and then).
import type Database from 'better-sqlite3';

export const FIXTURE_SHA = 'a'.repeat(64);
export const FIXTURE_SESSIONS = 200;
export const FIXTURE_TARGETS = 5000;
const KINDS = ['job-state', 'job-state', 'job-state', 'job-state', 'job-warning', 'serial-set', 'file-moved-aside', 'session-started'];
const STATES = ['queued', 'staging', 'verifying', 'staged', 'failed', 'blocked', 'cancelled', 'interrupted', 'enrolled', 'awaiting-approval'];

export function seedCatalogue(db: Database.Database): void {
  db.transaction(() => {
    const session = db.prepare("INSERT INTO sessions (id, technician, bench_host, profile_sha256, started_at, ended_at, kiosk) VALUES (?, 'bench', 'bench', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T08:00:00.000Z', 0)");
    for (let s = 0; s < FIXTURE_SESSIONS; s += 1) session.run(`s-${s}`, FIXTURE_SHA);
    const target = db.prepare("INSERT INTO targets (id, kind, name, first_seen_at, last_seen_at) VALUES (?, 'mac-volume', ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')");
    for (let t = 0; t < FIXTURE_TARGETS; t += 1) target.run(`t-${t}`, `Mac ${t}`);
  })();
}

/** Grow the events table to `total` rows in one statement (one transaction). */
export function growJournalTo(db: Database.Database, total: number): void {
  const have = (db.prepare('SELECT count(*) AS n FROM events').get() as { n: number }).n;
  if (have >= total) return;
  const kinds = KINDS.map((k, i) => `WHEN ${i} THEN '${k}'`).join(' ');
  const states = STATES.map((k, i) => `WHEN ${i} THEN '${k}'`).join(' ');
  db.prepare(
    `WITH RECURSIVE c(x) AS (SELECT ? UNION ALL SELECT x + 1 FROM c WHERE x < ?)
     INSERT INTO events (at, session_id, target_id, job_id, kind, from_state, to_state, code, message, profile_sha256, path)
     SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 1767225600 + x, 'unixepoch'),
            's-' || ((x / 5000) % ${FIXTURE_SESSIONS}), 't-' || (x % ${FIXTURE_TARGETS}), 'job-' || (x % 20000),
            CASE x % ${KINDS.length} ${kinds} END,
            NULL, CASE x % ${STATES.length} ${states} END,
            CASE WHEN x % 37 = 0 THEN 'STAGE_DISCONNECTED' ELSE NULL END,
            CASE WHEN x % 37 = 0 THEN 'The Mac was unplugged during the copy (' || x || ').' ELSE 'Attempt 1 of 3 on Mac ' || (x % ${FIXTURE_TARGETS}) END,
            '${FIXTURE_SHA}', '/Volumes/Mac ' || (x % ${FIXTURE_TARGETS}) || '/Users/Shared/Enrollment/Bench.mobileconfig'
       FROM c`,
  ).run(have + 1, total);
}
