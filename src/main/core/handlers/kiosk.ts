import type { KioskLock } from '../../kiosk/kiosk-lock';
import type { kioskCalls } from '../../../shared/contract/calls/kiosk';
import type { CallHandlers } from '../dispatch';

type KioskCallName = keyof typeof kioskCalls;

export function kioskHandlers(lock: KioskLock): Pick<CallHandlers, KioskCallName> {
  return {
    getKioskState: () => lock.state(),
    enterKiosk: (_request, context) => lock.enter(context),
    unlockKiosk: (request, context) => lock.unlock(request.pin, context),
    lockKiosk: (_request, context) => lock.lock(context),
    leaveKiosk: (request, context) => lock.leave(request.pin, context),
    setKioskPin: (request, context) => lock.setPin(request, context),
  };
}
