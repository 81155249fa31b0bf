import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { runCliProcess } from '../support/processes';
import { CLI_PATH, tempDir } from '../support/temp';

const dir = tempDir('eb-cli-');
afterAll(() => dir.cleanup());
beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
});

describe('the enrollment-bench CLI, run as a process', () => {
  it('prints help and exits 0', async () => {
    const run = await runCliProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: enrollment-bench');
    expect(run.stdout).toContain('status');
  });

  it('prints its version', async () => {
    const run = await runCliProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(version);
  });

  it('status --json reports the real journal it opened', async () => {
    const dataDir = path.join(dir.path, 'data');
    const run = await runCliProcess(['--data-dir', dataDir, 'status', '--json']);
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status).toMatchObject({
      appVersion: version,
      dataDir,
      databasePath: path.join(dataDir, 'journal.sqlite3'),
      frontDoor: 'cli',
    });
    expect(status.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(status.nativeModules.find((m: { name: string }) => m.name === 'better-sqlite3')).toMatchObject({ loaded: true });
    expect(fs.existsSync(status.databasePath)).toBe(true);
  });

  it('takes the data folder from ENROLLMENT_BENCH_DATA_DIR', async () => {
    const dataDir = path.join(dir.path, 'from-env');
    const run = await runCliProcess(['status', '--json'], { ENROLLMENT_BENCH_DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).dataDir).toBe(dataDir);
  });

  it('exits 1 on a usage error and says how to get help', async () => {
    const run = await runCliProcess(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'frobnicate'");
  });

  it('exits 1 with a coded JSON error when the data folder cannot be used', async () => {
    const file = path.join(dir.path, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const run = await runCliProcess(['--data-dir', path.join(file, 'data'), 'status', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'DATA_DIR_UNUSABLE' } });
  });
});
