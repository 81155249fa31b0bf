// Staging on a worker thread (worker-stager.ts + the built out/staging/staging-worker.js): the same
// stager as in the core, so the same outcomes — exact bytes, nothing at the final name before the
// journal holds it, the core's own errors back as themselves, cancel, symlink refusal — and a
// fallback to the core thread that never fails a staging.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { StageProfileRequest } from '../../../src/main/staging/stage-profile';
import { builtWorkerFile, createWorkerStager, JOBS_PER_WORKER } from '../../../src/main/staging/worker-stager';
import { REPO_ROOT, tempDir } from '../../support/temp';
import { contosoBytes, enrollmentDir, stageRequest, tempFilesIn } from '../../support/stage-request';

const WORKER_FILE = path.join(REPO_ROOT, 'out', 'staging', 'staging-worker.js');

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});
function volume(): string {
  const dir = tempDir('eb-worker-');
  cleanups.push(dir.cleanup);
  return dir.path;
}

const bytes = contosoBytes(400);
const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
const request = (root: string, overrides: Partial<StageProfileRequest> = {}) => stageRequest(root, bytes, overrides);
const staged = (root: string) => path.join(enrollmentDir(root), 'Contoso Macs.mobileconfig');
const temps = (root: string) => tempFilesIn(enrollmentDir(root));
/** Until the copy sits whole at its temporary name (however busy the machine). */
async function copiedToTemp(root: string): Promise<void> {
  const whole = () => temps(root).some((f) => fs.statSync(path.join(enrollmentDir(root), f)).size === bytes.length);
  for (let waited = 0; !whole() && waited < 60_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
}
function gate(): { promise: Promise<void>; open: () => void; refuse: (error: Error) => void } {
  let open: () => void = () => {};
  let refuse: (error: Error) => void = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    open = resolve;
    refuse = reject;
  });
  return { promise, open, refuse };
}

const stager = createWorkerStager({ workerFile: WORKER_FILE, size: () => 4 });
afterAll(() => stager.close());

