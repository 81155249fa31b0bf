import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/main/platform/clock';
import { openInsideRoot } from '../../../src/main/staging/safe-path';
import { stageProfile } from '../../../src/main/staging/stage-profile';
import { tempDir } from '../../support/temp';

// There is no drop folder on a Mac since macOS 11 (the boot-time install from
// private/var/db/ConfigurationProfiles/Setup is gone), and macOS's profile store is no place for
// the bench to write: whatever root it is given, the safe-path rules refuse that tree, on real
// folders, before anything is created.

const dir = tempDir('eb-forbidden-');
afterAll(() => dir.cleanup());
const bytes = Buffer.from('<plist version="1.0"><dict/></plist>\n');
const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
const clock = fixedClock('2026-11-26T10:00:00Z');
const listing = (folder: string) => fs.readdirSync(folder, { recursive: true }).map(String).sort();

describe('never writing under private/var/db/ConfigurationProfiles', () => {
  it('refuses a carrier “root” that is the old drop folder, and writes nothing there', async () => {
    const setup = path.join(dir.path, 'Macintosh HD - Data', 'private', 'var', 'db', 'ConfigurationProfiles', 'Setup');
    fs.mkdirSync(setup, { recursive: true });
    await expect(
      stageProfile({ root: setup, kind: 'carrier', bytes, sha256, displayName: 'Contoso Macs', instructions: null, clock }),
    ).rejects.toMatchObject({ code: 'STAGE_FORBIDDEN_PATH', message: 'The bench never writes into macOS’s own profile store on a Mac.' });
    expect(listing(setup)).toEqual([]);
  });

  it('refuses the tree whatever its case (APFS is case-insensitive) and whichever way it is reached', async () => {
    const data = path.join(dir.path, 'Mac B - Data');
    fs.mkdirSync(data, { recursive: true });
    await expect(openInsideRoot(data, ['private', 'var', 'db', 'configurationprofiles', 'Setup'])).rejects.toMatchObject({ code: 'STAGE_FORBIDDEN_PATH' });
    expect(listing(data)).toEqual([]);
    // Reached through a root whose real path is inside the store (a bind of it elsewhere).
    const store = path.join(dir.path, 'Mac C - Data', 'private', 'var', 'db', 'ConfigurationProfiles');
    fs.mkdirSync(store, { recursive: true });
    const alias = path.join(dir.path, 'alias');
    fs.symlinkSync(store, alias);
    await expect(openInsideRoot(alias, [])).rejects.toMatchObject({ code: 'STAGE_FORBIDDEN_PATH' });
    expect(listing(store)).toEqual([]);
  });

  it('still stages in Users/Shared/Enrollment of the same disk', async () => {
    const data = path.join(dir.path, 'Mac D - Data');
    fs.mkdirSync(path.join(data, 'Users', 'Shared'), { recursive: true });
    const result = await stageProfile({ root: data, kind: 'mac-volume', bytes, sha256, displayName: 'Contoso Macs', instructions: null, clock });
    expect(result.path).toBe(path.join(data, 'Users', 'Shared', 'Enrollment', 'Contoso Macs.mobileconfig'));
  });
});
