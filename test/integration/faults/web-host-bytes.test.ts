import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { startServeProcess, runCliProcess, type ServedHost } from '../../support/processes';
import { rawExchange, rawWebSocket, statusOf, wsFrame } from '../../support/raw-client';
import { tempDir } from '../../support/temp';
import { openSocket, request } from '../../support/ws-client';

// Issue 11: the web-host survives any bytes. The real `serve` process gets each malformed input
// at its door, then a normal call must still be answered by the same process.
const dir = tempDir('eb-fault-web-');
const staticDir = path.join(dir.path, 'static');
const dataDir = path.join(dir.path, 'data');
let host: ServedHost;

beforeAll(async () => {
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>bench</title>');
  execFileSync('mkfifo', [path.join(staticDir, 'pipe.js')]);
  execFileSync('mkfifo', [path.join(dir.path, 'profile.mobileconfig')]);
  host = await startServeProcess(['--data-dir', dataDir, '--static-dir', staticDir, '--port', '0']);
});
afterAll(async () => {
  await host?.stop('SIGKILL');
  dir.cleanup();
});

/** The normal call that must work after every bad input: a page and a contract call. */
async function stillServes(): Promise<void> {
  expect(host.child.exitCode, `web-host exited; stderr: ${host.stderr()}`).toBeNull();
  const page = await rawExchange(host.port, `GET /?token=${host.token} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`);
  expect(statusOf(page.text)).toBe(200);
  const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin })) as WebSocket;
  expect(await request(ws, 7, 'getStatus', {})).toMatchObject({ id: 7, ok: true, value: { frontDoor: 'web-host' } });
  ws.close();
}

const httpRequest = (target: string, hostHeader: string | null, extra = '') =>
  `GET ${target} HTTP/1.1\r\n${hostHeader === null ? '' : `Host: ${hostHeader}\r\n`}${extra}Connection: close\r\n\r\n`;

