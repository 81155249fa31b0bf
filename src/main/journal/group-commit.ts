import fs from 'node:fs/promises';
import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase } from './database';

// Group commit: the journal's durable commit (an fsync of the WAL at synchronous=FULL) is the
// cost of every transition. When many targets stage at once their transitions arrive within the
// same turn of the event loop; this writer runs whatever is pending in ONE transaction, and only
// when that transaction has committed (is durable) does any caller's promise resolve — so a
// caller that announces after `await` never announces anything that a crash could take back.
//
// The fsync is taken off the main thread. better-sqlite3 commits synchronously, so at
// synchronous=FULL the whole event loop stood still for every group's WAL fsync, and no target's
// copy could move meanwhile. A group is therefore committed at synchronous=NORMAL (SQLite writes
// the WAL frames, and still syncs around any checkpoint it runs) and the WAL file is then
// fdatasync'ed on libuv's thread pool; the callers' promises resolve only after that returns.
// Same guarantee as FULL (the group's frames are on disk before anyone hears of them), while the
// event loop goes on with the copies. Direct (non-grouped) writes keep FULL.
//
// Each unit of work runs in its own savepoint inside the shared transaction: a unit that throws
// (an invalid transition, a constraint) is rolled back alone and its caller gets the error after
// the others' commit; if the COMMIT itself fails, every caller of that group gets the error and
// nothing of the group is in the journal.

export interface GroupCommitStats {
  /** Transactions committed. */
  readonly commits: number;
  /** Units of work they carried. */
  readonly units: number;
}

export interface GroupCommitter {
  /** Run `work` in the next shared transaction; resolves with its result once that is durable. */
  commit<T>(work: () => T): Promise<T>;
  /**
   * Run `work` now, in its own transaction (its rows are visible at once to this connection), and
   * make it durable with the next group: `durable` resolves after that group's WAL sync, which
   * covers these frames too. For a write whose caller must go on at once (start the copies) but
   * may announce it only once it is durable: nothing may be told of it before `durable`.
   */
  writeNow<T>(work: () => T): { readonly value: T; readonly durable: Promise<void> };
  readonly stats: GroupCommitStats;
}

interface Pending {
  readonly work: () => unknown;
  /** Only waits for the group's WAL sync (writeNow): its rows were committed already. */
  readonly syncOnly?: boolean;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /**
   * Make the WAL durable after a group committed at NORMAL. Default: fdatasync `<db>-wal` on the
   * thread pool when the database is a WAL file; null commits each group at the connection's own
   * synchronous setting, on the main thread (in-memory databases, other journal modes).
   */
  readonly syncWal?: (() => Promise<void>) | null;
}

/** fdatasync of the database's WAL file (a WAL checkpointed away and removed needs nothing). */
export function walSyncer(db: SqliteDatabase): (() => Promise<void>) | null {
  if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  const wal = `${db.name}-wal`;
  return async () => {
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(wal, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close().catch(() => {});
    }
  };
}

export function createGroupCommitter(db: SqliteDatabase, options: GroupCommitOptions = {}): GroupCommitter {
  const syncWal = options.syncWal === undefined ? walSyncer(db) : options.syncWal;
  // The synchronous pragma is read and set around every group: prepared once (preparing a pragma
  // each time was a measurable share of a one-Mac staging in the profiler).
  const pragmas = new Map<string, BetterSqlite3.Statement<[]>>();
  const pragma = (sql: string): unknown => {
    let statement = pragmas.get(sql);
    if (!statement) {
      statement = db.prepare<[]>(`PRAGMA ${sql}`);
      pragmas.set(sql, statement);
    }
    return statement.reader ? statement.pluck().get() : statement.run();
  };
  const synchronous = () => pragma('synchronous') as number;
  /** One transaction function for all of it (nested inside another, better-sqlite3 makes it a savepoint). */
  const atomically = db.transaction((work: () => unknown): unknown => work());
  const setSynchronous = (level: number | 'NORMAL') => void pragma(`synchronous = ${level}`);
  let pending: Pending[] = [];
  let scheduled = false;
  let commits = 0;
  let units = 0;

  const flush = () => {
    scheduled = false;
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const previous = syncWal ? synchronous() : null;
    try {
      if (syncWal) setSynchronous('NORMAL');
      atomically(() => {
        for (const unit of group) {
          if (unit.syncOnly) {
            outcomes.push({ ok: true, value: undefined });
            continue;
          }
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw undoes this unit only.
            outcomes.push({ ok: true, value: atomically(unit.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The group is lost; what was written before it (writeNow) still only needs the sync.
      for (const unit of group) if (!unit.syncOnly) unit.reject(error);
      const earlier = group.filter((unit) => unit.syncOnly);
      if (earlier.length > 0) {
        const settleEarlier = (outcome: { error: unknown } | null) => earlier.forEach((unit) => (outcome ? unit.reject(outcome.error) : unit.resolve(undefined)));
        if (syncWal) syncWal().then(() => settleEarlier(null), (syncError: unknown) => settleEarlier({ error: syncError }));
        else settleEarlier(null);
      }
      return;
    } finally {
      if (previous !== null) setSynchronous(previous);
    }
    commits += 1;
    units += group.length;
    const settle = () =>
      group.forEach((unit, i) => {
        const outcome = outcomes[i];
        if (outcome?.ok) unit.resolve(outcome.value);
        else unit.reject(outcome ? outcome.error : new Error('group commit lost a unit'));
      });
    if (!syncWal) return settle();
    // Committed, not yet durable: nobody hears of it until the WAL is on disk. A failed sync is
    // every caller's error (the journal may hold the group, the disk may not).
    syncWal().then(settle, (error: unknown) => {
      for (const unit of group) unit.reject(error);
    });
  };

  const commit = <T>(work: () => T, syncOnly = false): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      pending.push({ work, syncOnly, resolve: resolve as (value: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        // After the I/O callbacks of this turn: everything that became ready together commits together.
        setImmediate(flush);
      }
    });

  return {
    commit: (work) => commit(work),
    writeNow<T>(work: () => T) {
      // Inside someone's transaction, or without a WAL to sync: the connection's own commit decides.
      if (!syncWal || db.inTransaction) return { value: atomically(work) as T, durable: Promise.resolve() };
      const previous = synchronous();
      let value: T;
      try {
        setSynchronous('NORMAL');
        value = atomically(work) as T;
      } finally {
        setSynchronous(previous);
      }
      // An empty unit in the next group: resolved only after that group's WAL sync.
      return { value, durable: commit(() => undefined, true) };
    },
    get stats(): GroupCommitStats {
      return { commits, units };
    },
  };
}
