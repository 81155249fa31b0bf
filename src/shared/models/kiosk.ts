import { z } from 'zod';
import { IsoTime } from './common';

/** The admin PIN policy: 4 to 12 digits (a number pad is all a station may have). */
export const PIN_POLICY = /^[0-9]{4,12}$/;

/**
 * A PIN as it travels in a request. Deliberately loose: the core applies PIN_POLICY itself, so a
 * malformed PIN is refused with a kiosk code (and counts as a wrong attempt when unlocking) rather
 * than with a schema error whose detail could describe what was typed.
 */
export const PinInput = z.string().max(64);

/**
 * What every screen may know about kiosk mode. Never holds the PIN or its hash.
 * - enabled: the station is in kiosk mode (persists across restarts);
 * - locked: admin calls are refused until the admin PIN is entered (always false when not enabled);
 * - unlockedUntil: when an unlocked admin window locks itself again for lack of admin activity;
 * - backoffUntil: no PIN is checked before this instant (after repeated wrong PINs).
 */
export const KioskState = z.object({
  enabled: z.boolean(),
  locked: z.boolean(),
  pinSet: z.boolean(),
  failures: z.number().int().nonnegative(),
  backoffUntil: IsoTime.nullable(),
  unlockedUntil: IsoTime.nullable(),
  idleLockSeconds: z.number().int().positive(),
});
export type KioskState = Readonly<z.infer<typeof KioskState>>;
