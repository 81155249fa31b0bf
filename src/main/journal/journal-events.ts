import type { JournalEvent } from '../../shared/models/session';
import type { Clock } from '../platform/clock';
import type { SqliteDatabase } from './database';

/** What a caller records; `seq` and `at` are assigned here. Metadata only, never a secret. */
export type JournalEventInput = Partial<Omit<JournalEvent, 'seq' | 'at' | 'kind'>> & Pick<JournalEvent, 'kind'>;

interface EventRow {
  seq: number;
  at: string;
  session_id: string | null;
  target_id: string | null;
  job_id: string | null;
  kind: string;
  from_state: string | null;
  to_state: string | null;
  code: string | null;
  message: string | null;
  profile_sha256: string | null;
  path: string | null;
}

export function eventFromRow(row: EventRow): JournalEvent {
  return {
    seq: row.seq,
    at: row.at,
    sessionId: row.session_id,
    targetId: row.target_id,
    jobId: row.job_id,
    kind: row.kind,
    fromState: row.from_state,
    toState: row.to_state,
    code: row.code,
    message: row.message,
    profileSha256: row.profile_sha256,
    path: row.path,
  };
}

/**
 * Append one event to the journal. Callers that change other tables in the same step run this
 * inside their transaction, so the fact and its journal row commit together.
 */
export function createEventAppender(db: SqliteDatabase, clock: Clock): (input: JournalEventInput) => JournalEvent {
  const insert = db.prepare<[string, string | null, string | null, string | null, string, string | null, string | null, string | null, string | null, string | null, string | null]>(
    `INSERT INTO events (at, session_id, target_id, job_id, kind, from_state, to_state, code, message, profile_sha256, path)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (input) => {
    const at = new Date(clock.now()).toISOString();
    const info = insert.run(
      at,
      input.sessionId ?? null,
      input.targetId ?? null,
      input.jobId ?? null,
      input.kind,
      input.fromState ?? null,
      input.toState ?? null,
      input.code ?? null,
      input.message ?? null,
      input.profileSha256 ?? null,
      input.path ?? null,
    );
    return {
      seq: Number(info.lastInsertRowid),
      at,
      sessionId: input.sessionId ?? null,
      targetId: input.targetId ?? null,
      jobId: input.jobId ?? null,
      kind: input.kind,
      fromState: input.fromState ?? null,
      toState: input.toState ?? null,
      code: input.code ?? null,
      message: input.message ?? null,
      profileSha256: input.profileSha256 ?? null,
      path: input.path ?? null,
    };
  };
}
