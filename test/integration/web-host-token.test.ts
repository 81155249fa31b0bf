import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOKEN_FILE_NAME } from '../../src/main/web-host/token-file';
import { startServeProcess } from '../support/processes';
import { tempDir } from '../support/temp';

// A browser tab or bookmark survives a restart of the bench on the same data folder: the token is
// kept there, owner-only, and changes only when asked (--new-token) or when the file is exposed.
const dir = tempDir('eb-token-');
afterAll(() => dir.cleanup());

describe('the web-host access token', () => {
  it('is the same after a restart on the same data folder, is stored 0600, and --new-token rotates it', async () => {
    const dataDir = path.join(dir.path, 'data');
    const first = await startServeProcess(['--data-dir', dataDir, '--port', '0']);
    await first.stop();
    const file = path.join(dataDir, TOKEN_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);

    const second = await startServeProcess(['--data-dir', dataDir, '--port', '0']);
    expect(second.token).toBe(first.token);
    const page = await fetch(`${second.origin}/`, { headers: { cookie: `eb_token=${first.token}` } });
    expect(page.status).toBe(200);
    await second.stop();

    const rotated = await startServeProcess(['--data-dir', dataDir, '--port', '0', '--new-token']);
    expect(rotated.token).not.toBe(first.token);
    const refused = await fetch(`${rotated.origin}/`, { headers: { cookie: `eb_token=${first.token}` } });
    expect(refused.status).toBe(401);
    expect(await refused.text()).toContain('--new-token');
    await rotated.stop();

    // A token file others can read may have leaked: it is never reused.
    fs.chmodSync(file, 0o644);
    const tightened = await startServeProcess(['--data-dir', dataDir, '--port', '0']);
    expect(tightened.token).not.toBe(rotated.token);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(tightened.stderr()).toContain('readable by other users');
    await tightened.stop();
  });
});
