import type { BenchStatus } from '../../../shared/models/status';
import type { CallHandlers } from '../dispatch';

export function systemHandlers(deps: { status: () => BenchStatus }): Pick<CallHandlers, 'getStatus'> {
  return {
    getStatus: () => deps.status(),
  };
}
