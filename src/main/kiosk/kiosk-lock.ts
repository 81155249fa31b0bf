import { calls, type CallName } from '../../shared/contract';
import { BenchError } from '../../shared/errors';
import type { KioskState } from '../../shared/models/kiosk';
import type { Clock } from '../platform/clock';
import type { CallContext } from '../../shared/contract';
import type { SqliteDatabase } from '../journal/database';
import type { JournalEventInput } from '../journal/journal-events';
import type { AdminPin } from './admin-pin';
import { kioskSetting } from './kiosk-setting';

// Kiosk mode and its lock (docs/KIOSK.md).
//
// - `enabled` is persisted (settings row kioskEnabled) and re-read on every check, so a change
//   made by another process on the same data folder (the CLI) takes effect here too.
// - `locked` is per running core: a core that starts with kiosk mode on starts locked. The admin
//   PIN opens an admin window that lasts until lockKiosk, leaving kiosk mode, or IDLE: no admin
//   call for `idleLockMs` (open calls such as the station's own polling do not keep it open).
// - authorise() runs in the dispatcher before every call from every front door: while locked,
//   every call whose contract access is 'admin' is refused with KIOSK_LOCKED. The CLI is exempt:
//   it runs as the machine's own user, who can read and write the data folder directly anyway.

export const DEFAULT_IDLE_LOCK_MS = 5 * 60_000;
export const KIOSK_STATE_KIND = 'kiosk-state';

type Mode = 'off' | 'locked' | 'unlocked';

export interface KioskLock {
  state(): KioskState;
  authorise(method: CallName, context: CallContext): void;
  enter(context: CallContext, reason?: string): KioskState;
  unlock(pin: string, context: CallContext): Promise<KioskState>;
  lock(context: CallContext): KioskState;
  leave(pin: string, context: CallContext): Promise<KioskState>;
  setPin(request: { currentPin?: string | undefined; newPin: string }, context: CallContext): Promise<KioskState>;
  /** Stop the watch timer. */
  close(): void;
}

export interface KioskLockOptions {
  readonly db: SqliteDatabase;
  readonly clock: Clock;
  readonly pin: AdminPin;
  readonly append: (input: JournalEventInput) => unknown;
  /** Called with the new state whenever anything a screen shows has changed (kioskChanged). */
  readonly emit: (state: KioskState) => void;
  readonly idleLockMs?: number;
  /**
   * How often to look for changes nobody called about: the idle lock falling due, the back-off
   * ending, another process entering or leaving kiosk mode. null: only when called (tests).
   */
  readonly watchMs?: number | null;
  /** A failed background check is reported here; it must never crash the process. */
  readonly onWatchError?: (error: unknown) => void;
}

/** The CLI runs as the machine's own user; see the header comment. */
export function isTrustedDoor(context: CallContext): boolean {
  return context.door === 'cli';
}

export function createKioskLock(options: KioskLockOptions): KioskLock {
  const { clock, pin, append } = options;
  const idleLockMs = options.idleLockMs ?? DEFAULT_IDLE_LOCK_MS;
  const setting = kioskSetting(options.db);
  /** Epoch ms at which the admin window closes; null while locked. */
  let unlockedUntil: number | null = null;
  let lastEmitted = '';

  const record = (from: Mode, to: Mode, message: string) => {
    if (from !== to) append({ kind: KIOSK_STATE_KIND, fromState: from, toState: to, message });
  };

  const mode = (): Mode => (!setting.read() ? 'off' : unlockedUntil === null ? 'locked' : 'unlocked');

  /** Apply the idle lock if it fell due, then describe the state. */
  const current = (): KioskState => {
    const enabled = setting.read();
    if (!enabled) {
      unlockedUntil = null;
    } else if (unlockedUntil !== null && clock.now() >= unlockedUntil) {
      unlockedUntil = null;
      record('unlocked', 'locked', `no admin activity for ${Math.round(idleLockMs / 1000)} s`);
    }
    const status = pin.status();
    return {
      enabled,
      locked: enabled && unlockedUntil === null,
      pinSet: status.pinSet,
      failures: status.failures,
      backoffUntil: status.backoffUntil === null ? null : new Date(status.backoffUntil).toISOString(),
      unlockedUntil: unlockedUntil === null ? null : new Date(unlockedUntil).toISOString(),
      idleLockSeconds: Math.max(1, Math.round(idleLockMs / 1000)),
    };
  };

  /** The state, pushed to every screen if it differs from what they last heard. */
  const refresh = (): KioskState => {
    const state = current();
    const serialised = JSON.stringify(state);
    if (serialised !== lastEmitted) {
      lastEmitted = serialised;
      options.emit(state);
    }
    return state;
  };
  lastEmitted = JSON.stringify(current());

  const timer =
    options.watchMs === null
      ? null
      : setInterval(() => {
          try {
            refresh();
          } catch (error) {
            options.onWatchError?.(error);
          }
        }, options.watchMs ?? 2_000);
  timer?.unref();

  /**
   * Run a PIN check. A refusal changes the failure count and back-off, which screens show, so it
   * is pushed at once; on success the caller pushes the state it leads to.
   */
  const withPin = async (check: () => Promise<void>): Promise<void> => {
    try {
      await check();
    } catch (error) {
      refresh();
      throw error;
    }
  };

  return {
    state: refresh,

    authorise(method, context) {
      if (calls[method].access !== 'admin' || isTrustedDoor(context)) return;
      const state = refresh();
      if (state.locked) throw new BenchError('KIOSK_LOCKED', `${method} needs the admin PIN while the station is in kiosk mode`);
      // Admin activity keeps the admin window open.
      if (state.enabled) unlockedUntil = clock.now() + idleLockMs;
    },

    enter(context, reason = `entered from ${context.door}`) {
      if (!pin.status().pinSet) throw new BenchError('KIOSK_PIN_NOT_SET', 'set an admin PIN before entering kiosk mode');
      const from = mode();
      options.db.transaction(() => {
        setting.write(true);
        record(from, 'locked', reason);
      })();
      unlockedUntil = null;
      return refresh();
    },

    async unlock(given, context) {
      // Outside kiosk mode there is nothing to unlock, and no PIN is asked for.
      if (mode() === 'off') return refresh();
      await withPin(() => pin.verify(given, 'unlock', context));
      const from = mode();
      unlockedUntil = clock.now() + idleLockMs;
      record(from, 'unlocked', `unlocked from ${context.door}`);
      return refresh();
    },

    lock(context) {
      const from = mode();
      unlockedUntil = null;
      record(from, mode(), `locked from ${context.door}`);
      return refresh();
    },

    async leave(given, context) {
      if (mode() === 'off') return refresh();
      await withPin(() => pin.verify(given, 'leave', context));
      const from = mode();
      options.db.transaction(() => {
        setting.write(false);
        record(from, 'off', `left from ${context.door}`);
      })();
      unlockedUntil = null;
      return refresh();
    },

    async setPin(request, context) {
      if (!pin.status().pinSet) {
        await pin.set(request.newPin, 'set', context);
      } else if (request.currentPin !== undefined) {
        await withPin(() => pin.change(request.currentPin as string, request.newPin, context));
      } else if (isTrustedDoor(context)) {
        // The machine's admin forgot the PIN: they can write the data folder anyway (see above).
        await pin.set(request.newPin, 'reset', context);
      } else {
        throw new BenchError('KIOSK_PIN_CURRENT_REQUIRED');
      }
      return refresh();
    },

    close() {
      if (timer) clearInterval(timer);
    },
  };
}
