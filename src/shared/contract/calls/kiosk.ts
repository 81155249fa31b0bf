import { z } from 'zod';
import { KioskState, PinInput } from '../../models/kiosk';
import { defineCall, NoParams } from '../define';

// Kiosk mode (docs/KIOSK.md). The calls that let someone *leave* or *relock* the station are open:
// a locked station must be able to reach them. Everything that changes the set-up is admin.
export const kioskCalls = {
  getKioskState: defineCall({
    request: NoParams,
    response: KioskState,
    access: 'open',
    summary: 'Whether kiosk mode is on, locked, has a PIN, and any wrong-PIN wait.',
  }),
  enterKiosk: defineCall({
    request: NoParams,
    response: KioskState,
    access: 'admin',
    summary: 'Turn kiosk mode on (needs an admin PIN set first); the station starts locked.',
  }),
  unlockKiosk: defineCall({
    request: z.object({ pin: PinInput }).strict(),
    response: KioskState,
    access: 'open',
    summary: 'Unlock the admin functions of a kiosk station with the admin PIN, until it is locked or idle.',
  }),
  lockKiosk: defineCall({
    request: NoParams,
    response: KioskState,
    access: 'open',
    summary: 'Lock the kiosk station again at once.',
  }),
  leaveKiosk: defineCall({
    request: z.object({ pin: PinInput }).strict(),
    response: KioskState,
    access: 'open',
    summary: 'Leave kiosk mode with the admin PIN (it stays off after a restart).',
  }),
  setKioskPin: defineCall({
    request: z.object({ currentPin: PinInput.optional(), newPin: PinInput }).strict(),
    response: KioskState,
    access: 'admin',
    summary: 'Set the admin PIN (4 to 12 digits); changing it needs the current PIN.',
  }),
} as const;
