// The messages between the core and a staging worker (staging-worker.ts ↔ worker-stager.ts).
// Everything a StageProfileRequest holds that is not data — the journal's gates, the callbacks, the
// abort signal, the clock — crosses as a message, so the worker never decides anything the core
// decides: it does the file calls, and waits for the core's word where the stager waits.
import { BenchError, type BenchErrorData } from '../../shared/errors';
import type { StageProfileRequest, StageProfileResult } from './stage-profile';

/** The data part of a request. */
export type WireRequest = Omit<
  StageProfileRequest,
  'clock' | 'signal' | 'onProgress' | 'onVerifying' | 'journalled' | 'onMovingAside' | 'fileOps' | 'bytes'
> & {
  /** The profile's bytes, or null: the same as the last staging this worker was sent (a batch's profile crosses once). */
  readonly bytes: Uint8Array | null;
  /** The core's clock when the job was handed over (the worker's runs on from there). */
  readonly now: number;
  readonly gated: boolean;
  readonly wantsProgress: boolean;
};

export type ToWorker =
  | { readonly type: 'stage'; readonly id: number; readonly request: WireRequest }
  /** The journal holds the destination durably (ok), or could not record it. */
  | { readonly type: 'journalled'; readonly id: number; readonly ok: boolean }
  /** The core's answer to a callback the worker waits on (onMovingAside). */
  | { readonly type: 'answer'; readonly id: number; readonly call: number; readonly error: WireError | null }
  | { readonly type: 'abort'; readonly id: number };

export type FromWorker =
  /** The worker's script has loaded and listens (a script that cannot load never says this). */
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly id: number; readonly written: number; readonly total: number }
  /** The copy is at its final name (the core records "verifying"; the result waits for that record). */
  | { readonly type: 'verifying'; readonly id: number }
  | { readonly type: 'moving-aside'; readonly id: number; readonly call: number; readonly from: string; readonly to: string }
  | { readonly type: 'done'; readonly id: number; readonly result: StageProfileResult }
  | { readonly type: 'failed'; readonly id: number; readonly error: WireError };

/** An error as it crosses: a BenchError keeps its code and detail; an errno error its code. */
export interface WireError {
  readonly bench: BenchErrorData | null;
  readonly message: string;
  readonly errno: string | null;
  readonly tempLeftBehind: string | null;
  /**
   * The error came from the core's own answer to callback `fromCall` (a journal failure in
   * onVerifying): the core rethrows its original error object, not this copy.
   */
  readonly fromCall: number | null;
}

export function toWire(error: unknown): WireError {
  const tempLeftBehind = (error as { tempLeftBehind?: string | null } | null)?.tempLeftBehind ?? null;
  const fromCall = (error as { fromCall?: number } | null)?.fromCall ?? null;
  if (error instanceof BenchError) return { bench: error.toData(), message: error.message, errno: null, tempLeftBehind, fromCall };
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  return {
    bench: null,
    message: error instanceof Error ? error.message : String(error),
    errno: typeof errno === 'string' ? errno : null,
    tempLeftBehind,
    fromCall,
  };
}

/** The error again, on the other side: a BenchError with its code, or an Error with its errno; tempLeftBehind kept. */
export function fromWire(error: WireError): Error {
  const made = error.bench
    ? new BenchError(error.bench.code, error.bench.detail, error.bench.message)
    : Object.assign(new Error(error.message), error.errno ? { code: error.errno } : {});
  if (error.tempLeftBehind) Object.assign(made, { tempLeftBehind: error.tempLeftBehind });
  if (error.fromCall !== null) Object.assign(made, { fromCall: error.fromCall });
  return made;
}
