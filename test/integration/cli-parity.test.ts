import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../src/shared/contract';
import { FAKETIME, runCliProcess, runCliProcessAt } from '../support/processes';
import { enrollmentProfile } from '../support/profile-fixtures';
import { makeSigner, signWithForge } from '../support/signing';
import { tempDir } from '../support/temp';
import { writeDataVolume, writeSystemVolume } from '../support/volumes';

// The CLI can do what the UI can (issue 10): settings, the Macs staged with a profile that has
// expired since, confirmation by name, serial number or path, and --json answers for argument
// errors too. The built CLI, as a process, on real folders and a real journal.

const DAY = 86_400_000;
const dir = tempDir('eb-cli-parity-');
const root = path.join(dir.path, 'Volumes');
const dataDir = path.join(dir.path, 'data');
const cli = (...args: string[]) => runCliProcess(['--data-dir', dataDir, ...args]);
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown> & { error?: { code: string } };
afterAll(() => dir.cleanup());

const mac = (name: string) => {
  writeSystemVolume(path.join(root, name), { corpus: 'macos-14.7.4-23H420_rust-std-test.plist' });
  writeDataVolume(path.join(root, `${name} - Data`));
  return path.join(root, `${name} - Data`);
};

let shortLived: string;
let expiresAt: number;

beforeAll(() => {
  fs.mkdirSync(root, { recursive: true });
  const signer = makeSigner({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });
  // Intune profiles are good for 14 days from signing: this one has 15 seconds left, enough to
  // stage it at the real time and then see it expire (the CLI keeps the real time; the test moves
  // the clock of its later runs only, with faketime, or waits).
  const signedAt = Date.now() - 14 * DAY + 15_000;
  expiresAt = signedAt + 14 * DAY;
  shortLived = path.join(dir.path, 'Short.mobileconfig');
  fs.writeFileSync(shortLived, signWithForge(enrollmentProfile({ displayName: 'Contoso short' }), signer, new Date(signedAt)));
});

describe('the CLI does what the UI does', () => {
  it('shows and changes settings, refusing a bad key or value with a coded answer', async () => {
    const before = await cli('settings', 'get', '--json');
    expect(before.code).toBe(0);
    expect(json(before.stdout)).toMatchObject({ concurrency: 8, autoStageOnAttach: false, technicianName: '' });
    const set = await cli('settings', 'set', 'technicianName', 'Ana Técnica', '--json');
    expect(set.code, set.stderr).toBe(0);
    expect(json(set.stdout)).toMatchObject({ technicianName: 'Ana Técnica' });
    expect((await cli('settings', 'set', 'autoStageOnAttach', 'on')).stdout).toBe('autoStageOnAttach is now on\n');
    expect((await cli('settings', 'get', 'technicianName')).stdout).toBe('Ana Técnica\n');
    const tooMany = await cli('settings', 'set', 'concurrency', '100', '--json');
    expect(tooMany.code).toBe(1);
    expect(json(tooMany.stdout).error).toMatchObject({ code: 'USAGE', detail: expect.stringContaining('concurrency') });
    const unknown = await cli('settings', 'set', 'colour', 'blue', '--json');
    expect(unknown.code).toBe(1);
    expect(json(unknown.stdout).error).toMatchObject({ code: 'USAGE', detail: expect.stringContaining('technicianName') });
    expect(json((await cli('settings', 'get', '--json')).stdout)).toMatchObject({ concurrency: 8, autoStageOnAttach: true });
  });

  it('lists the Macs staged with a profile that has expired since (exit 4), and confirms by name, serial and path', async () => {
    mac('Mac Named');
    const serialled = mac('Mac Serial');
    const pathed = mac('Mac Path');
    const staged = await cli('stage', '--profile', shortLived, '--all', '--mounts', root, '--serial', `${serialled}=C02XK1ABJG5H`, '--json');
    expect(staged.code, staged.stderr).toBe(0);
    expect(await cli('stale', '--json')).toMatchObject({ code: 0, stdout: '[]\n' });

    // Once the profile has expired: the CLI run with its clock half a second past the expiry
    // (faketime), or, where no tool can set its clock, after waiting in real time.
    const afterExpiry = expiresAt + 500;
    const lateCli = (...args: string[]) => (FAKETIME ? runCliProcessAt(afterExpiry, ['--data-dir', dataDir, ...args]) : cli(...args));
    if (!FAKETIME) await new Promise((resolve) => setTimeout(resolve, Math.max(0, afterExpiry - Date.now())));
    const stale = await lateCli('stale', '--json');
    expect(stale.code).toBe(4);
    const entries = JSON.parse(stale.stdout) as Array<{ job: { targetId: string; state: string }; expiredAt: string }>;
    expect(entries).toHaveLength(3);
    expect(entries.every((e) => e.job.state === 'staged' && Date.parse(e.expiredAt) <= afterExpiry)).toBe(true);
    expect((await lateCli('stale')).stdout).toContain('stage it again');

    // The Mac with the path is unplugged first: its old volume path still names it.
    const gone = path.join(dir.path, 'gone');
    fs.renameSync(pathed, gone);
    for (const [reference, name] of [
      ['mac named', 'Mac Named'],
      ['c02xk1abjg5h', 'Mac Serial'],
      [pathed, 'Mac Path'],
    ] as const) {
      const run = await cli('confirm', reference, '--enrolled', '--by', 'Ana', '--json');
      expect(run.code, `${reference}: ${run.stderr}`).toBe(0);
      expect(json(run.stdout)).toMatchObject({ state: 'enrolled', confirmedBy: 'Ana', targetId: expect.stringContaining(name) });
    }
    // Enrolled Macs no longer need restaging, expired profile or not.
    expect(await lateCli('stale', '--json')).toMatchObject({ code: 0, stdout: '[]\n' });
    const nobody = await cli('confirm', 'Mac Nobody', '--enrolled', '--json');
    expect(nobody.code).toBe(1);
    expect(json(nobody.stdout).error?.code).toBe('TARGET_NOT_FOUND');
  });

  it('answers argument errors as JSON when --json was asked for', async () => {
    const missing = await cli('stage', '--all', '--json');
    expect(missing.code).toBe(1);
    expect(json(missing.stdout).error).toMatchObject({ code: 'USAGE', detail: expect.stringContaining('--profile') });
    const unknown = await cli('sessions', '--bogus', '--json');
    expect(unknown.code).toBe(1);
    expect(json(unknown.stdout).error).toMatchObject({ code: 'USAGE', detail: expect.stringContaining('--bogus') });
    // Without --json, a person gets the words and the hint only.
    const human = await cli('sessions', '--bogus');
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain('--help');
  });

  it('--help says what each command does in the contract’s own words', async () => {
    const help = await cli('--help');
    for (const summary of [calls.listSessions.summary, calls.listStaleStaged.summary, calls.getStatus.summary, calls.listTargets.summary]) {
      expect(help.stdout.replace(/\s+/g, ' ')).toContain(summary.slice(0, 30));
    }
    const settings = await cli('settings', '--help');
    expect(settings.stdout.replace(/\s+/g, ' ')).toContain(calls.updateSettings.summary.slice(0, 15));
  });
});
