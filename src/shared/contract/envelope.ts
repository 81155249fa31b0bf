import { z } from 'zod';
import { ERROR_MESSAGES, type BenchErrorData, type ErrorCode } from '../errors';
import { calls, isCallName, type CallName, type CallResponse } from './calls/index';
import { events, isEventName, type BenchEvent } from './events';

// Wire shapes shared by both transports. The WebSocket carries them as JSON text; Electron IPC
// carries them as structured clones. Both are validated with the same functions.

const ErrorCodeSchema = z.enum(Object.keys(ERROR_MESSAGES) as [ErrorCode, ...ErrorCode[]]);

export const ErrorDataSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  detail: z.string().optional(),
});

export type CallResult<T = unknown> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: BenchErrorData };

/** A request as it arrives from a client: a call name and its parameters. */
export const RequestFrame = z.object({
  id: z.number().int().nonnegative(),
  method: z.string(),
  params: z.unknown(),
});
export type RequestFrame = z.infer<typeof RequestFrame>;

export type ResponseFrame = { readonly id: number } & CallResult;
export type EventFrame = { readonly event: BenchEvent };

/** Validate a result for `method` as received by a client (renderer side). */
export function parseCallResult<N extends CallName>(method: N, raw: unknown): CallResult<CallResponse<N>> {
  const shape = z.union([
    z.object({ ok: z.literal(true), value: z.unknown() }),
    z.object({ ok: z.literal(false), error: ErrorDataSchema }),
  ]);
  const parsed = shape.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: { code: 'CONTRACT_INVALID_RESPONSE', message: ERROR_MESSAGES.CONTRACT_INVALID_RESPONSE } };
  }
  if (!parsed.data.ok) return { ok: false, error: parsed.data.error };
  const value = calls[method].response.safeParse(parsed.data.value);
  if (!value.success) {
    return {
      ok: false,
      error: {
        code: 'CONTRACT_INVALID_RESPONSE',
        message: ERROR_MESSAGES.CONTRACT_INVALID_RESPONSE,
        detail: z.prettifyError(value.error),
      },
    };
  }
  return { ok: true, value: value.data as CallResponse<N> };
}

/** Validate a pushed event; returns null for anything the contract does not define. */
export function parseEvent(raw: unknown): BenchEvent | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { name, payload } = raw as { name?: unknown; payload?: unknown };
  if (!isEventName(name)) return null;
  const parsed = events[name].safeParse(payload);
  if (!parsed.success) return null;
  return { name, payload: parsed.data } as BenchEvent;
}

export { isCallName };
