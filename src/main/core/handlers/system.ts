import type { BenchStatus } from '../../../shared/models/status';
import type { systemCalls } from '../../../shared/contract/calls/system';
import type { CallHandlers } from '../dispatch';

export function systemHandlers(deps: { status: () => BenchStatus }): Pick<CallHandlers, keyof typeof systemCalls> {
  return {
    getStatus: () => deps.status(),
  };
}