describe('staging on a worker thread (the built staging-worker.js)', () => {
  it('is built beside the other entries, and found from them', () => {
    expect(fs.existsSync(WORKER_FILE)).toBe(true);
    expect(builtWorkerFile(`file://${path.join(REPO_ROOT, 'out', 'web-host', 'serve.js')}`)).toBe(WORKER_FILE);
  });

  it('puts the exact bytes and the instructions page in place, on a worker', async () => {
    const root = volume();
    const before = stager.counts.inWorker;
    const progress: number[] = [];
    const result = await stager.stage(request(root, { chunkSize: 8192, onProgress: (written) => progress.push(written) }));
    expect(stager.counts.inWorker).toBe(before + 1);
    expect(result).toMatchObject({ path: staged(root), sha256, alreadyStaged: false, movedAside: null });
    expect(Buffer.compare(fs.readFileSync(staged(root)), bytes)).toBe(0);
    expect(fs.readFileSync(path.join(enrollmentDir(root), 'How to enroll this Mac.html'), 'utf8')).toContain('Contoso Macs.mobileconfig');
    expect(progress.at(-1)).toBe(bytes.length);
    expect(temps(root)).toEqual([]);
  });

  it('holds the copy at its temporary name until the core says the journal holds it', async () => {
    const root = volume();
    const journal = gate();
    const staging = stager.stage(request(root, { journalled: journal.promise }));
    await copiedToTemp(root);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fs.existsSync(staged(root))).toBe(false);
    journal.open();
    await expect(staging).resolves.toMatchObject({ path: staged(root), sha256 });
    expect(temps(root)).toEqual([]);
  });

  it('puts nothing at the final name and leaves no partial copy when the journal cannot record the start', async () => {
    const root = volume();
    const journal = gate();
    const staging = stager.stage(request(root, { journalled: journal.promise }));
    await copiedToTemp(root);
    journal.refuse(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' }));
    await expect(staging).rejects.toMatchObject({ code: 'JOURNAL_UNAVAILABLE' });
    expect(fs.existsSync(staged(root))).toBe(false);
    expect(temps(root)).toEqual([]);
  });

  it('has the core record "verifying" before the result for a copy put in place, and not for one already there', async () => {
    const root = volume();
    const order: string[] = [];
    const record = () => void order.push('verifying');
    await stager.stage(request(root, { onVerifying: record })).then(() => order.push('result'));
    await stager.stage(request(root, { onVerifying: record })).then((result) => order.push(result.alreadyStaged ? 'already staged' : 'result'));
    expect(order).toEqual(['verifying', 'result', 'already staged']);
  });

  it('records "verifying" before a read-back that fails: the copy reached its final name first', async () => {
    const root = volume();
    const order: string[] = [];
    // A sha256 the bytes do not have: what is read back at the final name never matches it.
    const staging = stager.stage(request(root, { onVerifying: () => void order.push('verifying'), sha256: '0'.repeat(64) }));
    await expect(staging).rejects.toMatchObject({ code: 'STAGE_VERIFY_MISMATCH' });
    expect(order).toEqual(['verifying']);
    expect(fs.existsSync(staged(root))).toBe(false);
  });

  it('gives back the core’s own error when its "verifying" record fails, not a copy of it', async () => {
    const root = volume();
    const own = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    await expect(
      stager.stage(
        request(root, {
          onVerifying: () => {
            throw own;
          },
        }),
      ),
    ).rejects.toBe(own);
  });

  it('gives back that error too when the record fails later, after the worker went on', async () => {
    const root = volume();
    const own = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
    // Fails only after the worker has long finished: the result still waits for the record.
    const late = () => new Promise<void>((_resolve, reject) => setTimeout(() => reject(own), 300));
    await expect(stager.stage(request(root, { onVerifying: late }))).rejects.toBe(own);
  });

  it('stops when cancelled, leaving neither a final nor a temporary file', async () => {
    const root = volume();
    const journal = gate();
    const controller = new AbortController();
    const staging = stager.stage(request(root, { journalled: journal.promise, signal: controller.signal }));
    await copiedToTemp(root);
    controller.abort();
    await new Promise((resolve) => setTimeout(resolve, 50));
    journal.open();
    await expect(staging).rejects.toMatchObject({ code: 'STAGE_CANCELLED' });
    expect(fs.existsSync(staged(root))).toBe(false);
    expect(temps(root)).toEqual([]);
  });

  it('refuses a symlinked Users/Shared and writes nothing outside the volume', async () => {
    const root = volume();
    const outside = volume();
    fs.mkdirSync(path.join(root, 'Users'));
    fs.symlinkSync(outside, path.join(root, 'Users', 'Shared'));
    await expect(stager.stage(request(root))).rejects.toMatchObject({ code: 'STAGE_SYMLINK_ESCAPE' });
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  it('stages many targets at once on one worker, each exactly', async () => {
    const roots = Array.from({ length: 8 }, () => volume());
    const results = await Promise.all(roots.map((root) => stager.stage(request(root))));
    // Eight at once are one worker's share (JOBS_PER_WORKER): no second thread for them.
    expect(roots.length).toBeLessThanOrEqual(JOBS_PER_WORKER);
    expect(stager.counts.workers).toBe(1);
    for (const [i, root] of roots.entries()) {
      expect(results[i]?.sha256).toBe(sha256);
      expect(Buffer.compare(fs.readFileSync(staged(root)), bytes)).toBe(0);
    }
  });

  it('stages each profile’s own bytes when profiles alternate (the worker keeps only the last one sent)', async () => {
    const other = contosoBytes(300);
    const roots = [volume(), volume(), volume(), volume()];
    const order = [bytes, bytes, other, bytes];
    for (const [i, root] of roots.entries()) await stager.stage(stageRequest(root, order[i] as Buffer));
    for (const [i, root] of roots.entries()) expect(Buffer.compare(fs.readFileSync(staged(root)), order[i] as Buffer)).toBe(0);
  });

  it('stages a profile changed in place as it is now, not as the worker was sent it before', async () => {
    const changing = Buffer.from(contosoBytes(50));
    const first = volume();
    await stager.stage(stageRequest(first, changing));
    changing.write('<!-- changed -->', 0);
    const second = volume();
    await expect(stager.stage(stageRequest(second, changing))).resolves.toMatchObject({ alreadyStaged: false });
    expect(Buffer.compare(fs.readFileSync(staged(second)), changing)).toBe(0);
  });

  it('leaves a network share on the core thread, where the watchdog is', async () => {
    const root = volume();
    const before = { ...stager.counts };
    await stager.stage(request(root, { network: true }));
    expect(stager.counts).toEqual({ ...before, inProcess: before.inProcess + 1 });
    expect(Buffer.compare(fs.readFileSync(staged(root)), bytes)).toBe(0);
  });
});

describe('when no staging worker can run', () => {
  it('stages on the core thread instead, and says so once', async () => {
    const said: string[] = [];
    const missing = createWorkerStager({
      workerFile: path.join(volume(), 'no-such-worker.js'),
      size: () => 2,
      onUnavailable: (reason) => said.push(reason),
    });
    try {
      const roots = [volume(), volume(), volume()];
      const results = await Promise.all(roots.map((root) => missing.stage(request(root))));
      expect(results.map((r) => r.sha256)).toEqual([sha256, sha256, sha256]);
      for (const root of roots) expect(Buffer.compare(fs.readFileSync(staged(root)), bytes)).toBe(0);
      expect(missing.counts.inProcess).toBe(3);
      expect(said).toHaveLength(1);
      expect(said[0]).toContain('could not start');
    } finally {
      await missing.close();
    }
  });

  it('stages on the core thread when none was built', async () => {
    const none = createWorkerStager({ workerFile: null, size: () => 2 });
    const root = volume();
    await expect(none.stage(request(root))).resolves.toMatchObject({ sha256 });
    expect(none.counts).toEqual({ inWorker: 0, inProcess: 1, workers: 0 });
    await none.close();
  });
});
