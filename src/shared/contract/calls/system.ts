import { BenchStatus } from '../../models/status';
import { defineCall, NoParams } from '../define';

export const systemCalls = {
  getStatus: defineCall({
    request: NoParams,
    response: BenchStatus,
    access: 'open',
    summary: 'App version, data folder, journal schema version and which native modules loaded.',
  }),
} as const;
