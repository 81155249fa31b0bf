import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBench } from '../../src/main/core/create-bench';
import { tempDir } from '../support/temp';

// createBench opens the journal, then starts the kiosk lock (a watch timer), discovery and the
// staging service. When a later part fails to start, what had started must be closed again: an
// open journal keeps its -wal file and a timer or watcher keeps the process from exiting.

const handles = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout' || kind === 'FSEventWrap').length;
/** Handles once short-lived timers (the test runner's, a closed socket's) have run out. */
const settledHandles = async () => {
  await new Promise((resolve) => setTimeout(resolve, 150));
  return handles();
};

describe('a bench that fails to start', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('closes the journal, the kiosk watch and discovery it had started, and reports the error', async () => {
    const dir = tempDir('eb-start-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    const mounts = path.join(dir.path, 'mounts');
    fs.mkdirSync(mounts);
    const first = await createBench({ dataDir, door: 'cli' });
    await first.close();
    // A journal damaged by hand: its schema version is current, but the jobs table is gone, so
    // the staging part cannot start after the journal, kiosk lock and discovery have.
    execFileSync('sqlite3', [path.join(dataDir, 'journal.sqlite3'), 'PRAGMA foreign_keys=OFF; DROP TABLE jobs;']);

    const before = await settledHandles();
    await expect(createBench({ dataDir, door: 'web-host', discovery: 'watch', mountRoots: [mounts], kioskWatchMs: 50 })).rejects.toThrow(/jobs/);
    expect(await settledHandles()).toBe(before);
    // The last connection closed checkpoints the WAL and removes it.
    expect(fs.existsSync(path.join(dataDir, 'journal.sqlite3-wal'))).toBe(false);
  });

  it('starts and closes normally over a sound journal (the same checks pass)', async () => {
    const dir = tempDir('eb-start-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    const before = await settledHandles();
    const bench = await createBench({ dataDir, door: 'web-host', discovery: 'watch', mountRoots: [dir.path], kioskWatchMs: 50 });
    expect(fs.existsSync(path.join(dataDir, 'journal.sqlite3-wal'))).toBe(true);
    expect(handles()).toBeGreaterThan(before);
    await bench.close();
    expect(await settledHandles()).toBe(before);
    expect(fs.existsSync(path.join(dataDir, 'journal.sqlite3-wal'))).toBe(false);
  });
});
