import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { calls, type CallName } from '../../../src/shared/contract';
import { createBench, type Bench } from '../../../src/main/core/create-bench';
import { startWebHost, type WebHost } from '../../../src/main/web-host/web-host';
import { tempDir } from '../../support/temp';
import { openSocket, request } from '../../support/ws-client';

// The contract-level kiosk test over the real loopback front door: a browser kiosk on a second
// screen talks to exactly this socket. The PIN is hashed with the production scrypt parameters.
const PIN = '482913';
const dir = tempDir('eb-kiosk-ws-');
const dataDir = path.join(dir.path, 'data');
let bench: Bench;
let host: WebHost;
let ws: WebSocket;
let nextId = 1;
const pushed: unknown[] = [];

const ask = (method: string, params: unknown) => request(ws, nextId++, method, params);

beforeAll(async () => {
  const staticDir = path.join(dir.path, 'static');
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>station</title>');
  // The station is set up by its admin on the CLI, then started in kiosk mode (--kiosk).
  const setup = await createBench({ dataDir, door: 'cli', kioskWatchMs: null });
  await setup.invoke('setKioskPin', { newPin: PIN });
  await setup.close();
  bench = await createBench({ dataDir, door: 'web-host', kiosk: true, kioskWatchMs: null });
  host = await startWebHost({ bench, staticDir, port: 0 });
  ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })) as WebSocket;
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { event?: unknown };
    if (frame.event) pushed.push(frame.event);
  });
});
afterAll(async () => {
  ws?.close();
  await host?.close();
  await bench?.close();
  dir.cleanup();
});

const adminCalls = (Object.keys(calls) as CallName[]).filter((name) => calls[name].access === 'admin');

describe('a locked kiosk station over the real web-host socket', () => {
  it('answers open calls', async () => {
    expect(await ask('getStatus', {})).toMatchObject({ ok: true, value: { frontDoor: 'web-host' } });
    expect(await ask('getKioskState', {})).toMatchObject({ ok: true, value: { enabled: true, locked: true, pinSet: true } });
  });

  it('refuses every admin call with KIOSK_LOCKED', async () => {
    for (const name of adminCalls) {
      expect(await ask(name, { newPin: '1357' }), name).toMatchObject({
        ok: false,
        error: { code: 'KIOSK_LOCKED', message: 'This is not available while the station is locked.' },
      });
    }
  });

  it('refuses a wrong PIN, journals the attempt and pushes the new failure count', async () => {
    pushed.length = 0;
    expect(await ask('unlockKiosk', { pin: '000000' })).toMatchObject({ ok: false, error: { code: 'KIOSK_PIN_WRONG' } });
    expect(await ask('setKioskPin', { currentPin: PIN, newPin: '1357' })).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
    expect(pushed).toEqual([{ name: 'kioskChanged', payload: expect.objectContaining({ locked: true, failures: 1 }) }]);
    const db = new Database(path.join(dataDir, 'journal.sqlite3'), { readonly: true });
    const last = db.prepare("SELECT to_state, code, message FROM events WHERE kind = 'kiosk-pin-attempt' ORDER BY seq DESC LIMIT 1").get();
    db.close();
    expect(last).toEqual({ to_state: 'refused', code: 'KIOSK_PIN_WRONG', message: 'unlock from web-host: wrong PIN, 1 in a row' });
  });

  it('unlocks with the right PIN, then allows admin calls until locked again', async () => {
    expect(await ask('unlockKiosk', { pin: PIN })).toMatchObject({ ok: true, value: { locked: false, failures: 0 } });
    expect(await ask('setKioskPin', { currentPin: PIN, newPin: PIN })).toMatchObject({ ok: true });
    expect(await ask('lockKiosk', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await ask('enterKiosk', {})).toMatchObject({ ok: false, error: { code: 'KIOSK_LOCKED' } });
  });
});
