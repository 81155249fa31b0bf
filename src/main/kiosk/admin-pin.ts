import { BenchError } from '../../shared/errors';
import type { Clock } from '../platform/clock';
import type { CallContext } from '../../shared/contract';
import type { SqliteDatabase } from '../journal/database';
import type { JournalEventInput } from '../journal/journal-events';
import { kioskPinRows, type KioskPinRow as PinRow } from '../journal/kiosk-pin-rows';
import { backoffUntil, DEFAULT_BACKOFF, isBackedOff, type BackoffPolicy } from './pin-backoff';
import { checkPinPolicy, DEFAULT_SCRYPT, hashPin, parseParams, pinMatches, serialiseParams, type PinHash, type ScryptParams } from './pin-hash';

// The admin PIN store: one row in kiosk_pin. Every attempt to use the PIN — accepted, wrong, or
// refused by the back-off — is one journal row, written in the same transaction as the failure
// count it changes. The PIN itself never leaves this module: not in rows, events, logs or errors.

export type PinPurpose = 'unlock' | 'leave' | 'change-pin';
export type PinSetHow = 'set' | 'changed' | 'reset';

export interface AdminPinStatus {
  readonly pinSet: boolean;
  readonly failures: number;
  /** Epoch ms before which no PIN is checked, or null. */
  readonly backoffUntil: number | null;
}

export interface AdminPin {
  status(): AdminPinStatus;
  /** Check the PIN; resolves when it is right, throws KIOSK_PIN_NOT_SET / _BACKOFF / _WRONG otherwise. */
  verify(pin: string, purpose: PinPurpose, context: CallContext): Promise<void>;
  /** Replace the PIN after checking the current one (an attempt like any other). */
  change(currentPin: string, newPin: string, context: CallContext): Promise<void>;
  /** Store a PIN without asking for the current one: first set-up, or a reset by the machine's admin. */
  set(newPin: string, how: Exclude<PinSetHow, 'changed'>, context: CallContext): Promise<void>;
}

export interface AdminPinOptions {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly append: (input: JournalEventInput) => unknown;
  readonly scrypt?: ScryptParams;
  readonly backoff?: BackoffPolicy;
}

export const PIN_ATTEMPT_KIND = 'kiosk-pin-attempt';
export const PIN_SET_KIND = 'kiosk-pin-set';

export function createAdminPin(options: AdminPinOptions): AdminPin {
  const { db, clock, append } = options;
  const scrypt = options.scrypt ?? DEFAULT_SCRYPT;
  const policy = options.backoff ?? DEFAULT_BACKOFF;

  const rows = kioskPinRows(db);

  const lastFailureMs = (row: PinRow) => (row.last_failure_at === null ? null : Date.parse(row.last_failure_at));

  // Attempts run one at a time. Without this, a burst of parallel requests would all pass the
  // back-off check before the first wrong PIN was counted, and the back-off would be bypassed.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const attempt = (purpose: PinPurpose, context: CallContext, outcome: 'accepted' | 'refused', code: string | null, message: string) =>
    append({ kind: PIN_ATTEMPT_KIND, toState: outcome, code, message: `${purpose} from ${context.door}: ${message}` });

  /**
   * Before any scrypt, in one BEGIN IMMEDIATE transaction on the shared journal: refuse when no PIN
   * is set or the back-off runs, else count this attempt as a failure now. Every door and every
   * process on the same data folder goes through this row, so twenty `kiosk leave` processes at
   * once get as many checks as the back-off allows, not twenty.
   */
  // A refusal is returned, not thrown: a throw would roll back the journalled attempt with it.
  const reserve = db.transaction((purpose: PinPurpose, context: CallContext): { row: PinRow; failures: number; at: string } | { refused: BenchError } => {
    const row = rows.read();
    if (!row) {
      attempt(purpose, context, 'refused', 'KIOSK_PIN_NOT_SET', 'no admin PIN is set');
      return { refused: new BenchError('KIOSK_PIN_NOT_SET') };
    }
    const now = clock.now();
    // Refused attempts during the wait are journalled but not counted: pressing keys during the
    // wait must not lengthen it for the admin who comes to fix things, and no PIN is tried anyway.
    if (isBackedOff(row.failures, lastFailureMs(row), now, policy)) {
      const until = new Date(backoffUntil(row.failures, lastFailureMs(row), policy) ?? now).toISOString();
      attempt(purpose, context, 'refused', 'KIOSK_PIN_BACKOFF', `not checked, waiting until ${until} after ${row.failures} wrong PINs`);
      return { refused: new BenchError('KIOSK_PIN_BACKOFF', `try again after ${until}`) };
    }
    const at = new Date(now).toISOString();
    rows.recordFailure(at);
    return { row, failures: row.failures + 1, at };
  });

  /** The checks shared by verify and change; must run inside oneAtATime. */
  const checkPin = async (pin: string, purpose: PinPurpose, context: CallContext): Promise<void> => {
    // A process killed during the check leaves the attempt counted as wrong: the safe side.
    const reserved = reserve.immediate(purpose, context);
    if ('refused' in reserved) throw reserved.refused;
    const { row, failures, at } = reserved;
    const stored: PinHash = { hash: row.hash, salt: row.salt, params: parseParams(row.params_json) };
    const right = await pinMatches(pin, stored);
    if (!right) {
      attempt(purpose, context, 'refused', 'KIOSK_PIN_WRONG', `wrong PIN, ${failures} in a row`);
      const until = backoffUntil(failures, Date.parse(at), policy);
      throw new BenchError(
        'KIOSK_PIN_WRONG',
        until === null
          ? `${failures} wrong in a row; ${policy.freeAttempts - failures} more before a wait`
          : `${failures} wrong in a row; the next try is possible after ${new Date(until).toISOString()}`,
      );
    }
    db.transaction(() => {
      rows.clearFailures();
      attempt(purpose, context, 'accepted', null, 'right PIN');
    }).immediate();
  };

  const store = async (newPin: string, how: PinSetHow, context: CallContext): Promise<void> => {
    const hashed = await hashPin(newPin, scrypt);
    db.transaction(() => {
      rows.store(serialiseParams(hashed.params), hashed.salt, hashed.hash, new Date(clock.now()).toISOString());
      append({ kind: PIN_SET_KIND, toState: how, message: `admin PIN ${how} from ${context.door}` });
    })();
  };

  return {
    status() {
      const row = rows.read();
      if (!row) return { pinSet: false, failures: 0, backoffUntil: null };
      const until = backoffUntil(row.failures, lastFailureMs(row), policy);
      return { pinSet: true, failures: row.failures, backoffUntil: until !== null && clock.now() < until ? until : null };
    },
    verify: (pin, purpose, context) => oneAtATime(() => checkPin(pin, purpose, context)),
    change: (currentPin, newPin, context) =>
      oneAtATime(async () => {
        // Check the new PIN first, so a typo in it does not spend a PIN attempt.
        checkPinPolicy(newPin);
        await checkPin(currentPin, 'change-pin', context);
        await store(newPin, 'changed', context);
      }),
    set: (newPin, how, context) =>
      oneAtATime(async () => {
        checkPinPolicy(newPin);
        await store(newPin, how, context);
      }),
  };
}
