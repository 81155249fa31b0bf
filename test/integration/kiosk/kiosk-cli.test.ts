import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/processes';
import { CLI_PATH, tempDir } from '../../support/temp';

// The kiosk commands, run as a separate process exactly as an admin or a script would. PINs go in
// on stdin (the test's pipe), never as arguments.
const dir = tempDir('eb-kiosk-cli-');
const dataDir = path.join(dir.path, 'data');
const kiosk = (args: string[], stdin?: string) => runCliProcess(['--data-dir', dataDir, 'kiosk', ...args], {}, stdin);

beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
});
afterAll(() => dir.cleanup());

describe('enrollment-bench kiosk', () => {
  it('reports kiosk mode off and no PIN on a fresh data folder', async () => {
    const run = await kiosk(['status', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ enabled: false, pinSet: false, failures: 0 });
  });

  it('refuses to enter kiosk mode before a PIN is set', async () => {
    const run = await kiosk(['enter', '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'KIOSK_PIN_NOT_SET' } });
  });

  it('takes no PIN from the command line', async () => {
    const run = await kiosk(['set-pin', '--pin', '482913']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option '--pin'");
    const positional = await kiosk(['set-pin', '482913']);
    expect(positional.code).toBe(1);
    expect(JSON.parse((await kiosk(['status', '--json'])).stdout)).toMatchObject({ pinSet: false });
  });

  it('says so when no PIN arrives on stdin', async () => {
    const run = await kiosk(['set-pin'], '');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('[USAGE]');
  });

  it('sets the PIN from stdin and refuses one outside the policy', async () => {
    const bad = await kiosk(['set-pin'], '12ab\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The PIN must be 4 to 12 digits. [KIOSK_PIN_INVALID]');
    expect(bad.stderr).not.toContain('12ab');
    const run = await kiosk(['set-pin'], '482913\n');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('Admin PIN saved.\n');
  });

  it('changes the PIN only with the current one (first line) and the new one (second line)', async () => {
    const wrong = await kiosk(['set-pin', '--json'], '111111\n135790\n');
    expect(wrong.code).toBe(5);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ error: { code: 'KIOSK_PIN_WRONG' } });
    const right = await kiosk(['set-pin', '--json'], '482913\n135790\n');
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ pinSet: true, failures: 0 });
  });

  it('enters kiosk mode, refuses a wrong PIN to leave with exit code 5, and leaves with the right one', async () => {
    expect((await kiosk(['enter'])).code).toBe(0);
    expect(JSON.parse((await kiosk(['status', '--json'])).stdout)).toMatchObject({ enabled: true });

    const wrong = await kiosk(['leave'], '000000\n');
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain('[KIOSK_PIN_WRONG]');
    expect(JSON.parse((await kiosk(['status', '--json'])).stdout)).toMatchObject({ enabled: true, failures: 1 });

    const right = await kiosk(['leave'], '135790\n');
    expect(right.code).toBe(0);
    expect(right.stdout).toBe('Kiosk mode is off.\n');
    expect(JSON.parse((await kiosk(['status', '--json'])).stdout)).toMatchObject({ enabled: false, failures: 0 });
  });

  it('resets a forgotten PIN with --reset, and journals that it did', async () => {
    const run = await kiosk(['set-pin', '--reset'], '246810\n');
    expect(run.code).toBe(0);
    expect((await kiosk(['enter'])).code).toBe(0);
    expect((await kiosk(['leave'], '246810\n')).code).toBe(0);
    const db = new Database(path.join(dataDir, 'journal.sqlite3'), { readonly: true });
    const rows = db.prepare("SELECT kind, to_state, message FROM events WHERE kind = 'kiosk-pin-set' ORDER BY seq").all();
    const text = JSON.stringify(db.prepare('SELECT * FROM events').all());
    db.close();
    expect(rows).toEqual([
      { kind: 'kiosk-pin-set', to_state: 'set', message: 'admin PIN set from cli' },
      { kind: 'kiosk-pin-set', to_state: 'changed', message: 'admin PIN changed from cli' },
      { kind: 'kiosk-pin-set', to_state: 'reset', message: 'admin PIN reset from cli' },
    ]);
    for (const pin of ['482913', '135790', '246810', '111111', '000000']) expect(text).not.toContain(pin);
  });
});
