import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IS_ROOT, mountTmpfs } from '../../support/mounts';
import { runCliProcess } from '../../support/processes';
import { enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge } from '../../support/signing';
import { tempDir } from '../../support/temp';
import { writeCarrier, writeDataVolume, writeSystemVolume } from '../../support/volumes';

// The whole scripted flow through the built CLI, as a process: a signed Intune-style profile,
// real folder volumes under a --mounts root (and, as root, a read-only tmpfs Mac), staging,
// serial numbers, the session log, the Intune export and the confirmation of enrollment.

const dir = tempDir('eb-stage-cli-');
const unmounts: Array<() => void> = [];
afterAll(() => {
  unmounts.forEach((u) => u());
  dir.cleanup();
});

const DAY = 86_400_000;
const root = path.join(dir.path, 'Volumes');
const dataDir = path.join(dir.path, 'data');
const signer = makeSigner({ notBefore: new Date(Date.now() - 30 * DAY), notAfter: new Date(Date.now() + 300 * DAY) });

function signedProfile(file: string, signedDaysAgo: number, displayName = 'Contoso Mac enrollment'): string {
  fs.writeFileSync(file, signWithForge(enrollmentProfile({ displayName }), signer, new Date(Date.now() - signedDaysAgo * DAY)));
  return file;
}

function mac(name: string, corpus: string): { system: string; data: string } {
  const system = path.join(root, name);
  const data = path.join(root, `${name} - Data`);
  writeSystemVolume(system, { corpus });
  writeDataVolume(data);
  return { system, data };
}

const cli = (...args: string[]) => runCliProcess(['--data-dir', dataDir, ...args]);
const stagedFile = (data: string, name = 'Contoso Mac enrollment') => path.join(data, 'Users', 'Shared', 'Enrollment', `${name}.mobileconfig`);

let profileFile: string;
let sequoia: { system: string; data: string };
let sonoma: { system: string; data: string };
let carrier: string;

beforeAll(() => {
  fs.mkdirSync(root, { recursive: true });
  profileFile = signedProfile(path.join(dir.path, 'Contoso.mobileconfig'), 1);
  sequoia = mac('Mac A', 'macos-15.4-beta-24E5238a_rust-std-test.plist');
  sonoma = mac('Mac B', 'macos-14.7.4-23H420_rust-std-test.plist');
  carrier = path.join(root, 'STICK');
  writeCarrier(carrier);
});

