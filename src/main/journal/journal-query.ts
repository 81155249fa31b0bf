import type { JournalRow } from '../../shared/models/staging';
import type { SqliteDatabase } from './database';
import { eventFromRow } from './journal-events';

export interface JournalFilter {
  readonly sessionId?: string | undefined;
  readonly targetId?: string | undefined;
  /** Events that moved a job into this state. */
  readonly state?: string | undefined;
  readonly kind?: string | undefined;
  /** Case-insensitive text in the message, code, kind, target id or name, or path. */
  readonly text?: string | undefined;
}

interface TextSearch {
  /** The FTS5 phrase (the text as typed, quoted). */
  readonly phrase: string;
  /** The text index holds events up to this seq. */
  readonly upto: number;
  /** The text as a LIKE pattern. */
  readonly like: string;
  /** The whole match list (one SELECT of seqs), and its parameters. */
  readonly matches: string;
  readonly params: readonly (string | number)[];
}

export interface JournalPage {
  readonly events: JournalRow[];
  /** Events matching the filter (for a virtualised list's height). */
  readonly total: number;
  readonly offset: number;
}

/**
 * Events the text index takes in one step (one transaction, on the core's thread). A step's time
 * grows with the rows, about 26 ms per 1,000 at a million events on the 2-core CI machine: 5,000
 * held the thread 130–230 ms a step (`npm run bench -- journal`), 1,000 hold it 27 ms (p95 48).
 */
export const CATCH_UP_ROWS = 1000;

/**
 * The journal newest first, a page at a time. The unfiltered view (the common one, and the one
 * that reaches a million rows) seeks by sequence number instead of OFFSET: events are append-only
 * and never deleted, so the row at position k is the k-th highest seq — found through the primary
 * key in microseconds at any depth.
 */
