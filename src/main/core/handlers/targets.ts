import { decodeUsbDevice } from '../../devices/usb/classify-usb';
import type { TargetScanner } from '../../devices/scanner';
import type { Target } from '../../../shared/models/target';
import type { targetCalls } from '../../../shared/contract/calls/targets';
import type { CallHandlers } from '../dispatch';

type TargetCallName = keyof typeof targetCalls;

export interface TargetHandlerDeps {
  readonly scanner: TargetScanner;
  readonly watching: () => boolean;
  /** Keep what a call saw for staging, and add what the session knows (serial numbers). */
  readonly remember: (targets: readonly Target[]) => Target[];
}

export function targetHandlers(deps: TargetHandlerDeps): Pick<CallHandlers, TargetCallName> {
  return {
    // Watching: the live map. Not watching (CLI `targets`, `status`): one fresh look.
    listTargets: async () => deps.remember(deps.watching() ? await deps.scanner.list() : await deps.scanner.scanOnce()),
    rescanTargets: async () => deps.remember(await deps.scanner.rescan()),
    getDiscoveryStatus: () => deps.scanner.status(),
    decodeUsbDevice: (request) =>
      decodeUsbDevice({ vendorId: request.vendorId, productId: request.productId, serialString: request.serialString ?? null }),
  };
}
