// A staging worker thread (built as out/staging/staging-worker.js; started by worker-stager.ts).
// It runs the very stager the core runs (stage-profile.ts), with one difference: its file calls
// are made directly on this thread (platform/file-ops.ts directFileOps) instead of through libuv's
// thread pool, all but the fsyncs: a direct call on a local disk returns in microseconds (a pool
// round trip costs more than the call it carries), an fsync waits for the disk, and on the pool
// the fsyncs of separate disks overlap while this thread goes on with the other stagings it runs
// (several at once: worker-stager.ts JOBS_PER_WORKER). Only local disks come here: a network
// share's calls can hang, and those stay on the core's pool under a watchdog.
import { parentPort } from 'node:worker_threads';
import { BenchError } from '../../shared/errors';
import { directFileOps } from '../platform/file-ops';
import { DEFAULT_CHUNK, stageProfile } from './stage-profile';
import { fromWire, fromWireRequest, toWire, type FromWorker, type ToWorker, type WireRequest } from './staging-wire';

interface Running {
  readonly controller: AbortController;
  journalled: { resolve: () => void; reject: (error: Error) => void } | null;
  readonly answers: Map<number, { resolve: () => void; reject: (error: Error) => void }>;
}

const running = new Map<number, Running>();
/** The profile bytes of the last staging sent with them (the core sends them once per batch). */
let lastBytes: Uint8Array | null = null;
const port = parentPort;
if (!port) throw new Error('staging-worker.ts runs only as a worker thread');
const send = (message: FromWorker) => port.postMessage(message);

async function run(id: number, wire: WireRequest): Promise<void> {
  const entry: Running = { controller: new AbortController(), journalled: null, answers: new Map() };
  running.set(id, entry);
  const started = Date.now();
  let calls = 0;
  /** A callback the stager awaits: ask the core, wait for its answer. */
  const ask = (message: (call: number) => FromWorker) =>
    new Promise<void>((resolve, reject) => {
      const call = (calls += 1);
      entry.answers.set(call, { resolve, reject });
      send(message(call));
    });
  const journalled = wire.gated
    ? new Promise<void>((resolve, reject) => {
        entry.journalled = { resolve, reject };
      })
    : undefined;
  const { now, wantsProgress } = wire;
  const bytes = wire.bytes ?? lastBytes;
  lastBytes = bytes;
  let verifying = false;
  try {
    if (!bytes) throw new BenchError('INTERNAL', 'the staging worker was sent no profile bytes');
    const result = await stageProfile(
      fromWireRequest(wire, {
        bytes,
        clock: { now: () => now + (Date.now() - started) },
        signal: entry.controller.signal,
        fileOps: directFileOps,
        journalled,
        // A copy made in one write (a profile of tens of KB) has nothing to show between nothing and
        // all of it, microseconds apart on a local disk: no messages for it. Longer copies report.
        onProgress:
          wantsProgress && bytes.length > (wire.chunkSize ?? DEFAULT_CHUNK)
            ? (written, total) => send({ type: 'progress', id, written, total })
            : undefined,
        // Said with the end of the staging, not in a message of its own (a message wakes the core's
        // thread): the core records it then, before the result, in the same group commit as the
        // "staged" that follows (where it rode anyway). Recovery needs nothing of it earlier: a job
        // left "staging" or "verifying" is interrupted either way, its destination in "staging".
        onVerifying: () => {
          verifying = true;
        },
        onMovingAside: (from, to) => ask((call) => ({ type: 'moving-aside', id, call, from, to })),
      }),
    );
    send({ type: 'done', id, verifying, result });
  } catch (error) {
    send({ type: 'failed', id, verifying, error: toWire(error) });
  } finally {
    running.delete(id);
  }
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'stage':
      void run(message.id, message.request);
      break;
    case 'journalled': {
      const gate = running.get(message.id)?.journalled;
      if (gate) {
        if (message.ok) gate.resolve();
        else gate.reject(new BenchError('JOURNAL_UNAVAILABLE', 'the journal could not record where the profile goes'));
      }
      break;
    }
    case 'answer': {
      const waiting = running.get(message.id)?.answers.get(message.call);
      running.get(message.id)?.answers.delete(message.call);
      if (waiting) {
        if (message.error) waiting.reject(fromWire(message.error));
        else waiting.resolve();
      }
      break;
    }
    case 'abort':
      running.get(message.id)?.controller.abort();
      break;
  }
});
send({ type: 'ready' });
