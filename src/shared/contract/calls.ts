import { z } from 'zod';
import { BenchStatus } from '../models/status';
import { defineCall, NoParams } from './define';

// The one API between UI and core. Every front door (Electron IPC, the web-host WebSocket, the
// CLI) goes through the same dispatcher, which validates each request and response against
// these schemas. Add a call here, implement it in src/main/core, and every door has it.
export const calls = {
  getStatus: defineCall({
    request: NoParams,
    response: BenchStatus,
    access: 'open',
    summary: 'App version, data folder, journal schema version and which native modules loaded.',
  }),
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['response']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(calls, value);
}
