import type { SqliteDatabase } from './database';

// Group commit: the journal's durable commit (an fsync of the WAL at synchronous=FULL) is the
// cost of every transition. When many targets stage at once their transitions arrive within the
// same turn of the event loop; this writer runs whatever is pending in ONE transaction, and only
// when that transaction has committed (is durable) does any caller's promise resolve — so a
// caller that announces after `await` never announces anything that a crash could take back.
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

export function createGroupCommitter(db: SqliteDatabase): GroupCommitter {
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
    try {
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
    }
    commits += 1;
    units += group.length;
    group.forEach((unit, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) unit.resolve(outcome.value);
      else unit.reject(outcome ? outcome.error : new Error('group commit lost a unit'));
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
