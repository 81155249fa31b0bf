import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBench } from '../../../src/main/core/create-bench';
import type { BenchEvent } from '../../../src/shared/contract';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile, SECRETS } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { CLI_PATH, tempDir } from '../../support/temp';

// A profile carrying a SCEP Challenge, a PKCS12 Password and data, and an ACME ClientIdentifier
// with distinctive values goes through every front door the bench has for profiles. Then the
// database (and its WAL), the log, every CLI output and every contract answer and event are
// searched for those values, as text and as base64. Only the owner-only library copy may hold them.

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00.000Z');

/**
 * Every form a secret could leak in: the text itself, and base64 at each of the three alignments
 * it can have inside a longer base64 text (a whole profile stored as base64 would be caught too).
 */
const base64Forms = (value: string) =>
  [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), Buffer.from(value)]).toString('base64');
    // Drop the 4-character groups that also encode the neighbouring bytes.
    return encoded.slice(shift === 0 ? 0 : 4, -4);
  });
const needles = Object.entries(SECRETS).flatMap(([name, value]) => [
  { name, bytes: Buffer.from(value, 'utf8') },
  ...base64Forms(value).map((form) => ({ name: `${name} (base64)`, bytes: Buffer.from(form) })),
]);
const leaks = (haystack: Buffer | string) => {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return [...new Set(needles.filter((n) => bytes.includes(n.bytes)).map((n) => n.name))];
};

const dir = tempDir('eb-secrets-');
afterAll(() => dir.cleanup());

const outputs: Array<{ what: string; text: string }> = [];
const record = (what: string, value: unknown) => outputs.push({ what, text: typeof value === 'string' ? value : JSON.stringify(value) });

let unsignedFile: string;
let signedFile: string;

beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
  const profile = enrollmentProfile({ identity: 'acme', allSecrets: true, identifier: 'com.contoso.secrets' });
  unsignedFile = path.join(dir.path, 'secrets.mobileconfig');
  fs.writeFileSync(unsignedFile, profile);
  const signer = makeSigner({ notBefore: new Date(NOW - 100 * DAY), notAfter: new Date(NOW + 100 * DAY) });
  signedFile = path.join(dir.path, 'secrets-signed.mobileconfig');
  fs.writeFileSync(signedFile, signWithForge(enrollmentProfile({ identity: 'scep', allSecrets: true, identifier: 'com.contoso.secrets.signed' }), signer, new Date(NOW - DAY)));
});