describe('enrollment-bench stage (the built CLI)', () => {
  it('stages the exact file on every ready target, records serials, and exits 0', async () => {
    const run = await cli('stage', '--profile', profileFile, '--all', '--mounts', root, '--serial', `${sequoia.data}=c02xk1abjg5h`, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.profile).toMatchObject({ displayName: 'Contoso Mac enrollment', status: 'valid' });
    const byName = Object.fromEntries(out.results.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(byName).sort()).toEqual(['Mac A', 'Mac B', 'STICK']);
    for (const r of out.results) expect(r).toMatchObject({ state: 'staged', code: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const bytes = fs.readFileSync(profileFile);
    expect(Buffer.compare(fs.readFileSync(stagedFile(sequoia.data)), bytes)).toBe(0);
    expect(Buffer.compare(fs.readFileSync(stagedFile(sonoma.data)), bytes)).toBe(0);
    expect(Buffer.compare(fs.readFileSync(path.join(carrier, 'Contoso Mac enrollment.mobileconfig')), bytes)).toBe(0);
    expect(byName['Mac A'].path).toBe(stagedFile(sequoia.data));
  });

  it('says "already staged" on a second run and writes nothing new', async () => {
    const before = fs.statSync(stagedFile(sonoma.data)).ino;
    const run = await cli('stage', '--profile', profileFile, '--target', sonoma.data, '--mounts', root, '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).results).toEqual([expect.objectContaining({ name: 'Mac B', state: 'staged', code: 'ALREADY_STAGED' })]);
    expect(fs.statSync(stagedFile(sonoma.data)).ino).toBe(before);
  });

  it('lists the sessions, ended, with their counts', async () => {
    const run = await cli('sessions', '--json');
    expect(run.code).toBe(0);
    const sessions = JSON.parse(run.stdout);
    expect(sessions).toHaveLength(2);
    expect(sessions[1]).toMatchObject({ endedAt: expect.any(String), counts: { total: 3, staged: 3, failed: 0 } });
  });

  it('exports the Intune corporate identifiers of the first session: the Mac with a serial, never the stick', async () => {
    const sessions = JSON.parse((await cli('sessions', '--json')).stdout);
    const out = path.join(dir.path, 'ids.csv');
    const run = await cli('export', 'corporate-identifiers', '--session', sessions[1].id, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Left out 1 staged Mac(s) without a serial number: Mac B');
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^C02XK1ABJG5H,Mac A macOS 15\.4 staged \d{4}-\d\d-\d\d by Enrollment Bench\n$/);
  });

  it('prints the session log with every transition, as CSV', async () => {
    const sessions = JSON.parse((await cli('sessions', '--json')).stdout);
    const run = await cli('log', '--session', sessions[1].id, '--format', 'csv');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('seq,at,sessionId,targetId,jobId,kind,fromState,toState,code,message,profileSha256,path');
    const transitions = lines.filter((l) => l.includes(',job-state,')).map((l) => l.split(',').slice(6, 8).join('→'));
    expect(transitions.filter((t) => t === 'verifying→staged')).toHaveLength(3);
    expect(lines.some((l) => l.includes(',serial-set,'))).toBe(true);
  });

  it('records an enrollment a person confirms, never on its own', async () => {
    const targets = JSON.parse((await cli('targets', '--mounts', root, '--json')).stdout);
    const macA = targets.find((t: { name: string }) => t.name === 'Mac A');
    const run = await cli('confirm', macA.id, '--enrolled', '--by', 'Ana', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ state: 'enrolled', confirmedBy: 'Ana', message: 'Enrollment confirmed by Ana.' });
  });

  it('re-reads a session’s staged files on demand and says which one is gone (exit 4)', async () => {
    const sessions = JSON.parse((await cli('sessions', '--json')).stdout);
    const first = sessions[sessions.length - 1].id;
    const gone = path.join(carrier, 'Contoso Mac enrollment.mobileconfig');
    const kept = fs.readFileSync(gone);
    fs.rmSync(gone);
    try {
      const run = await cli('reverify', '--session', first, '--mounts', root, '--json');
      expect(run.code).toBe(4);
      const results = JSON.parse(run.stdout) as Array<{ targetId: string; result: string }>;
      // Mac A was confirmed enrolled above: only Mac B (intact) and the stick (emptied) are re-read.
      expect(results.map((r) => r.result).sort()).toEqual(['intact', 'missing']);
      const log = await cli('log', '--session', first, '--format', 'csv');
      expect(log.stdout).toContain(',reverify-missing,');
    } finally {
      fs.writeFileSync(gone, kept);
    }
  });

  it('refuses an expired profile: exit 3, a coded error, no session, nothing written', async () => {
    const expired = signedProfile(path.join(dir.path, 'Old.mobileconfig'), 15, 'Old Contoso profile');
    const sessionsBefore = JSON.parse((await cli('sessions', '--json')).stdout).length;
    const run = await cli('stage', '--profile', expired, '--all', '--mounts', root, '--json');
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toEqual({ error: expect.objectContaining({ code: 'PROFILE_EXPIRED' }) });
    expect(run.stderr).toContain('[PROFILE_EXPIRED]');
    expect(fs.existsSync(stagedFile(sequoia.data, 'Old Contoso profile'))).toBe(false);
    expect(JSON.parse((await cli('sessions', '--json')).stdout)).toHaveLength(sessionsBefore);
  });

  it('exits 1 naming a target that is not attached', async () => {
    const run = await cli('stage', '--profile', profileFile, '--target', path.join(root, 'Nope'), '--mounts', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('TARGET_NOT_FOUND');
  });

  it('exits 1 when neither --target nor --all is given', async () => {
    const run = await cli('stage', '--profile', profileFile, '--mounts', root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--target PATH|ID');
  });

  it.skipIf(!IS_ROOT)('reports a read-only Mac in --all with its code and exits 4; the others are staged [needs root: tmpfs]', async () => {
    const readOnly = path.join(root, 'Mac C - Data');
    unmounts.push(mountTmpfs(readOnly, 256, { readOnly: true }));
    const fresh = signedProfile(path.join(dir.path, 'Fresh.mobileconfig'), 0, 'Fresh Contoso profile');
    const run = await cli('stage', '--profile', fresh, '--all', '--mounts', root, '--json');
    const out = JSON.parse(run.stdout);
    const byName = Object.fromEntries(out.results.map((r: { name: string }) => [r.name, r]));
    // A script learns that one Mac got nothing: it is listed with its code, and the exit is 4.
    expect(run.code).toBe(4);
    expect(byName['Mac A']).toMatchObject({ state: 'staged' });
    expect(byName['Mac B']).toMatchObject({ state: 'staged' });
    expect(byName['Mac C']).toMatchObject({ state: 'blocked', code: 'READ_ONLY', message: expect.stringContaining('read-only') });
    const human = await cli('stage', '--profile', fresh, '--target', readOnly, '--mounts', root);
    expect(human.code).toBe(4);
    expect(human.stdout).toContain('Mac C — blocked');
    expect(human.stdout).toContain('[READ_ONLY]');
    expect(human.stdout).toContain('0 of 1 staged');
  });

  it('answers NO_TARGETS (exit 4) when nothing is attached, and checks every --serial before starting', async () => {
    const empty = path.join(dir.path, 'Empty');
    fs.mkdirSync(empty, { recursive: true });
    const none = await cli('stage', '--profile', profileFile, '--all', '--mounts', empty, '--json');
    expect(none.code).toBe(4);
    expect(JSON.parse(none.stdout)).toEqual({ error: expect.objectContaining({ code: 'NO_TARGETS' }) });
    const sessionsBefore = JSON.parse((await cli('sessions', '--json')).stdout).length;
    const badSerial = await cli('stage', '--profile', profileFile, '--all', '--mounts', root, '--serial', `${sequoia.data}=C02XK1ABJG5H`, '--serial', `${sonoma.data}=nope`, '--json');
    expect(badSerial.code).toBe(1);
    expect(JSON.parse(badSerial.stdout).error.code).toBe('SERIAL_INVALID');
    const badTarget = await cli('stage', '--profile', profileFile, '--all', '--mounts', root, '--serial', `${path.join(root, 'Nope')}=C02XK1ABJG5H`, '--json');
    expect(badTarget.code).toBe(1);
    expect(JSON.parse(badTarget.stdout).error.code).toBe('TARGET_NOT_FOUND');
    // Neither run started a session.
    expect(JSON.parse((await cli('sessions', '--json')).stdout)).toHaveLength(sessionsBefore);
  });
});
