import type { JournalEvent } from '../../shared/models/session';
import type { SqliteDatabase } from './database';
import { eventFromRow } from './journal-events';

export interface JournalFilter {
  readonly sessionId?: string | undefined;
  readonly targetId?: string | undefined;
  /** Events that moved a job into this state. */
  readonly state?: string | undefined;
  readonly kind?: string | undefined;
  /** Case-insensitive text in the message, code, kind, target or path. */
  readonly text?: string | undefined;
}

export interface JournalPage {
  readonly events: JournalEvent[];
  /** Events matching the filter (for a virtualised list's height). */
  readonly total: number;
  readonly offset: number;
}

/**
 * The journal newest first, a page at a time. The unfiltered view (the common one, and the one
 * that reaches a million rows) seeks by sequence number instead of OFFSET: events are append-only
 * and never deleted, so the row at position k is the k-th highest seq — found through the primary
 * key in microseconds at any depth.
 */
export function createJournalQuery(db: SqliteDatabase) {
  const bounds = db.prepare<[], { lo: number | null; hi: number | null; n: number }>('SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM events');
  const seek = db.prepare<[number, number]>('SELECT * FROM events WHERE seq <= ? ORDER BY seq DESC LIMIT ?');

  return function queryJournal(filter: JournalFilter, offset: number, limit: number): JournalPage {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.sessionId) {
      where.push('session_id = ?');
      params.push(filter.sessionId);
    }
    if (filter.targetId) {
      where.push('target_id = ?');
      params.push(filter.targetId);
    }
    if (filter.state) {
      where.push('to_state = ?');
      params.push(filter.state);
    }
    if (filter.kind) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.text) {
      const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(message LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\' OR target_id LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\')");
      params.push(like, like, like, like, like);
    }
    if (where.length === 0) {
      const { lo, hi, n } = bounds.get() as { lo: number | null; hi: number | null; n: number };
      if (lo === null || hi === null) return { events: [], total: 0, offset };
      if (hi - lo + 1 === n) {
        const rows = seek.all(hi - offset, limit) as Parameters<typeof eventFromRow>[0][];
        return { events: rows.map(eventFromRow), total: n, offset };
      }
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = (db.prepare(`SELECT count(*) AS n FROM events ${clause}`).get(...params) as { n: number }).n;
    const rows = db.prepare(`SELECT * FROM events ${clause} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as Parameters<typeof eventFromRow>[0][];
    return { events: rows.map(eventFromRow), total, offset };
  };
}
