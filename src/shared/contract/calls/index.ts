import type { z } from 'zod';
import { stagingCalls } from './staging';
import { kioskCalls } from './kiosk';
import { profileCalls } from './profiles';
import { systemCalls } from './system';
import { targetCalls } from './targets';
import { intuneCalls } from './intune';

// The one API between UI and core. Every front door (Electron IPC, the web-host WebSocket, the
// CLI) goes through the same dispatcher, which validates each request and response against
// these schemas. Calls are grouped by domain, one file each; add a call to its domain file, its
// name to ../call-names.ts, and its handler under src/main/core/handlers/.
export const calls = {
  ...systemCalls,
  ...stagingCalls,
  ...kioskCalls,
  ...targetCalls,
  ...profileCalls,
  ...intuneCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
export type CallResponse<N extends CallName> = z.output<Calls[N]['response']>;

export function isCallName(value: unknown): value is CallName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(calls, value);
}
