import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { createBench, type Bench, type BenchOptions } from '../../../src/main/core/create-bench';
import { startWebHost } from '../../../src/main/web-host/web-host';
import type { BenchEvent } from '../../../src/shared/contract';
import type { TargetEvent } from '../../../src/shared/models/target';
import { FakeUsb } from '../../support/fake-usb';
import { tempDir } from '../../support/temp';
import { appear, writeCarrier } from '../../support/volumes';
import { until } from '../../support/wait';
import { openSocket, request } from '../../support/ws-client';

// Discovery as every front door gets it: through createBench, the contract and its events.
const dir = tempDir('eb-bench-discovery-');
afterAll(() => dir.cleanup());

let bench: Bench | null = null;
afterEach(async () => {
  await bench?.close();
  bench = null;
});

function layout() {
  const base = fs.mkdtempSync(path.join(dir.path, 'case-'));
  const root = path.join(base, 'mounts');
  const staging = path.join(base, 'staging');
  fs.mkdirSync(root);
  fs.mkdirSync(staging);
  return { base, root, staging };
}

async function open(base: string, options: Partial<BenchOptions>): Promise<Bench> {
  bench = await createBench({
    dataDir: path.join(base, 'data'),
    door: 'web-host',
    devices: { platformRoots: false, detachGraceMs: 0, refreshMs: 0 },
    ...options,
  });
  return bench;
}

const targetEvents = (events: BenchEvent[]): TargetEvent[] => events.flatMap((e) => (e.name === 'targetsChanged' ? [e.payload] : []));

describe('discovery inside the core', () => {
  it('watching: pushes targetsChanged for volumes and USB devices, and close() stops every watcher', async () => {
    const { base, root, staging } = layout();
    const usb = new FakeUsb();
    const b = await open(base, { discovery: 'watch', mountRoots: [root], usbModule: usb });
    const events: BenchEvent[] = [];
    b.subscribe((e) => events.push(e));
    expect(await b.invoke('getDiscoveryStatus', {})).toEqual({
      mode: 'watch',
      roots: [{ path: root, source: 'explicit', state: 'ok' }],
      usb: { state: 'watching', error: null },
    });

    appear(root, staging, 'STICK', writeCarrier);
    usb.plug({ idProduct: 0x1281, strings: { 3: 'CPID:8112 BDID:2C ECID:0009C41E2A3B4C5D IBFL:3C SRNM:[H2WDX0Q1PX]' } });
    await until(() => targetEvents(events).filter((e) => e.type === 'attach').length === 2, 'two attaches');
    expect((await b.invoke('listTargets', {})).map((t) => t.name).sort()).toEqual(['Mac in Recovery (M2)', 'STICK']);

    await b.close();
    bench = null;
    expect(usb.hotplugListeners).toBe(0);
  });

  it('off (CLI commands): nothing is watched, and listTargets looks once', async () => {
    const { base, root, staging } = layout();
    appear(root, staging, 'STICK', writeCarrier);
    const usb = new FakeUsb();
    usb.plug({ idProduct: 0x1227 });
    const b = await open(base, { mountRoots: [root], usbModule: usb });
    expect(usb.hotplugListeners).toBe(0);
    expect((await b.invoke('listTargets', {})).map((t) => t.kind).sort()).toEqual(['carrier', 'usb-device']);
    expect((await b.invoke('getDiscoveryStatus', {})).mode).toBe('off');
    expect(usb.hotplugListeners).toBe(0);
  });

  it('says USB discovery is unavailable when usb did not load, and still finds volumes', async () => {
    const { base, root, staging } = layout();
    appear(root, staging, 'STICK', writeCarrier);
    const b = await open(base, { mountRoots: [root], usbModule: null });
    expect((await b.invoke('getDiscoveryStatus', {})).usb).toEqual({ state: 'unavailable', error: expect.any(String) });
    expect(await b.invoke('listTargets', {})).toHaveLength(1);
  });

  it('with the real usb 2.x module (no bus here): watches, finds nothing, and lets go on close', async () => {
    const { base } = layout();
    const b = await open(base, { discovery: 'watch' });
    const status = await b.invoke('getStatus', {});
    if (!status.nativeModules.find((m) => m.name === 'usb')?.loaded) {
      expect((await b.invoke('getDiscoveryStatus', {})).usb.state).toBe('unavailable');
      return;
    }
    expect((await b.invoke('getDiscoveryStatus', {})).usb.state).toBe('watching');
    expect((await b.invoke('listTargets', {})).filter((t) => t.kind === 'usb-device')).toEqual([]);
    await b.close();
    bench = null;
    const usb = createRequire(import.meta.url)('usb') as { usb: { listenerCount(event: string): number } };
    expect(usb.usb.listenerCount('attach') + usb.usb.listenerCount('detach')).toBe(0);
  });

  it('refuses a USB id outside 16 bits with a contract error', async () => {
    const { base } = layout();
    const b = await open(base, {});
    const result = await b.call('decodeUsbDevice', { vendorId: 0x105ac, productId: 0x1227 });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_REQUEST' } });
  });

  it('pushes target events to a browser connected to the web-host', async () => {
    const { base, root, staging } = layout();
    const b = await open(base, { discovery: 'watch', mountRoots: [root], usbModule: null });
    const staticDir = path.join(base, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    const host = await startWebHost({ bench: b, staticDir, port: 0 });
    try {
      const ws = (await openSocket(`ws://127.0.0.1:${host.port}/ws?token=${host.token}`, { origin: `http://127.0.0.1:${host.port}` })) as WebSocket;
      const frames: { event?: BenchEvent }[] = [];
      ws.on('message', (data: WebSocket.RawData) => frames.push(JSON.parse(data.toString()) as { event?: BenchEvent }));
      expect(await request(ws, 1, 'listTargets', {})).toMatchObject({ ok: true, value: [] });
      appear(root, staging, 'BROWSER STICK', writeCarrier);
      await until(() => frames.some((f) => f.event?.name === 'targetsChanged'), 'a pushed event');
      expect(frames.find((f) => f.event?.name === 'targetsChanged')?.event).toMatchObject({
        name: 'targetsChanged',
        payload: { type: 'attach', target: { name: 'BROWSER STICK', kind: 'carrier' } },
      });
      ws.close();
    } finally {
      await host.close();
    }
  });
});
