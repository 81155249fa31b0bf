import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import { startWebHost, type WebHost } from '../../../src/main/web-host/web-host';
import { rawWebSocket, wsFrame } from '../../support/raw-client';
import { tempDir } from '../../support/temp';
import { openSocket, request } from '../../support/ws-client';

// A client that stops reading must not grow the bench's memory without limit (issue 11: +87 MB
// for five such sockets). With a 256 KiB bound, a socket that asks for far more than that and
// reads nothing is closed, and the others are served.
const dir = tempDir('eb-fault-slow-');
let bench: Bench;
let host: WebHost;

beforeAll(async () => {
  const staticDir = path.join(dir.path, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
  bench = await createBench({ dataDir: path.join(dir.path, 'data'), door: 'web-host' });
  host = await startWebHost({ bench, staticDir, port: 0, maxBufferedBytes: 256 * 1024 });
});
afterAll(async () => {
  await host.close();
  await bench.close();
  dir.cleanup();
});

it('closes a socket that stops reading once its unsent answers pass the bound', async () => {
  const raw = await rawWebSocket(host.port, host.token);
  raw.socket.pause();
  // 40,000 answers of ~600 bytes: ~24 MB, far beyond the kernel's socket buffers and the bound.
  const requests = 40_000;
  const frame = (id: number) => wsFrame(0x1, Buffer.from(JSON.stringify({ id, method: 'getStatus', params: {} })));
  for (let id = 0; id < requests; id += 1) raw.socket.write(frame(id));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  raw.socket.resume();
  await raw.closed;
  expect(raw.texts.length).toBeGreaterThan(0);
  expect(raw.texts.length).toBeLessThan(requests);

  const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })) as WebSocket;
  expect(await request(ws, 1, 'getStatus', {})).toMatchObject({ id: 1, ok: true });
  ws.close();
});
