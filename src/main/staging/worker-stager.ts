// Staging on worker threads: the same stager (stage-profile.ts), its file calls made directly on a
// worker instead of through libuv's thread pool (staging-worker.ts says why). This module is the
// core's side: one worker per JOBS_PER_WORKER stagings at once (the staging concurrency decides how
// many), started on first use and kept (unreferenced while idle, so they never hold a process open).
// The journal stays on the core's thread: the worker waits for the core's word at each gate.
// Falls back to the in-process stager — never to failing — when the worker script is missing or a
// worker cannot start, and always for network shares (their calls may hang; the watchdog and the
// hung-share list live on the core's side).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BenchError } from '../../shared/errors';
import { stageProfile, type StageProfileRequest, type StageProfileResult } from './stage-profile';
import { fromWire, toWire, toWireRequest, type FromWorker, type ToWorker } from './staging-wire';

export interface WorkerStagerOptions {
  /** The built worker script, or null to stage in-process only. */
  readonly workerFile: string | null;
  /** How many stagings may run at once (the staging concurrency): one worker per JOBS_PER_WORKER of them. */
  readonly size: () => number;
  /** Told once, when workers are found unavailable (staging goes on in-process). */
  readonly onUnavailable?: (reason: string) => void;
}

export interface WorkerStager {
  stage(request: StageProfileRequest): Promise<StageProfileResult>;
  close(): Promise<void>;
  /** How many stagings ran where, and how many worker threads were started (for tests and the benchmark). */
  readonly counts: { readonly inWorker: number; readonly inProcess: number; readonly workers: number };
}

interface Job {
  readonly id: number;
  readonly request: StageProfileRequest;
  readonly resolve: (result: StageProfileResult) => void;
  readonly reject: (error: unknown) => void;
  /** The core's own errors from callbacks, by call number (rethrown as themselves). */
  readonly callbackErrors: Map<number, unknown>;
  detachAbort: (() => void) | null;
}

interface Slot {
  readonly worker: Worker;
  /** Its script loaded ('ready'): a failure from now on may have been mid-staging. */
  online: boolean;
  /** The stagings it runs now, by id. */
  readonly jobs: Map<number, Job>;
  /** The profile it was sent last (it keeps the bytes: the next staging of the batch sends none). */
  bytes: { readonly bytes: Uint8Array; readonly sha256: string } | null;
}

/**
 * Stagings one worker runs at once. Its calls return in microseconds on a local disk except the
 * fsyncs, which wait for the disk and go to the thread pool (staging-worker.ts), so one worker
 * keeps several disks busy; measured on 32 loop-mounted disks (docs/STAGING.md), eight stagings
 * on one worker took a fifth less CPU than eight workers with one each (one isolate's code gets
 * hot and optimised; eight stay cold), and finished sooner.
 */
export const JOBS_PER_WORKER = 8;
const MAX_WORKERS = 2;

