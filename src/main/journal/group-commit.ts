import fsSync from 'node:fs';
import { BenchError } from '../../shared/errors';
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
  commit<T>(work: () => T, options?: CommitOptions): Promise<T>;
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

export interface CommitOptions {
  /**
   * Start no group for this work: ride on the next group someone else starts, and start one only
   * if none has come within this many milliseconds. For a step that needs to be durable soon but
   * not at once (a staging's "verifying": its "staged" follows within milliseconds on a local
   * disk, and one WAL sync then covers both).
   */
  readonly syncWithinMs?: number;
}

export interface GroupCommitOptions {
  /**
   * Make the WAL durable after a group committed at NORMAL. Default: fdatasync `<db>-wal` on the
   * thread pool when the database is a WAL file; null commits each group at the connection's own
   * synchronous setting, on the main thread (in-memory databases, other journal modes).
   */
  readonly syncWal?: (() => Promise<void>) | null;
}

/**
 * fdatasync of the database's WAL file (a WAL checkpointed away and removed needs nothing). The
 * open and close are made here, on the calling thread (the WAL is on the bench's own disk, where
 * SQLite itself just wrote to it synchronously), and only the fdatasync goes to the thread pool:
 * each pool round trip costs a turn of the event loop, and a group's durability waited for three.
 */
export function walSyncer(db: SqliteDatabase): (() => Promise<void>) | null {
  if (db.memory || String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  const wal = `${db.name}-wal`;
  return () => {
    let fd: number;
    try {
      fd = fsSync.openSync(wal, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Promise.resolve();
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      fsSync.fdatasync(fd, (error) => {
        try {
          fsSync.closeSync(fd);
        } catch {
          // Closing a read-only descriptor after its sync: nothing can be lost.
        }
        if (error) reject(error);
        else resolve();
      });
    });
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
  /** A flush asked for later (a commit's syncWithinMs); the next flush, whoever starts it, cancels it. */
  let later: { readonly timer: NodeJS.Timeout; readonly at: number } | null = null;
  /**
   * A WAL sync is in flight: a group that comes due meanwhile waits for it and then commits with
   * everything that arrived until then (one commit and one sync for all of it, instead of one of
   * each per turn of the event loop, each sync a flush of the bench's disk).
   */
  let syncing = false;
  let dueAfterSync = false;
  let commits = 0;
  let units = 0;

  /** Run `sync`, then `done`; a group that came due meanwhile is flushed right after. */
  const syncThen = (done: (error: unknown) => void) => {
    syncing = true;
    (syncWal as () => Promise<void>)()
      .then(
        () => done(null),
        (error: unknown) => done(error ?? new Error('the WAL sync failed')),
      )
      .finally(() => {
        syncing = false;
        if (dueAfterSync) flush();
      });
  };

  /**
   * A group that could not be committed: its callers get `error`; what writeNow committed before
   * it still only needs the WAL sync (a WAL that a close checkpointed and removed needs none).
   */
  const lose = (group: readonly Pending[], error: unknown): void => {
    for (const unit of group) if (!unit.syncOnly) unit.reject(error);
    const earlier = group.filter((unit) => unit.syncOnly);
    if (earlier.length === 0) return;
    const settleEarlier = (syncError: unknown) => earlier.forEach((unit) => (syncError ? unit.reject(syncError) : unit.resolve(undefined)));
    if (syncWal) syncThen(settleEarlier);
    else settleEarlier(null);
  };

  const flush = (): void => {
    scheduled = false;
    if (later) {
      clearTimeout(later.timer);
      later = null;
    }
    if (syncing) {
      dueAfterSync = true;
      return;
    }
    dueAfterSync = false;
    const group = pending;
    pending = [];
    if (group.length === 0) return;
    // Closed (the bench is stopping) while a group waited for a sync: its callers hear it, the
    // process does not crash.
    if (!db.open) return lose(group, new BenchError('JOURNAL_UNAVAILABLE', 'the journal was closed before this step could be recorded'));
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
      return lose(group, error);
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
    syncThen((error) => {
      if (error) for (const unit of group) unit.reject(error);
      else settle();
    });
  };

  const flushLater = (ms: number) => {
    const at = Date.now() + ms;
    if (scheduled || (later && later.at <= at)) return;
    if (later) clearTimeout(later.timer);
    const timer = setTimeout(() => {
      later = null;
      if (!scheduled) flush();
    }, ms);
    later = { timer, at };
  };
  const commit = <T>(work: () => T, syncOnly = false, syncWithinMs?: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      pending.push({ work, syncOnly, resolve: resolve as (value: unknown) => void, reject });
      if (syncWithinMs !== undefined) return flushLater(syncWithinMs);
      if (!scheduled) {
        scheduled = true;
        // After the I/O callbacks of this turn: everything that became ready together commits together.
        setImmediate(flush);
      }
    });

  return {
    commit: (work, commitOptions = {}) => commit(work, false, commitOptions.syncWithinMs),
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
