import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from '../../support/processes';
import { CORPUS_DIR, enrollmentProfile } from '../../support/profile-fixtures';
import { makeSigner, signWithForge, type Signer } from '../../support/signing';
import { CLI_PATH, tempDir } from '../../support/temp';

// The `profile` commands as scripts use them: the built CLI run as a process, --json output and
// exit codes (0 usable, 1 usage/IO, 2 not a usable enrollment profile or unreadable, 3 expired).

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-26T12:00:00.000Z');
const NOW_ISO = new Date(NOW).toISOString();
const iso = (ms: number) => new Date(ms).toISOString();

const dir = tempDir('eb-profile-cli-');
afterAll(() => dir.cleanup());

let signer: Signer;
const files: Record<string, string> = {};
const write = (name: string, bytes: Uint8Array) => {
  const file = path.join(dir.path, name);
  fs.writeFileSync(file, bytes);
  return file;
};

beforeAll(() => {
  if (!fs.existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run npm run build first`);
  signer = makeSigner({ notBefore: new Date(NOW - 300 * DAY), notAfter: new Date(NOW + 300 * DAY) });
  const content = enrollmentProfile({ identity: 'acme' });
  files.day1 = write('signed-1-day.mobileconfig', signWithForge(content, signer, new Date(NOW - DAY)));
  files.day13 = write('signed-13-days.mobileconfig', signWithForge(content, signer, new Date(NOW - 13 * DAY)));
  files.day15 = write('signed-15-days.mobileconfig', signWithForge(content, signer, new Date(NOW - 15 * DAY)));
  files.unsigned = write('unsigned.mobileconfig', enrollmentProfile({ identifier: 'com.contoso.unsigned' }));
});

const dataDir = (name: string) => path.join(dir.path, `data-${name}`);
const cli = (data: string, ...args: string[]) => runCliProcess(['--data-dir', data, ...args]);

describe('profile inspect', () => {
  it('--json prints one object with the documented fields, and exits 0 for a usable profile', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', files.day1 as string, '--json', '--now', NOW_ISO);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      sha256: crypto.createHash('sha256').update(fs.readFileSync(files.day1 as string)).digest('hex'),
      format: 'cms-der',
      signed: true,
      signature: {
        signerSubject: 'CN=IOSProfileSigning.manage.microsoft.com, O=Microsoft Corporation, C=US',
        signingTime: iso(NOW - DAY),
        signerNotAfter: iso(NOW + 300 * DAY),
        valid: true,
      },
      identifier: 'com.contoso.intune.enroll',
      uuid: 'F9760DD4-F2D1-4F29-8D2C-48D52DD0A9B3',
      displayName: 'Contoso Mac enrollment',
      organization: 'Contoso',
      payloads: [
        { type: 'com.apple.security.acme', identifier: 'com.contoso.enroll.acme' },
        { type: 'com.apple.mdm', identifier: 'com.contoso.enroll.mdm' },
      ],
      isEnrollmentProfile: true,
      enrollment: { serverUrl: 'https://mdm.contoso.example/mdm/server', topic: 'com.apple.mgmt.External.0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', identity: 'acme', minMacOS: '13.1' },
      expiry: { downloadedAt: iso(NOW - DAY), basis: 'cms-signing-time', expiresAt: iso(NOW + 13 * DAY), status: 'valid' },
      warnings: [],
      errors: [],
    });
    expect(result.notes).toEqual([expect.objectContaining({ code: 'PROFILE_ACME_NEEDS_SERIALS', message: expect.any(String) })]);
    expect(run.stderr).toBe('');
  });

  it.each([
    ['signed 13 days ago: expiring, still usable', 'day13', 0, 'expiring'],
    ['signed 15 days ago: expired', 'day15', 3, 'expired'],
  ])('%s', async (_name, key, code, status) => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', files[key] as string, '--json', '--now', NOW_ISO);
    expect(run.code).toBe(code);
    expect(JSON.parse(run.stdout).expiry.status).toBe(status);
  });

  it('the same file is expired when --now is 15 days on', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', files.day1 as string, '--json', '--now', iso(NOW + 14 * DAY));
    expect(run.code).toBe(3);
  });

  it('--downloaded-at gives the basis when the file itself is newer', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', files.unsigned as string, '--json', '--downloaded-at', iso(NOW - 2 * DAY), '--now', NOW_ISO);
    expect(JSON.parse(run.stdout).expiry).toMatchObject({ basis: 'entered', downloadedAt: iso(NOW - 2 * DAY), expiresAt: iso(NOW + 12 * DAY) });
  });

  it('a human summary leads with the verdict', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', files.day13 as string, '--now', NOW_ISO);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('READY, EXPIRING SOON — 1 day 0 hours left. Download a fresh copy from Intune soon.');
    expect(run.stdout).toContain('MDM server   https://mdm.contoso.example/mdm/server');
    expect(run.stdout).toContain('Identity     ACME');
    expect(run.stdout).toContain('macOS        13.1 or later (Microsoft supports 15.0 and later)');
    expect(run.stdout).toContain('Downloaded   2026-11-13 12:00 UTC (from the signature’s signing time)');
    expect(run.stdout).toContain('i PROFILE_ACME_NEEDS_SERIALS:');
  });

  it('a near-miss exits 2 and says why', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', path.join(CORPUS_DIR, 'fleet_turn_on_debug_mdm_logging_mdmclient.mobileconfig'));
    expect(run.code).toBe(2);
    expect(run.stdout.split('\n')[0]).toMatch(/^NOT AN ENROLLMENT PROFILE — .*com\.apple\.mdmclient/);
  });

  it('a broken enrollment profile exits 2 and lists its errors', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', path.join(CORPUS_DIR, 'nanomdmsandbox_enroll_empty-host-template.mobileconfig'), '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ isEnrollmentProfile: true, errors: expect.arrayContaining([expect.objectContaining({ code: 'PROFILE_MDM_SERVER_URL_NO_HOST' })]) });
  });

  it('an unreadable file exits 2 with a coded JSON error', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', write('garbage.mobileconfig', crypto.randomBytes(512).fill(0x41, 0, 1)), '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'PROFILE_UNREADABLE' } });
  });

  it('a 50 MB file exits 2 with PROFILE_TOO_LARGE', async () => {
    const huge = path.join(dir.path, 'huge.mobileconfig');
    fs.writeFileSync(huge, '');
    fs.truncateSync(huge, 50 * 1024 * 1024);
    const run = await cli(dataDir('inspect'), 'profile', 'inspect', huge, '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'PROFILE_TOO_LARGE' } });
  });

  it('a missing file and a bad --now are usage/IO errors (exit 1)', async () => {
    const missing = await cli(dataDir('inspect'), 'profile', 'inspect', path.join(dir.path, 'nope.mobileconfig'), '--json');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: 'IO_ERROR' } });
    const badNow = await cli(dataDir('inspect'), 'profile', 'inspect', files.day1 as string, '--now', 'next tuesday');
    expect(badNow.code).toBe(1);
    expect(badNow.stderr).toContain('[USAGE]');
  });

  it('does not add anything to the library', async () => {
    const run = await cli(dataDir('inspect'), 'profile', 'list', '--json');
    expect(JSON.parse(run.stdout).profiles).toEqual([]);
  });
});

describe('the library from the command line', () => {
  it('imports, lists, shows, chooses, purges and removes', async () => {
    const data = dataDir('library');
    const imported = await cli(data, 'profile', 'import', files.day1 as string, '--json', '--now', NOW_ISO);
    expect(imported.code).toBe(0);
    const fresh = JSON.parse(imported.stdout);
    expect(fresh).toMatchObject({ alreadyPresent: false, profile: { fileName: 'signed-1-day.mobileconfig', usable: true } });
    expect(fs.statSync(path.join(data, 'profiles', `${fresh.profile.id}.mobileconfig`)).mode & 0o777).toBe(0o600);

    const again = await cli(data, 'profile', 'import', files.day1 as string, '--now', NOW_ISO);
    expect(again.stdout.split('\n')[0]).toBe(`Already in the library as ${fresh.profile.id.slice(0, 12)} (the same bytes).`);

    const older = await cli(data, 'profile', 'import', files.day13 as string, '--json', '--now', NOW_ISO);
    const olderId = JSON.parse(older.stdout).profile.id as string;

    const list = await cli(data, 'profile', 'list', '--now', NOW_ISO);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${olderId.slice(0, 12)}  expiring    2026-11-27 12:00 UTC  acme      Contoso Mac enrollment  [older copy]`);
    expect(list.stdout).toContain(`${fresh.profile.id.slice(0, 12)}  valid       2026-12-09 12:00 UTC  acme      Contoso Mac enrollment\n`);

    const chosen = await cli(data, 'profile', 'choose', fresh.profile.id.slice(0, 8), '--now', NOW_ISO);
    expect(chosen.code).toBe(0);
    expect(chosen.stdout).toContain(`Chosen: ${fresh.profile.id.slice(0, 12)} Contoso Mac enrollment`);

    const shown = await cli(data, 'profile', 'show', fresh.profile.id, '--json', '--now', NOW_ISO);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: fresh.profile.id, chosen: true, freshestInGroup: true });

    // Two days on the older copy has expired: choosing it fails with exit 3, purging removes it.
    const later = iso(NOW + 2 * DAY);
    const refused = await cli(data, 'profile', 'choose', olderId, '--json', '--now', later);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'PROFILE_EXPIRED' } });
    const purged = await cli(data, 'profile', 'purge-expired', '--json', '--now', later);
    expect(JSON.parse(purged.stdout)).toEqual({ removed: [olderId] });

    const removed = await cli(data, 'profile', 'remove', fresh.profile.id.slice(0, 10));
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe(`Removed ${fresh.profile.id.slice(0, 12)} from the library.\n`);
    const empty = await cli(data, 'profile', 'list');
    expect(empty.stdout).toBe('The library is empty. Add a profile with: enrollment-bench profile import FILE\n');
    const notFound = await cli(data, 'profile', 'remove', fresh.profile.id, '--json');
    expect(notFound.code).toBe(1);
    expect(JSON.parse(notFound.stdout)).toMatchObject({ error: { code: 'PROFILE_NOT_FOUND' } });
  });

  it('refuses to import a profile that is not an enrollment profile (exit 2)', async () => {
    const run = await cli(dataDir('refuse'), 'profile', 'import', path.join(CORPUS_DIR, 'rtrouton_BlockAirDrop_restrictions.mobileconfig'), '--json');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'PROFILE_NOT_ENROLLMENT', detail: expect.stringContaining('restrictions') } });
  });

  it('imports an expired profile but says so with exit 3', async () => {
    const run = await cli(dataDir('expired'), 'profile', 'import', files.day15 as string, '--now', NOW_ISO);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('EXPIRED — 1 day 0 hours ago');
  });
});
