import { z } from 'zod';
import {
  calls,
  isCallName,
  type CallName,
  type CallRequest,
  type CallResponse,
  type CallContext,
  type CallResult,
} from '../../shared/contract';
import { BenchError, ERROR_MESSAGES, toErrorData } from '../../shared/errors';

export type CallHandlers = {
  readonly [N in CallName]: (request: z.output<(typeof calls)[N]['request']>, context: CallContext) =>
    | Promise<CallResponse<N>>
    | CallResponse<N>;
};

export interface DispatchHooks {
  /** Refuse a call before it runs (e.g. admin calls while the kiosk is locked). */
  readonly authorise?: (method: CallName, context: CallContext) => void;
  readonly onError?: (method: string, error: unknown) => void;
  /** Turn a failure the handler did not code (e.g. a SQLite error) into a coded one. */
  readonly translate?: (error: unknown) => unknown;
}

/**
 * The single entry for every call from every front door: unknown names, unauthorised callers and
 * malformed payloads are refused with stable codes (in that order), handlers run, and what they
 * answer is checked against the contract before it leaves the core.
 */
export async function dispatch(
  handlers: CallHandlers,
  method: unknown,
  params: unknown,
  context: CallContext,
  hooks: DispatchHooks = {},
): Promise<CallResult> {
  if (!isCallName(method)) {
    return {
      ok: false,
      error: {
        code: 'CONTRACT_UNKNOWN_CALL',
        message: ERROR_MESSAGES.CONTRACT_UNKNOWN_CALL,
        detail: `unknown call: ${typeof method === 'string' ? method.slice(0, 80) : typeof method}`,
      },
    };
  }
  // Authorise before looking at the parameters: a refused caller (a locked kiosk station) gets the
  // same answer whatever it sends, and learns nothing about the shape of calls it may not make.
  try {
    hooks.authorise?.(method, context);
  } catch (error) {
    hooks.onError?.(method, error);
    return { ok: false, error: toErrorData(error) };
  }
  const spec = calls[method];
  const request = spec.request.safeParse(params ?? {});
  if (!request.success) {
    return {
      ok: false,
      error: {
        code: 'CONTRACT_INVALID_REQUEST',
        message: ERROR_MESSAGES.CONTRACT_INVALID_REQUEST,
        detail: `${method}: ${z.prettifyError(request.error)}`,
      },
    };
  }
  try {
    const handler = handlers[method] as (req: unknown, ctx: CallContext) => unknown;
    const value = await handler(request.data, context);
    const response = spec.response.safeParse(value);
    if (!response.success) {
      throw new BenchError('CONTRACT_INVALID_RESPONSE', `${method}: ${z.prettifyError(response.error)}`);
    }
    return { ok: true, value: response.data };
  } catch (error) {
    hooks.onError?.(method, error);
    return { ok: false, error: toErrorData(hooks.translate ? hooks.translate(error) : error) };
  }
}

/** Unwrap a result for in-process callers (the CLI): throws the BenchError it carries. */
export function unwrap<N extends CallName>(result: CallResult): CallResponse<N> {
  if (result.ok) return result.value as CallResponse<N>;
  throw new BenchError(result.error.code, result.error.detail, result.error.message);
}

export type { CallRequest };
