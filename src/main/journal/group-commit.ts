import fs from 'node:fs/promises';
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
  readonly stats: GroupCommitStats;
}

interface Pending {
  readonly work: () => unknown;
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
    const previous = syncWal ? (db.pragma('synchronous', { simple: true }) as number) : null;
    try {
      if (syncWal) db.pragma('synchronous = NORMAL');
      db.transaction(() => {
        for (const unit of group) {
          try {
            // A nested better-sqlite3 transaction is a savepoint: a throw undoes this unit only.
            outcomes.push({ ok: true, value: db.transaction(unit.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      for (const unit of group) unit.reject(error);
      return;
    } finally {
      if (previous !== null) db.pragma(`synchronous = ${previous}`);
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

  return {
    commit<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
        if (!scheduled) {
          scheduled = true;
          // After the I/O callbacks of this turn: everything that became ready together commits together.
          setImmediate(flush);
        }
      });
    },
    get stats(): GroupCommitStats {
      return { commits, units };
    },
  };
}
