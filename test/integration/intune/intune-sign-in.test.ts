import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import type { TokenVault } from '../../../src/main/intune/credentials';
import { startFakeAuthority, type FakeAuthority } from '../../support/fake-authority';
import { startFakeGraph, type FakeGraph } from '../../support/fake-graph';
import { tempDir } from '../../support/temp';
import { filesContaining } from '../../support/token-search';

// The delegated sign-in through the real MSAL (@azure/msal-node), against a fake identity
// platform on 127.0.0.1 (HTTPS, its own certificate): the device-code flow, the token used for
// Graph, a refused sign-in, signing out. No token reaches the data folder, an answer or an event.

const CLIENT_ID = '5a1e5a1e-0000-4000-8000-0000000000c1';
let authority: FakeAuthority;
let graph: FakeGraph;
const dir = tempDir('eb-intune-signin-');

async function open(name: string, vault?: TokenVault): Promise<{ bench: Bench; events: string[] }> {
  const bench = await createBench({
    dataDir: path.join(dir.path, name),
    door: 'web-host',
    discovery: 'off',
    intune: {
      env: { ENROLLMENT_BENCH_GRAPH_URL: graph.url },
      loginUrl: authority.url,
      trustedCa: [authority.certPem],
      ...(vault ? { vault } : {}),
    },
  });
  const events: string[] = [];
  bench.subscribe((event) => events.push(JSON.stringify(event)));
  await bench.invoke('updateIntuneSettings', { enabled: true, clientId: CLIENT_ID, tenantId: authority.tenantId });
  return { bench, events };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('sign-in did not settle within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  authority = await startFakeAuthority({ clientId: CLIENT_ID });
  graph = await startFakeGraph({ token: authority.accessToken });
  graph.profiles.push({ id: 'c0ffee00-0000-4000-8000-000000000001', displayName: 'Contoso userless', exportValue: '<plist/>' });
});
afterAll(async () => {
  await graph.close();
  await authority.close();
  if (!process.env.KEEP) dir.cleanup();
});

describe('signing in to Intune with a device code (MSAL against a fake identity platform)', () => {
  it('shows the code to type, signs in once the person approves, and calls Graph with the delegated token', async () => {
    const { bench, events } = await open('approve');
    try {
      const started = await bench.invoke('intuneSignIn', { method: 'device-code' });
      expect(started).toMatchObject({
        signedIn: false,
        pendingSignIn: { userCode: 'FAKE-CODE1', verificationUri: 'https://microsoft.com/devicelogin' },
      });
      expect(started.pendingSignIn?.message).toContain('enter the code FAKE-CODE1');
      authority.approve();
      await until(async () => (await bench.invoke('getIntuneStatus', {})).signedIn);
      const status = await bench.invoke('getIntuneStatus', {});
      expect(status).toMatchObject({ credential: 'sign-in', account: 'ana@contoso.example', pendingSignIn: null, tokenStorage: 'memory' });
      const { profiles } = await bench.invoke('listIntuneProfiles', {});
      expect(profiles.map((p) => p.displayName)).toEqual(['Contoso userless']);
      // The delegated scopes the app registration must grant.
      const asked = authority.requests.find((r) => r.path.endsWith('/devicecode'))?.form.scope ?? '';
      expect(asked.split(' ')).toEqual(
        expect.arrayContaining([
          'https://graph.microsoft.com/DeviceManagementServiceConfig.ReadWrite.All',
          'https://graph.microsoft.com/DeviceManagementManagedDevices.Read.All',
        ]),
      );

      const out = await bench.invoke('intuneSignOut', {});
      expect(out).toMatchObject({ signedIn: false, credential: 'none', account: null });
      expect(await bench.call('listIntuneProfiles', {})).toMatchObject({ ok: false, error: { code: 'INTUNE_NOT_SIGNED_IN' } });
      expect(events.join('\n')).not.toContain(authority.accessToken);
      expect(events.join('\n')).not.toContain(authority.refreshToken);
    } finally {
      await bench.close();
    }
    expect(filesContaining(path.join(dir.path, 'approve'), authority.accessToken)).toEqual([]);
    expect(filesContaining(path.join(dir.path, 'approve'), authority.refreshToken)).toEqual([]);
  }, 40_000);

  it('reports a refused sign-in and stays signed out', async () => {
    authority.decline();
    const { bench } = await open('decline');
    try {
      await bench.invoke('intuneSignIn', {});
      await until(async () => (await bench.invoke('getIntuneStatus', {})).pendingSignIn === null);
      expect(await bench.invoke('getIntuneStatus', {})).toMatchObject({ signedIn: false, credential: 'none' });
      expect(await bench.call('listIntuneProfiles', {})).toMatchObject({ ok: false, error: { code: 'INTUNE_NOT_SIGNED_IN' } });
    } finally {
      await bench.close();
    }
  }, 40_000);

  it('keeps the sign-in across restarts only through a keychain vault, encrypted (a FAKE of Electron safeStorage)', async () => {
    authority.approve();
    // A fake of safeStorage: AES-GCM with a key only this test holds, written to a file of its own.
    const key = crypto.randomBytes(32);
    const file = path.join(dir.path, 'vault.bin');
    const vault: TokenVault = {
      load: () => {
        if (!fs.existsSync(file)) return null;
        const blob = fs.readFileSync(file);
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
        decipher.setAuthTag(blob.subarray(12, 28));
        return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
      },
      save: (text) => {
        const iv = crypto.randomBytes(12);
        const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
        const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
        fs.writeFileSync(file, Buffer.concat([iv, cipher.getAuthTag(), body]), { mode: 0o600 });
      },
      clear: () => fs.rmSync(file, { force: true }),
    };
    const first = await open('vault', vault);
    try {
      expect((await first.bench.invoke('getIntuneStatus', {})).tokenStorage).toBe('keychain');
      await first.bench.invoke('intuneSignIn', {});
      await until(async () => (await first.bench.invoke('getIntuneStatus', {})).signedIn);
    } finally {
      await first.bench.close();
    }
    expect(fs.existsSync(file)).toBe(true);
    expect(filesContaining(dir.path, authority.refreshToken)).toEqual([]);
    const second = await open('vault', vault);
    try {
      expect((await second.bench.invoke('listIntuneProfiles', {})).profiles).toHaveLength(1);
      expect((await second.bench.invoke('getIntuneStatus', {})).account).toBe('ana@contoso.example');
      await second.bench.invoke('intuneSignOut', {});
      expect(fs.existsSync(file)).toBe(false);
    } finally {
      await second.bench.close();
    }
  }, 40_000);
});
