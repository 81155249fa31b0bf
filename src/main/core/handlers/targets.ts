import { decodeUsbDevice } from '../../devices/usb/classify-usb';
import type { TargetScanner } from '../../devices/scanner';
import type { CallHandlers } from '../dispatch';

type TargetCallName = 'listTargets' | 'rescanTargets' | 'getDiscoveryStatus' | 'decodeUsbDevice';

export function targetHandlers(deps: { scanner: TargetScanner; watching: () => boolean }): Pick<CallHandlers, TargetCallName> {
  return {
    // Watching: the live map. Not watching (CLI `targets`, `status`): one fresh look.
    listTargets: () => (deps.watching() ? deps.scanner.list() : deps.scanner.scanOnce()),
    rescanTargets: () => deps.scanner.rescan(),
    getDiscoveryStatus: () => deps.scanner.status(),
    decodeUsbDevice: (request) =>
      decodeUsbDevice({ vendorId: request.vendorId, productId: request.productId, serialString: request.serialString ?? null }),
  };
}