describe('secrets inside a profile', () => {
  it('the search finds them where they are meant to be, in any base64 alignment, so it can fail', () => {
    const file = fs.readFileSync(unsignedFile);
    expect(leaks(file).sort()).toEqual(['acmeClientIdentifier', 'pkcs12Data (base64)', 'pkcs12Password', 'scepChallenge'].sort());
    for (const shift of [0, 1, 2]) {
      const embedded = Buffer.concat([Buffer.alloc(shift, 0x41), file]).toString('base64');
      expect(leaks(embedded)).toEqual(expect.arrayContaining(['scepChallenge (base64)', 'pkcs12Password (base64)', 'acmeClientIdentifier (base64)']));
    }
  });

  it('never reach CLI output, the database, its WAL or the log (CLI process)', async () => {
    const dataDir = path.join(dir.path, 'cli-data');
    const now = ['--now', new Date(NOW).toISOString()];
    const commands = [
      ['profile', 'inspect', unsignedFile, ...now],
      ['profile', 'inspect', unsignedFile, '--json', ...now],
      ['profile', 'inspect', signedFile, '--json', ...now],
      ['profile', 'import', unsignedFile, ...now],
      ['profile', 'import', signedFile, '--json', ...now],
      ['profile', 'import', unsignedFile, '--json', ...now],
      ['profile', 'list', ...now],
      ['profile', 'list', '--json', ...now],
    ];
    for (const args of commands) {
      const run = await runCliProcess(['--data-dir', dataDir, ...args]);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      record(`stdout of ${args.join(' ')}`, run.stdout);
      record(`stderr of ${args.join(' ')}`, run.stderr);
    }
    const ids = (JSON.parse(outputs.find((o) => o.what.startsWith('stdout of profile list --json'))?.text ?? '{}') as { profiles: Array<{ id: string }> }).profiles.map((p) => p.id);
    expect(ids).toHaveLength(2);
    for (const args of [['profile', 'show', ids[0] as string, ...now], ['profile', 'show', ids[1] as string, '--json', ...now], ['profile', 'choose', ids[0] as string, ...now], ['profile', 'remove', ids[1] as string, '--json']]) {
      const run = await runCliProcess(['--data-dir', dataDir, ...args]);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      record(`stdout of ${args.join(' ')}`, run.stdout);
      record(`stderr of ${args.join(' ')}`, run.stderr);
    }
    for (const output of outputs) expect(leaks(output.text), output.what).toEqual([]);
    for (const file of ['journal.sqlite3', 'journal.sqlite3-wal', 'journal.sqlite3-shm', path.join('logs', 'bench.log')]) {
      const full = path.join(dataDir, file);
      if (fs.existsSync(full)) expect(leaks(fs.readFileSync(full)), file).toEqual([]);
    }
    // The library copy is the one place they may be: owner-only.
    const copy = path.join(dataDir, 'profiles', `${ids[0]}.mobileconfig`);
    expect(leaks(fs.readFileSync(copy))).not.toEqual([]);
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
  });

  it('never reach contract answers, pushed events, the database, its WAL or the log (core)', async () => {
    const dataDir = path.join(dir.path, 'core-data');
    const bench = await createBench({ dataDir, door: 'web-host', clock: { now: () => NOW }, readQuarantine: async () => null });
    const events: BenchEvent[] = [];
    bench.subscribe((event) => events.push(event));
    const answers: unknown[] = [];
    const call = async (method: string, params: unknown) => {
      const result = await bench.call(method, params);
      answers.push(result);
      return result;
    };
    const uploaded = await call('importProfile', { fileName: 'secrets.mobileconfig', contentBase64: fs.readFileSync(unsignedFile).toString('base64'), downloadedAt: new Date(NOW - DAY).toISOString() });
    expect(uploaded).toMatchObject({ ok: true });
    await call('importProfileFromPath', { path: signedFile });
    await call('inspectProfileFile', { path: unsignedFile });
    const list = (await call('listProfiles', {})) as { ok: true; value: { profiles: Array<{ id: string }> } };
    for (const { id } of list.value.profiles) {
      await call('getProfile', { id });
      await call('chooseProfile', { id });
    }
    // Failures carry details too: they must be as clean as answers.
    await call('importProfile', { fileName: 'secrets.mobileconfig', contentBase64: fs.readFileSync(unsignedFile).subarray(0, 900).toString('base64') });
    await call('removeProfile', { id: list.value.profiles[0]?.id });
    await call('purgeExpiredProfiles', {});

    // While the bench is open the newest rows sit in the WAL; after close they are in the main file.
    const files = () => ['journal.sqlite3', 'journal.sqlite3-wal', 'journal.sqlite3-shm', path.join('logs', 'bench.log')].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f));
    const open = files();
    expect(open.some((f) => f.endsWith('-wal'))).toBe(true);
    for (const file of open) expect(leaks(fs.readFileSync(file)), file).toEqual([]);
    await bench.close();
    for (const file of files()) expect(leaks(fs.readFileSync(file)), file).toEqual([]);

    expect(answers).toHaveLength(11);
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(leaks(JSON.stringify(answers))).toEqual([]);
    expect(leaks(JSON.stringify(events))).toEqual([]);
    expect(fs.readFileSync(path.join(dataDir, 'logs', 'bench.log'), 'utf8')).toContain('profile imported');
  });
});
