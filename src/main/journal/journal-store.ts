import crypto from 'node:crypto';
import { BenchError } from '../../shared/errors';
import type { Job, JobState } from '../../shared/models/job';
import type { JournalEvent, Session } from '../../shared/models/session';
import { serialNumberOf, type Target } from '../../shared/models/target';
import { canTransition, RUNNING_STATES } from '../../shared/rules/job-transitions';
import type { Clock } from '../platform/clock';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from './database';
import { createGroupCommitter, type CommitOptions } from './group-commit';
import { createEventAppender, type JournalEventInput } from './journal-events';

// Sessions, targets and jobs, with every change and its journal row committed in one transaction
// (WAL, synchronous=FULL) before anybody is told about it.

interface JobRow {
  id: string;
  session_id: string;
  target_id: string;
  state: JobState;
  code: string | null;
  message: string | null;
  profile_sha256: string;
  path: string | null;
  sha256: string | null;
  attempts: number;
  bytes_total: number;
  created_at: string;
  updated_at: string;
  confirmed_by: string | null;
}

interface SessionRow {
  id: string;
  technician: string;
  bench_host: string;
  profile_sha256: string | null;
  started_at: string;
  ended_at: string | null;
  kiosk: number;
  scripted: number;
  owner_pid: number | null;
}

/**
 * A row as the job its state makes it (shared/models/job.ts): what a state never holds is null.
 * A row without what its state must hold (a staged job without its read-back, a failed one
 * without its code) is no job: the name of the first missing column is answered instead.
 */
const jobOrMissing = (row: JobRow): Job | { readonly missing: string } => {
  const { code, path, sha256, confirmed_by: confirmedBy } = row;
  switch (row.state) {
    case 'queued':
      return jobOf(row, row.state, code, path, null, null);
    case 'staging':
    case 'verifying':
      if (path === null) return { missing: 'path' };
      return jobOf(row, row.state, null, path, null, null);
    case 'staged':
    case 'awaiting-approval':
      if (path === null || sha256 === null) return { missing: path === null ? 'path' : 'sha256' };
      return jobOf(row, row.state, code, path, sha256, null);
    case 'enrolled':
      if (path === null || sha256 === null || confirmedBy === null) return { missing: path === null ? 'path' : sha256 === null ? 'sha256' : 'confirmed_by' };
      return jobOf(row, row.state, null, path, sha256, confirmedBy);
    default:
      if (code === null) return { missing: 'code' };
      return jobOf(row, row.state, code, path, null, null);
  }
};

/**
 * The job object, written out whole: built with a spread of the common part it cost about 6 µs a
 * call on Node 20 (V8 took its slow path for the added properties), five calls per Mac staged.
 */
function jobOf<S extends JobState, C extends string | null, P extends string | null, H extends string | null, B extends string | null>(row: JobRow, state: S, code: C, path: P, sha256: H, confirmedBy: B) {
  return {
    id: row.id,
    sessionId: row.session_id,
    targetId: row.target_id,
    message: row.message,
    profileSha256: row.profile_sha256,
    attempts: row.attempts,
    bytesWritten: state === 'staged' || state === 'awaiting-approval' || state === 'enrolled' ? row.bytes_total : 0,
    bytesTotal: row.bytes_total,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    state,
    code,
    path,
    sha256,
    confirmedBy,
  };
}

/** A journalled job; a row missing what its state must hold is a damaged journal. */
const jobFromRow = (row: JobRow): Job => {
  const job = jobOrMissing(row);
  if ('missing' in job) throw new BenchError('JOURNAL_CORRUPT', `job ${row.id} is ${row.state} but has no ${job.missing}`);
  return job;
};

/** States that hold the read-back sha256 (shared/models/job.ts). */
const HOLDS_READ_BACK: ReadonlySet<JobState> = new Set(['staged', 'awaiting-approval', 'enrolled']);

