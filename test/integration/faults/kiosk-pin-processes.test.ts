import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/processes';
import { CLI_PATH, tempDir } from '../../support/temp';

// Issue 11: the wrong-PIN back-off binds every process on one data folder. Each attempt is counted
// in one BEGIN IMMEDIATE transaction before scrypt runs, so twelve `kiosk leave` processes started
// at once with a wrong PIN get the five free checks between them; the other seven are refused by
// the back-off without a check (before, each process checked, and counted only after scrypt).
const dir = tempDir('eb-kiosk-procs-');
const dataDir = path.join(dir.path, 'data');
const kiosk = (args: string[], stdin?: string) => runCliProcess(['--data-dir', dataDir, 'kiosk', ...args], {}, stdin);

beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
});
afterAll(() => dir.cleanup());

describe('kiosk PIN attempts from many processes at once', () => {
  it('twelve parallel wrong `kiosk leave`: five checked and wrong, seven refused by the back-off, one count', async () => {
    expect((await kiosk(['set-pin'], '482913\n')).code).toBe(0);
    expect((await kiosk(['enter'])).code).toBe(0);
    const runs = await Promise.all([...Array(12)].map(() => kiosk(['leave', '--json'], '000000\n')));
    const codes = runs.map((run) => (JSON.parse(run.stdout) as { error?: { code: string } }).error?.code ?? `exit ${run.code}`);
    const count = (code: string) => codes.filter((c) => c === code).length;
    expect({ wrong: count('KIOSK_PIN_WRONG'), backoff: count('KIOSK_PIN_BACKOFF') }).toEqual({ wrong: 5, backoff: 7 });
    for (const run of runs) expect(run.code).toBe(5);

    expect(JSON.parse((await kiosk(['status', '--json'])).stdout)).toMatchObject({ enabled: true, failures: 5, backoffUntil: expect.any(String) });
    // Every attempt is one journal row, with its outcome; the PIN itself is in none of them.
    const db = new Database(path.join(dataDir, 'journal.sqlite3'), { readonly: true });
    const rows = db.prepare("SELECT code FROM events WHERE kind = 'kiosk-pin-attempt'").all() as Array<{ code: string }>;
    const text = JSON.stringify(db.prepare('SELECT * FROM events').all());
    db.close();
    expect(rows.map((r) => r.code).sort()).toEqual([...Array(7).fill('KIOSK_PIN_BACKOFF'), ...Array(5).fill('KIOSK_PIN_WRONG')]);
    expect(text).not.toContain('000000');
    expect(text).not.toContain('482913');
  });
});