/** out/<entry>/<file>.js → out/staging/staging-worker.js (unpacked from an asar), or null when not built. */
export function builtWorkerFile(entryUrl: string): string | null {
  let file: string;
  try {
    file = path.join(path.dirname(fileURLToPath(entryUrl)), '..', 'staging', 'staging-worker.js');
  } catch {
    return null;
  }
  const unpacked = file.replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
  for (const candidate of [unpacked, file]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

export function createWorkerStager(options: WorkerStagerOptions): WorkerStager {
  const slots: Slot[] = [];
  const waiting: Job[] = [];
  let unavailable: string | null = options.workerFile ? null : 'no staging worker was built';
  let nextId = 0;
  let closed = false;
  const counts = { inWorker: 0, inProcess: 0, workers: 0 };

  const inProcess = (request: StageProfileRequest) => {
    counts.inProcess += 1;
    return stageProfile(request);
  };
  const giveUp = (reason: string) => {
    if (unavailable) return;
    unavailable = reason;
    options.onUnavailable?.(reason);
  };

  /**
   * The core's record of "verifying", when the copy reached its final name: the result (or
   * failure) settles after it, and fails with its error when it fails, as in-process.
   */
  const recordVerifying = (job: Job, placed: boolean): Promise<void> => {
    if (!placed) return Promise.resolve();
    try {
      return Promise.resolve(job.request.onVerifying?.());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  const finish = (slot: Slot, job: Job) => {
    slot.jobs.delete(job.id);
    job.detachAbort?.();
    if (slot.jobs.size === 0) slot.worker.unref();
    dispatch();
  };

  const onMessage = (slot: Slot, message: FromWorker) => {
    if (message.type === 'ready') {
      slot.online = true;
      return;
    }
    const job = slot.jobs.get(message.id);
    if (!job) return;
    const post = (m: ToWorker) => slot.worker.postMessage(m);
    const answer = (call: number, work: () => Promise<void> | void) => {
      Promise.resolve()
        .then(work)
        .then(
          () => post({ type: 'answer', id: job.id, call, error: null }),
          (error: unknown) => {
            job.callbackErrors.set(call, error);
            post({ type: 'answer', id: job.id, call, error: { ...toWire(error), fromCall: call } });
          },
        );
    };
    switch (message.type) {
      case 'progress':
        job.request.onProgress?.(message.written, message.total);
        break;
      case 'moving-aside':
        answer(message.call, () => job.request.onMovingAside?.(message.from, message.to));
        break;
      case 'done': {
        finish(slot, job);
        const result = message.result;
        recordVerifying(job, message.verifying).then(() => job.resolve(result), job.reject);
        break;
      }
      case 'failed': {
        finish(slot, job);
        const own = message.error.fromCall !== null ? job.callbackErrors.get(message.error.fromCall) : undefined;
        const failure = own ?? fromWire(message.error);
        // A failed "verifying" record is the error, as in-process (the journal's failure comes first).
        recordVerifying(job, message.verifying).then(() => job.reject(failure), job.reject);
        break;
      }
    }
  };

  /** A worker that failed: its job goes on in-process if the worker never ran, else fails coded. */
  const lost = (slot: Slot, reason: string) => {
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    const jobs = [...slot.jobs.values()];
    slot.jobs.clear();
    if (!slot.online) giveUp(`a staging worker could not start: ${reason}`);
    for (const job of jobs) {
      job.detachAbort?.();
      if (!slot.online) inProcess(job.request).then(job.resolve, job.reject);
      else job.reject(new BenchError('IO_ERROR', `the staging worker stopped: ${reason}`));
    }
    if (unavailable) for (const queued of waiting.splice(0)) inProcess(queued.request).then(queued.resolve, queued.reject);
    else dispatch();
  };

  const spawn = (): Slot => {
    const worker = new Worker(options.workerFile as string);
    const slot: Slot = { worker, online: false, jobs: new Map(), bytes: null };
    counts.workers += 1;
    worker.unref();
    worker.on('message', (message: FromWorker) => onMessage(slot, message));
    worker.on('error', (error) => lost(slot, error.message));
    worker.on('exit', (code) => {
      if (slots.includes(slot)) lost(slot, `exit ${code}`);
    });
    slots.push(slot);
    return slot;
  };

  const start = (slot: Slot, job: Job) => {
    slot.jobs.set(job.id, job);
    slot.worker.ref();
    counts.inWorker += 1;
    const { clock, signal, onProgress, journalled, bytes, sha256 } = job.request;
    const post = (m: ToWorker) => slot.worker.postMessage(m);
    // The same profile as the worker's last staging (the same bytes object with the same sha256):
    // it has those bytes already.
    const known = slot.bytes?.bytes === bytes && slot.bytes.sha256 === sha256;
    slot.bytes = { bytes, sha256 };
    post({
      type: 'stage',
      id: job.id,
      request: toWireRequest(job.request, known ? null : bytes, clock.now(), journalled !== undefined, onProgress !== undefined),
    });
    journalled?.then(
      () => slot.jobs.has(job.id) && post({ type: 'journalled', id: job.id, ok: true }),
      () => slot.jobs.has(job.id) && post({ type: 'journalled', id: job.id, ok: false }),
    );
    if (signal) {
      const abort = () => slot.jobs.has(job.id) && post({ type: 'abort', id: job.id });
      if (signal.aborted) abort();
      else {
        signal.addEventListener('abort', abort, { once: true });
        job.detachAbort = () => signal.removeEventListener('abort', abort);
      }
    }
  };

  const dispatch = () => {
    while (waiting.length > 0 && !unavailable && !closed) {
      // The least busy worker with room; another only when every one is full.
      let slot: Slot | undefined;
      for (const candidate of slots) if (candidate.jobs.size < JOBS_PER_WORKER && (!slot || candidate.jobs.size < slot.jobs.size)) slot = candidate;
      if (!slot && slots.length < Math.min(MAX_WORKERS, Math.ceil(Math.max(1, options.size()) / JOBS_PER_WORKER))) {
        try {
          slot = spawn();
        } catch (error) {
          giveUp(`a staging worker could not start: ${error instanceof Error ? error.message : String(error)}`);
          break;
        }
      }
      if (!slot) return;
      start(slot, waiting.shift() as Job);
    }
    if (unavailable) for (const queued of waiting.splice(0)) inProcess(queued.request).then(queued.resolve, queued.reject);
  };

  return {
    stage(request) {
      if (unavailable || closed || request.network || request.fileOps) return inProcess(request);
      return new Promise<StageProfileResult>((resolve, reject) => {
        waiting.push({ id: (nextId += 1), request, resolve, reject, callbackErrors: new Map(), detachAbort: null });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const all = slots.splice(0);
      await Promise.all(all.map((slot) => slot.worker.terminate().catch(() => 0)));
      for (const slot of all) for (const job of slot.jobs.values()) job.reject(new BenchError('STAGE_CANCELLED', 'the bench is closing'));
      for (const queued of waiting.splice(0)) queued.reject(new BenchError('STAGE_CANCELLED', 'the bench is closing'));
    },
    counts,
  };
}