const sessionFromRow = (row: SessionRow): Session => ({
  id: row.id,
  technician: row.technician,
  benchHost: row.bench_host,
  profileSha256: row.profile_sha256,
  startedAt: row.started_at,
  endedAt: row.ended_at,
  kiosk: row.kiosk === 1,
  scripted: row.scripted === 1,
});

export interface TransitionChanges {
  readonly code?: string | null;
  readonly message?: string | null;
  readonly path?: string | null;
  readonly sha256?: string | null;
  readonly attempts?: number;
  readonly confirmedBy?: string | null;
}

export interface Transition {
  readonly job: Job;
  readonly event: JournalEvent;
}

/** What the journal remembers about a target of a session (it may be unplugged by now). */
export interface SessionTargetFacts {
  readonly id: string;
  readonly kind: 'mac-volume' | 'carrier' | 'usb-device';
  readonly name: string;
  readonly serialNumber: string | null;
  readonly macOSVersion: string | null;
  readonly macOSBuild: string | null;
  readonly lastSeenAt: string;
}

export type JournalStore = ReturnType<typeof createJournalStore>;

export function createJournalStore(db: SqliteDatabase, clock: Clock) {
  const append = createEventAppender(db, clock);
  const group = createGroupCommitter(db);
  const now = () => new Date(clock.now()).toISOString();

  // Statements used inside calls are prepared once, on first use (preparing one costs more than
  // running it: the profiler put it among the largest costs of a staging batch).
  const statements = new Map<string, BetterSqlite3.Statement>();
  const prepared = <P extends unknown[] = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement as unknown as BetterSqlite3.Statement<P, R>;
  };
  const getJobRow = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE id = ?');
  /** Run `body` as one transaction (a savepoint inside another): one function, made once. */
  const atomically = db.transaction(<T>(body: () => T): T => body()) as <T>(body: () => T) => T;
  const jobForTarget = db.prepare<[string, string], JobRow>('SELECT * FROM jobs WHERE session_id = ? AND target_id = ?');
  const jobsOfSession = db.prepare<[string], JobRow>('SELECT * FROM jobs WHERE session_id = ? ORDER BY created_at, rowid');
  const getSessionRow = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
  const openSession = db.prepare<[], SessionRow>('SELECT * FROM sessions WHERE ended_at IS NULL AND scripted = 0 ORDER BY started_at DESC, rowid DESC LIMIT 1');

  const store = {
    appendEvent: (input: JournalEventInput) => append(input),

    /** Run several store operations as one transaction (one durable commit). */
    batch<T>(body: () => T): T {
      return db.transaction(body)();
    },

    /**
     * Run store operations in the next group commit: one transaction shared with whatever else is
     * pending. Resolves once that transaction is durable; announce only after awaiting it.
     */
    grouped<T>(body: () => T, options?: CommitOptions): Promise<T> {
      return group.commit(body, options);
    },

    /**
     * Run store operations as one transaction now, durable with the next group commit (see
     * GroupCommitter.writeNow): announce nothing of it before `durable` resolves.
     */
    batchNowDurableLater<T>(body: () => T): { readonly value: T; readonly durable: Promise<void> } {
      return group.writeNow(body);
    },

    /** How many group commits ran and how many operations they carried (for the benchmark). */
    get groupCommitStats() {
      return group.stats;
    },

    startSession(input: { technician: string; benchHost: string; profileSha256: string | null; kiosk: boolean; scripted?: boolean; ownerPid?: number }): Session {
      const id = crypto.randomUUID();
      const at = now();
      db.transaction(() => {
        prepared('INSERT INTO sessions (id, technician, bench_host, profile_sha256, started_at, kiosk, scripted, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          id,
          input.technician,
          input.benchHost,
          input.profileSha256,
          at,
          input.kiosk ? 1 : 0,
          input.scripted ? 1 : 0,
          input.ownerPid ?? null,
        );
        append({ kind: 'session-started', sessionId: id, profileSha256: input.profileSha256, message: input.technician ? `technician ${input.technician}` : null });
      })();
      return store.getSession(id);
    },

    endSession(id: string): Session {
      db.transaction(() => {
        const info = prepared('UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL').run(now(), id);
        if (info.changes > 0) append({ kind: 'session-ended', sessionId: id });
      })();
      return store.getSession(id);
    },

    getSession(id: string): Session {
      const row = getSessionRow.get(id);
      if (!row) throw new BenchError('USAGE', `no session ${id}`);
      return sessionFromRow(row);
    },

    currentSession(): Session | null {
      const row = openSession.get();
      return row ? sessionFromRow(row) : null;
    },

    listSessions(): Session[] {
      return (prepared('SELECT * FROM sessions ORDER BY started_at DESC').all() as SessionRow[]).map(sessionFromRow);
    },

    /** Remember what the bench knows about a target (serial, ECID, chip, macOS) for the log and exports. */
    rememberTarget(target: Target): void {
      const at = now();
      prepared(
        `INSERT INTO targets (id, kind, name, serial, ecid, chip, model, macos_version, macos_build, first_seen_at, last_seen_at)
         VALUES (@id, @kind, @name, @serial, @ecid, @chip, NULL, @macos_version, @macos_build, @at, @at)
         ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
           serial = COALESCE(excluded.serial, targets.serial), ecid = COALESCE(excluded.ecid, targets.ecid),
           chip = COALESCE(excluded.chip, targets.chip), macos_version = COALESCE(excluded.macos_version, targets.macos_version),
           macos_build = COALESCE(excluded.macos_build, targets.macos_build), last_seen_at = excluded.last_seen_at`,
      ).run({
        id: target.id,
        kind: target.kind,
        name: target.name,
        serial: serialNumberOf(target),
        ecid: target.kind === 'usb-device' ? target.usb.ecid : null,
        chip: target.kind === 'usb-device' ? target.usb.chip : null,
        macos_version: target.kind === 'mac-volume' ? (target.macOS?.productVersion ?? null) : null,
        macos_build: target.kind === 'mac-volume' ? (target.macOS?.build ?? null) : null,
        at,
      });
    },

    /** The serial number recorded for a target in a session (entered, scanned or from USB). */
    serialFor(sessionId: string, targetId: string): string | null {
      const row = prepared<[string, string], { serial: string | null }>('SELECT serial FROM session_targets WHERE session_id = ? AND target_id = ?').get(sessionId, targetId);
      return row?.serial ?? null;
    },

    setSerial(sessionId: string, targetId: string, serial: string, source: 'entered' | 'usb'): JournalEvent {
      return db.transaction(() => {
        const owner = db
          .prepare<[string, string], { target_id: string }>('SELECT target_id FROM session_targets WHERE session_id = ? AND serial = ?')
          .get(sessionId, serial);
        if (owner && owner.target_id !== targetId) {
          throw new BenchError('SERIAL_DUPLICATE', `${serial} is already recorded for ${owner.target_id}`);
        }
        prepared(
          `INSERT INTO session_targets (session_id, target_id, serial) VALUES (?, ?, ?)
           ON CONFLICT(session_id, target_id) DO UPDATE SET serial = excluded.serial`,
        ).run(sessionId, targetId, serial);
        prepared('UPDATE targets SET serial = ? WHERE id = ?').run(serial, targetId);
        return append({ kind: 'serial-set', sessionId, targetId, message: `serial ${serial} (${source})` });
      })();
    },

    /** Every target of a session (staged, queued or given a serial in it), in first-seen order. */
    sessionTargets(sessionId: string): SessionTargetFacts[] {
      const rows = db
        .prepare<[string, string], { id: string; kind: SessionTargetFacts['kind']; name: string; serial: string | null; macos_version: string | null; macos_build: string | null; last_seen_at: string }>(
          `SELECT t.id, t.kind, t.name, COALESCE(st.serial, t.serial) AS serial, t.macos_version, t.macos_build, t.last_seen_at
             FROM targets t LEFT JOIN session_targets st ON st.target_id = t.id AND st.session_id = ?
            WHERE st.session_id IS NOT NULL OR t.id IN (SELECT target_id FROM jobs WHERE session_id = ?)
            ORDER BY t.first_seen_at, t.rowid`,
        )
        .all(sessionId, sessionId);
      return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, serialNumber: r.serial, macOSVersion: r.macos_version, macOSBuild: r.macos_build, lastSeenAt: r.last_seen_at }));
    },

    getJob(id: string): Job {
      const row = getJobRow.get(id);
      if (!row) throw new BenchError('USAGE', `no job ${id}`);
      return jobFromRow(row);
    },

    jobFor(sessionId: string, targetId: string): Job | null {
      const row = jobForTarget.get(sessionId, targetId);
      return row ? jobFromRow(row) : null;
    },

    /**
     * Targets the journal knows by this name (any case) or serial number (the Mac's, or one
     * recorded in a session), for a person naming a Mac that is no longer attached.
     */
    targetIdsKnownAs(reference: string): string[] {
      const rows = db
        .prepare<{ name: string; serial: string }, { id: string }>(
          `SELECT id FROM targets WHERE name = @name COLLATE NOCASE OR serial = @serial
           UNION SELECT target_id AS id FROM session_targets WHERE serial = @serial`,
        )
        .all({ name: reference, serial: reference.toUpperCase() });
      return rows.map((r) => r.id);
    },

    /** Targets with a job whose staged file is at `absolutePath` or under it (a mount path). */
    targetIdsStagedUnder(absolutePath: string): string[] {
      const prefix = `${absolutePath.replace(/\/+$/, '')}/`;
      const rows = db
        .prepare<{ path: string; prefix: string }, { id: string }>(
          'SELECT DISTINCT target_id AS id FROM jobs WHERE path = @path OR substr(path, 1, length(@prefix)) = @prefix',
        )
        .all({ path: absolutePath, prefix });
      return rows.map((r) => r.id);
    },

    /** The most recent job for a target in any session. */
    latestJobForTarget(targetId: string): Job | null {
      const row = prepared<[string], JobRow>('SELECT * FROM jobs WHERE target_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1').get(targetId);
      return row ? jobFromRow(row) : null;
    },

    jobsOfSession(sessionId: string): Job[] {
      return jobsOfSession.all(sessionId).map(jobFromRow);
    },

    /** Queue a target in a session: a new job, or the existing one back to queued (a retry). */
    queueJob(input: { sessionId: string; targetId: string; profileSha256: string; bytesTotal: number }): Transition {
      return atomically((): Transition => {
        const existing = jobForTarget.get(input.sessionId, input.targetId);
        if (!existing) {
          const id = crypto.randomUUID();
          const at = now();
          // A target the bench never described (already unplugged) still gets a row, so the job
          // and its journal history are kept.
          prepared("INSERT OR IGNORE INTO targets (id, kind, name, first_seen_at, last_seen_at) VALUES (?, 'unknown', ?, ?, ?)").run(input.targetId, input.targetId, at, at);
          prepared(
            `INSERT INTO jobs (id, session_id, target_id, state, profile_sha256, attempts, bytes_total, created_at, updated_at)
             VALUES (?, ?, ?, 'queued', ?, 0, ?, ?, ?)`,
          ).run(id, input.sessionId, input.targetId, input.profileSha256, input.bytesTotal, at, at);
          prepared('INSERT OR IGNORE INTO session_targets (session_id, target_id) VALUES (?, ?)').run(input.sessionId, input.targetId);
          const event = append({ kind: 'job-state', sessionId: input.sessionId, targetId: input.targetId, jobId: id, fromState: null, toState: 'queued', profileSha256: input.profileSha256 });
          const job = jobFromRow({
            id,
            session_id: input.sessionId,
            target_id: input.targetId,
            state: 'queued',
            code: null,
            message: null,
            profile_sha256: input.profileSha256,
            path: null,
            sha256: null,
            attempts: 0,
            bytes_total: input.bytesTotal,
            created_at: at,
            updated_at: at,
            confirmed_by: null,
          });
          return { job, event };
        }
        return store.transition(existing.id, 'queued', { code: null, message: null });
      });
    },

    /** Move a job to a new state; the row and its journal event commit together or not at all. */
    transition(jobId: string, to: JobState, changes: TransitionChanges = {}): Transition {
      return atomically((): Transition => {
        const row = getJobRow.get(jobId);
        if (!row) throw new BenchError('USAGE', `no job ${jobId}`);
        if (!canTransition(row.state, to)) {
          throw new BenchError('INTERNAL', `job ${jobId}: ${row.state} → ${to} is not a valid transition`);
        }
        const next: JobRow = {
          ...row,
          state: to,
          code: 'code' in changes ? (changes.code ?? null) : row.code,
          message: 'message' in changes ? (changes.message ?? null) : row.message,
          path: 'path' in changes ? (changes.path ?? null) : row.path,
          // Only a staged (or later) job holds a read-back, only an enrolled one who confirmed it:
          // staging again forgets the last read-back (it no longer says what is on the Mac).
          sha256: !HOLDS_READ_BACK.has(to) ? null : 'sha256' in changes ? (changes.sha256 ?? null) : row.sha256,
          attempts: changes.attempts ?? row.attempts,
          confirmed_by: to !== 'enrolled' ? null : 'confirmedBy' in changes ? (changes.confirmedBy ?? null) : row.confirmed_by,
          updated_at: now(),
        };
        // Like an impossible transition, a state without what it must hold is never journalled.
        // The job answered is the row as written (one statement, no second read of it).
        const job = jobOrMissing(next);
        if ('missing' in job) throw new BenchError('INTERNAL', `job ${jobId}: ${row.state} → ${to} without ${job.missing}`);
        prepared('UPDATE jobs SET state = ?, code = ?, message = ?, path = ?, sha256 = ?, attempts = ?, confirmed_by = ?, updated_at = ? WHERE id = ?').run(
          to,
          next.code,
          next.message,
          next.path,
          next.sha256,
          next.attempts,
          next.confirmed_by,
          next.updated_at,
          jobId,
        );
        const event = append({
          kind: 'job-state',
          sessionId: row.session_id,
          targetId: row.target_id,
          jobId,
          fromState: row.state,
          toState: to,
          code: next.code,
          message: next.message,
          profileSha256: row.profile_sha256,
          path: next.path,
        });
        return { job, event };
      });
    },

    /**
     * Startup recovery: jobs a stopped bench left queued, staging or verifying become interrupted,
     * and scripted sessions of stopped processes are ended. A session whose process is still
     * running (a CLI `stage` beside the app, on this host) is left alone.
     */
    recover(isRunning: (ownerPid: number | null, benchHost: string) => boolean): { interrupted: Transition[]; ended: Session[] } {
      const states = RUNNING_STATES.map((s) => `'${s}'`).join(', ');
      const rows = db
        .prepare<[], JobRow & { owner_pid: number | null; bench_host: string }>(
          `SELECT j.*, s.owner_pid, s.bench_host FROM jobs j JOIN sessions s ON s.id = j.session_id WHERE j.state IN (${states})`,
        )
        .all();
      const interrupted = rows
        .filter((row) => !isRunning(row.owner_pid, row.bench_host))
        .map((row) => store.transition(row.id, 'interrupted', { code: 'STAGE_INTERRUPTED', message: `The bench stopped while this Mac was ${row.state}.` }));
      const stale = (prepared('SELECT * FROM sessions WHERE ended_at IS NULL AND scripted = 1').all() as SessionRow[]).filter(
        (row) => !isRunning(row.owner_pid, row.bench_host),
      );
      const ended = stale.map((row) => store.endSession(row.id));
      return { interrupted, ended };
    },
  };
  return store;
}