export function createJournalQuery(db: SqliteDatabase) {
  // min/max come from the primary key; the count from the kind tallies insert triggers keep
  // (migrations 6 and 8: every event has one kind, so they sum to the number of events).
  const bounds = db.prepare<[], { lo: number | null; hi: number | null; n: number }>(
    "SELECT (SELECT min(seq) FROM events) AS lo, (SELECT max(seq) FROM events) AS hi, (SELECT coalesce(sum(n), 0) FROM events_tally WHERE dimension = 'kind') AS n",
  );
  const seek = db.prepare<[number, number]>(
    'SELECT e.*, t.name AS target_name FROM events e LEFT JOIN targets t ON t.id = e.target_id WHERE e.seq <= ? ORDER BY e.seq DESC LIMIT ?',
  );
  // The text index, brought up to date before a search: one transaction indexing what arrived
  // since the last search. If the journal is busy (another process writing) or read-only, the
  // search goes on with the index as it is and reads the newer rows one by one.
  const indexedUpto = db.prepare<[], { seq: number }>('SELECT seq FROM events_text_upto WHERE id = 1');
  // At most CATCH_UP_ROWS per search: a search after a long unsearched shift must not hold the
  // core's thread while staging runs; the rest is read row by row this time, and indexed by the
  // searches that follow and in the background.
  const indexNewer = db.prepare<[number, number]>('INSERT INTO events_text (rowid, message, code, kind, target_id, path) SELECT seq, message, code, kind, target_id, path FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
  const markIndexed = db.prepare<[number, number]>('UPDATE events_text_upto SET seq = coalesce((SELECT max(seq) FROM (SELECT seq FROM events WHERE seq > ? ORDER BY seq LIMIT ?)), seq) WHERE id = 1');
  const catchUp = db.transaction(() => {
    const from = indexedUpto.get()?.seq ?? 0;
    indexNewer.run(from, CATCH_UP_ROWS);
    markIndexed.run(from, CATCH_UP_ROWS);
  });
  const lastSeq = db.prepare<[], { seq: number | null }>('SELECT max(seq) AS seq FROM events');
  /**
   * Behind after a search: go on indexing in the background, one bounded chunk at a time, so the
   * next searches find the index whole. Stops when caught up, busy or closed.
   */
  let backgroundTimer: ReturnType<typeof setTimeout> | null = null;
  const continueInBackground = () => {
    if (backgroundTimer) return;
    backgroundTimer = setTimeout(() => {
      backgroundTimer = null;
      try {
        const before = indexedUpto.get()?.seq ?? 0;
        const after = tryCatchUp();
        if (after > before && after < (lastSeq.get()?.seq ?? 0)) continueInBackground();
      } catch {
        // the journal closed meanwhile
      }
    }, 25);
    backgroundTimer.unref?.();
  };
  const catchUpTextIndex = (): number => {
    const upto = tryCatchUp();
    if (upto < (lastSeq.get()?.seq ?? 0)) continueInBackground();
    return upto;
  };
  const tryCatchUp = (): number => {
    try {
      // Not waiting on a lock for a search: busy means "later".
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 0');
      try {
        catchUp.immediate();
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
    } catch {
      // busy, read-only or full: search with the index as it is
    }
    return indexedUpto.get()?.seq ?? 0;
  };
  const tally = db.prepare<[string, string], { n: number }>('SELECT n FROM events_tally WHERE dimension = ? AND value = ?');
  const toRow = (row: Parameters<typeof eventFromRow>[0] & { target_name: string | null }): JournalRow => ({
    ...eventFromRow(row),
    targetName: row.target_name,
  });

  // A text search alone, the Log's slowest page at a million events (issue 14). Its matches come
  // from three places: the trigram index (events up to `upto`), events of targets whose name
  // matches, and events newer than the index, read row by row. When no target's name matches
  // (the usual case: names are "Mac 12", searches are words of a message or a code), the first
  // and last are disjoint by seq: the page is the newest of each, merged, and the total their two
  // counts — the index walked newest first with a LIMIT, never every match twice. Otherwise
  // the matching seqs are listed once, and the page read through the primary key.
  const anyTargetNamed = db.prepare<[string], number>("SELECT 1 FROM targets WHERE name LIKE ? ESCAPE '\\' LIMIT 1").pluck();
  const ftsNewest = db.prepare<[string, number, number], number>('SELECT rowid FROM events_text WHERE events_text MATCH ? AND rowid <= ? ORDER BY rowid DESC LIMIT ?').pluck();
  const ftsCount = db.prepare<[string, number], number>('SELECT count(*) FROM events_text WHERE events_text MATCH ? AND rowid <= ?').pluck();
  /** Events newer than the text index that match, read row by row (seq > ?, then the LIKE pattern five times). */
  const newerWhere = "seq > ? AND (message LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\' OR kind LIKE ? ESCAPE '\\' OR target_id LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\')";
  const newerNewest = db.prepare<[number, string, string, string, string, string, number], number>(`SELECT seq FROM events WHERE ${newerWhere} ORDER BY seq DESC LIMIT ?`).pluck();
  const newerCount = db.prepare<[number, string, string, string, string, string], number>(`SELECT count(*) FROM events WHERE ${newerWhere}`).pluck();
  const rowsBySeq = db.prepare<[string]>(
    'SELECT e.*, t.name AS target_name FROM events e LEFT JOIN targets t ON t.id = e.target_id WHERE e.seq IN (SELECT value FROM json_each(?)) ORDER BY e.seq DESC',
  );
  const textOnlyPage = (search: TextSearch, offset: number, limit: number): { events: JournalRow[]; total: number } => {
    const { phrase, upto, like } = search;
    let seqs: number[];
    let total: number;
    if (anyTargetNamed.get(like) === undefined) {
      const upTo = offset + limit;
      seqs = [...newerNewest.all(upto, like, like, like, like, like, upTo), ...ftsNewest.all(phrase, upto, upTo)];
      total = newerCount.get(upto, like, like, like, like, like) as number;
      total += ftsCount.get(phrase, upto) as number;
    } else {
      seqs = db.prepare(search.matches).pluck().all(...search.params) as number[];
      total = seqs.length;
    }
    seqs.sort((a, b) => b - a);
    const wanted = seqs.slice(offset, offset + limit);
    if (wanted.length === 0) return { events: [], total };
    return { events: (rowsBySeq.all(JSON.stringify(wanted)) as Parameters<typeof toRow>[0][]).map(toRow), total };
  };

  const queryJournal = function queryJournal(filter: JournalFilter, offset: number, limit: number): JournalPage {
    const where: string[] = [];
    const params: (string | number)[] = [];
    let textMatches: string | null = null;
    let textParams: (string | number)[] = [];
    let textSearch: TextSearch | null = null;
    if (filter.sessionId) {
      where.push('e.session_id = ?');
      params.push(filter.sessionId);
    }
    if (filter.targetId) {
      // As one IN on target_id (the id itself, or the ids of targets with that name) the
      // events_target index answers it; an OR across the join would scan every event.
      where.push('e.target_id IN (SELECT ? UNION SELECT id FROM targets WHERE name = ?)');
      params.push(filter.targetId, filter.targetId);
    }
    if (filter.state) {
      where.push('e.to_state = ?');
      params.push(filter.state);
    }
    if (filter.kind) {
      where.push('e.kind = ?');
      params.push(filter.kind);
    }
    if (filter.text) {
      const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if ([...filter.text].length >= 3) {
        // Three characters or more: the trigram index (migration 6) finds the events, a phrase
        // of the text as typed (quotes doubled) being a substring match; the targets' names are few.
        // One list of matching seqs (a UNION of two index lookups), which the page reads through
        // the primary key and which, alone, gives the total without touching the events.
        // Events newer than the index (migration 7: it catches up here) are read row by row.
        const upto = catchUpTextIndex();
        textMatches =
          "SELECT rowid FROM events_text WHERE events_text MATCH ? AND rowid <= ? UNION SELECT seq FROM events WHERE target_id IN (SELECT id FROM targets WHERE name LIKE ? ESCAPE '\\') " +
          `UNION SELECT seq FROM events WHERE ${newerWhere}`;
        textParams = [`"${filter.text.replace(/"/g, '""')}"`, upto, like, upto, like, like, like, like, like];
        textSearch = { phrase: textParams[0] as string, upto, like, matches: textMatches, params: textParams };
        where.push(`e.seq IN (${textMatches})`);
        params.push(...textParams);
      } else {
        where.push("(e.message LIKE ? ESCAPE '\\' OR e.code LIKE ? ESCAPE '\\' OR e.kind LIKE ? ESCAPE '\\' OR e.target_id LIKE ? ESCAPE '\\' OR e.path LIKE ? ESCAPE '\\' OR t.name LIKE ? ESCAPE '\\')");
        params.push(like, like, like, like, like, like);
      }
    }
    if (where.length === 0) {
      const { lo, hi, n } = bounds.get() as { lo: number | null; hi: number | null; n: number };
      if (lo === null || hi === null) return { events: [], total: 0, offset };
      if (hi - lo + 1 === n) {
        const rows = seek.all(hi - offset, limit) as Parameters<typeof toRow>[0][];
        return { events: rows.map(toRow), total: n, offset };
      }
    }
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = 'FROM events e LEFT JOIN targets t ON t.id = e.target_id';
    // One state or one kind alone: the total is the kept tally (counting a million index entries
    // was the whole cost of such a page).
    const only = Object.entries(filter).filter(([, v]) => v !== undefined && v !== '');
    const tallied = only.length === 1 && (filter.state || filter.kind) ? (tally.get(filter.state ? 'state' : 'kind', (filter.state ?? filter.kind) as string)?.n ?? 0) : null;
    if (only.length === 1 && textSearch) {
      const page = textOnlyPage(textSearch, offset, limit);
      return { events: page.events, total: page.total, offset };
    }
    const total = tallied ?? (db.prepare(`SELECT count(*) AS n ${from} ${clause}`).get(...params) as { n: number }).n;
    const rows = db
      .prepare(`SELECT e.*, t.name AS target_name ${from} ${clause} ORDER BY e.seq DESC LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Parameters<typeof toRow>[0][];
    return { events: rows.map(toRow), total, offset };
  };
  return Object.assign(queryJournal, {
    /** Index one bounded chunk of events newer than the text index; true once it is current. */
    catchUpText(): boolean {
      return tryCatchUp() >= (lastSeq.get()?.seq ?? 0);
    },
    /** Bring the text index up to date in the background, a chunk at a time (at start). */
    catchUpTextInBackground(): void {
      if ((indexedUpto.get()?.seq ?? 0) < (lastSeq.get()?.seq ?? 0)) continueInBackground();
    },
  });
}
