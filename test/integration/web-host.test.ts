import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createBench, type Bench } from '../../src/main/core/create-bench';
import { startWebHost, type WebHost } from '../../src/main/web-host/web-host';
import { tempDir } from '../support/temp';
import { openSocket, request } from '../support/ws-client';

const dir = tempDir('eb-webhost-');
let bench: Bench;
let host: WebHost;

beforeAll(async () => {
  const staticDir = path.join(dir.path, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir.path, 'secret.txt'), 'outside the static folder');
  bench = await createBench({ dataDir: path.join(dir.path, 'data'), door: 'web-host' });
  host = await startWebHost({ bench, staticDir, port: 0 });
});
afterAll(async () => {
  await host.close();
  await bench.close();
  dir.cleanup();
});

function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathAndQuery, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

describe('the web-host', () => {
  it('prints an address on 127.0.0.1 that carries the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a page request without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a strict CSP', async () => {
    const page = await get(`/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>bench</title>');
    expect(page.headers['set-cookie']?.[0]).toMatch(/eb_token=.+; HttpOnly; SameSite=Strict/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const asset = await get('/assets/app.js', { cookie: `eb_token=${host.token}` });
    expect(asset.status).toBe(200);
  });

  it('refuses a request naming another host (DNS rebinding)', async () => {
    expect((await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('never serves a file outside the renderer folder', async () => {
    const res = await get(`/..%2Fsecret.txt?token=${host.token}`);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain('outside the static folder');
  });

  it('refuses a socket without the token, or from another Origin', async () => {
    const origin = `http://127.0.0.1:${host.port}`;
    expect(await openSocket(`ws://127.0.0.1:${host.port}/ws`, { origin })).toBe(401);
    expect(await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: 'http://evil.example' })).toBe(403);
    expect(await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {})).toBe(403);
  });

  it('answers contract calls over the socket and refuses unknown ones', async () => {
    const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    })) as WebSocket;
    const status = await request(ws, 1, 'getStatus', {});
    expect(status).toMatchObject({ id: 1, ok: true, value: { frontDoor: 'web-host', schemaVersion: expect.any(Number) } });
    const unknown = await request(ws, 2, 'rmRf', {});
    expect(unknown).toMatchObject({ id: 2, ok: false, error: { code: 'CONTRACT_UNKNOWN_CALL' } });
    const invalid = await request(ws, 3, 'getStatus', { extra: 1 });
    expect(invalid).toMatchObject({ id: 3, ok: false, error: { code: 'CONTRACT_INVALID_REQUEST' } });
    ws.close();
  });
});