describe('HTTP bytes at the web-host', () => {
  const cases: Array<[string, () => string, number]> = [
    ['Host "["', () => httpRequest(`/?token=${host.token}`, '['), 421],
    ['Host "a:b:c"', () => httpRequest(`/?token=${host.token}`, 'a:b:c'), 421],
    ['Host ":99999"', () => httpRequest(`/?token=${host.token}`, ':99999'), 421],
    ['an empty Host', () => httpRequest(`/?token=${host.token}`, ''), 421],
    ['no Host at all (HTTP/1.0)', () => `GET /?token=${host.token} HTTP/1.0\r\n\r\n`, 421],
    ['bad %-encoding in the path', () => httpRequest(`/%E0%A4%A?token=${host.token}`, `127.0.0.1:${host.port}`), 400],
    ['a NUL in the path', () => httpRequest(`/index.html%00.js?token=${host.token}`, `127.0.0.1:${host.port}`), 400],
    ['an absolute-form target', () => httpRequest(`http://[::1/?token=${host.token}`, `127.0.0.1:${host.port}`), 400],
    ['a scheme-relative target', () => httpRequest(`//evil.example/?token=${host.token}`, `127.0.0.1:${host.port}`), 400],
    ['bytes that are not HTTP', () => '\x00\xff\xfe garbage\r\n\r\n', 400],
    ['a header without a colon', () => `GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n`, 400],
    ['a FIFO in the static folder', () => httpRequest(`/pipe.js?token=${host.token}`, `127.0.0.1:${host.port}`), 404],
    ['an upgrade with Host "["', () => httpRequest(`/ws?token=${host.token}`, '[', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n'), 421],
    ['an upgrade with bad %-encoding', () => httpRequest(`/ws%ZZ?token=${host.token}`, `127.0.0.1:${host.port}`, 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n'), 404],
  ];
  for (const [name, bytes, status] of cases) {
    it(`answers ${status} to ${name} and stays up`, async () => {
      const answer = await rawExchange(host.port, bytes());
      expect(statusOf(answer.text)).toBe(status);
      await stillServes();
    });
  }

  it('answers six FIFO requests at once without starving the thread pool', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => rawExchange(host.port, httpRequest(`/pipe.js?token=${host.token}`, `127.0.0.1:${host.port}`))));
    expect(answers.map((a) => statusOf(a.text))).toEqual([404, 404, 404, 404, 404, 404]);
    await stillServes();
  });
});

describe('WebSocket bytes at the web-host', () => {
  const cases: Array<[string, () => Buffer, number]> = [
    ['a frame claiming 9 MiB', () => wsFrame(0x1, Buffer.alloc(16), { claimLength: 9 * 1024 * 1024 }), 1009],
    ['invalid UTF-8 in a text frame', () => wsFrame(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0xff, 0x7d])), 1007],
    ['an unmasked client frame', () => wsFrame(0x1, Buffer.from('{"id":1}'), { mask: false }), 1002],
    ['a reserved opcode', () => wsFrame(0x3, Buffer.from('x')), 1002],
    ['a continuation with nothing to continue', () => wsFrame(0x0, Buffer.from('x')), 1002],
    ['a fragmented control frame', () => wsFrame(0x9, Buffer.from('x'), { fin: false }), 1002],
  ];
  for (const [name, bytes, code] of cases) {
    it(`closes only that socket (${code}) on ${name}`, async () => {
      const raw = await rawWebSocket(host.port, host.token);
      raw.socket.write(bytes());
      expect(await raw.closed).toBe(code);
      await stillServes();
    });
  }

  it('answers CONTRACT_INVALID_REQUEST to frames that are not requests, and stays up', async () => {
    const raw = await rawWebSocket(host.port, host.token);
    const bad = ['null', '42', '"x"', '{"id":-1,"method":"getStatus"}', '{"id":1.5}', '['.repeat(100_000), `{"id":1,"method":"getStatus","params":${'['.repeat(5000)}${']'.repeat(5000)}}`];
    for (const text of bad) raw.socket.write(wsFrame(0x1, Buffer.from(text)));
    raw.socket.write(wsFrame(0x2, Buffer.from('{"id":1,"method":"getStatus","params":{}}')));
    await expect.poll(() => raw.texts.length, { timeout: 5_000 }).toBe(bad.length + 1);
    for (const text of raw.texts) expect(JSON.parse(text)).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_REQUEST' } });
    raw.socket.destroy();
    await stillServes();
  });

  it('answers PROFILE_TOO_LARGE to an import just over the limit that still fits a frame', async () => {
    const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin })) as WebSocket;
    const contentBase64 = 'A'.repeat(Math.ceil((5 * 1024 * 1024 + 3) / 3) * 4);
    const answer = await request(ws, 3, 'importProfile', { fileName: 'big.mobileconfig', contentBase64, lastModified: '2026-01-01T00:00:00.000Z' });
    expect(answer).toMatchObject({ id: 3, ok: false, error: { code: 'PROFILE_TOO_LARGE' } });
    ws.close();
    await stillServes();
  });

  it('answers a FIFO given as a profile path with IO_ERROR, over the socket and on the CLI', async () => {
    const fifo = path.join(dir.path, 'profile.mobileconfig');
    const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: host.origin })) as WebSocket;
    const answers = await Promise.all([1, 2, 3, 4, 5].map((id) => request(ws, id, 'inspectProfileFile', { path: fifo })));
    for (const answer of answers) expect(answer).toMatchObject({ ok: false, error: { code: 'IO_ERROR' } });
    ws.close();
    const cli = await runCliProcess(['profile', 'inspect', fifo, '--json', '--data-dir', path.join(dir.path, 'cli-data')]);
    expect(JSON.parse(cli.stdout)).toMatchObject({ error: { code: 'IO_ERROR' } });
    await stillServes();
  });

  it('stops on SIGTERM after all of the above', async () => {
    await stillServes();
    expect(await host.stop('SIGTERM')).toBe(0);
  });
});
