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

/**
 * The data part of a request, field by field (a rest-and-spread copy cost about 4 µs a staging on
 * Node 20: V8's slow path for objects built from another with properties added). A data field
 * added to StageProfileRequest is added here and where the worker rebuilds the request.
 */
export function toWireRequest(
  request: StageProfileRequest,
  bytes: Uint8Array | null,
  now: number,
  gated: boolean,
  wantsProgress: boolean,
): WireRequest {
  return {
    root: request.root,
    expectedRoot: request.expectedRoot,
    kind: request.kind,
    sha256: request.sha256,
    displayName: request.displayName,
    instructions: request.instructions,
    chunkSize: request.chunkSize,
    network: request.network,
    bytes,
    now,
    gated,
    wantsProgress,
  };
}

/** What only the worker's side has: the bytes it keeps, its calls, the gates and callbacks. */
export type LiveParts = Pick<
  StageProfileRequest,
  'bytes' | 'clock' | 'signal' | 'fileOps' | 'journalled' | 'onProgress' | 'onVerifying' | 'onMovingAside'
>;

/** The request again on the worker's side, field by field as toWireRequest made it. */
export function fromWireRequest(wire: WireRequest, live: LiveParts): StageProfileRequest {
  return {
    root: wire.root,
    expectedRoot: wire.expectedRoot,
    kind: wire.kind,
    sha256: wire.sha256,
    displayName: wire.displayName,
    instructions: wire.instructions,
    chunkSize: wire.chunkSize,
    network: wire.network,
    bytes: live.bytes,
    clock: live.clock,
    signal: live.signal,
    fileOps: live.fileOps,
    journalled: live.journalled,
    onProgress: live.onProgress,
    onVerifying: live.onVerifying,
    onMovingAside: live.onMovingAside,
  };
}

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
  | { readonly type: 'moving-aside'; readonly id: number; readonly call: number; readonly from: string; readonly to: string }
  /**
   * The end of a staging. `verifying`: the copy reached its final name on the way (the stager's
   * onVerifying came), so the core records "verifying" before it settles the result or failure.
   */
  | { readonly type: 'done'; readonly id: number; readonly verifying: boolean; readonly result: StageProfileResult }
  | { readonly type: 'failed'; readonly id: number; readonly verifying: boolean; readonly error: WireError };

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
