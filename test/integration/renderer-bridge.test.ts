import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { createBench, type Bench } from '../../src/main/core/create-bench';
import { startWebHost, type WebHost } from '../../src/main/web-host/web-host';
import { createBridge, type Bridge } from '../../src/renderer/bridge';
import type { BenchEvent } from '../../src/shared/contract';
import { tempDir } from '../support/temp';
import { until } from '../support/wait';

// The browser half of the renderer's bridge against the real web-host and the real core. Two
// things of a browser do not exist in Node and are played here: the window (its address, session
// storage and history: a FakeWindow) and the browser's WebSocket, which is the `ws` client made to
// send the Origin a page of this host sends.

class FakeWindow {
  readonly sessionStorage = new Map<string, string>();
  readonly location: { href: string; host: string };
  readonly replaced: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  constructor(url: string) {
    this.location = { href: url, host: new URL(url).host };
  }
  /** The tab is closed: the bridge's reconnect attempts stop. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
  }
  asWindow(): Window {
    return {
      location: this.location,
      sessionStorage: {
        getItem: (k: string) => this.sessionStorage.get(k) ?? null,
        setItem: (k: string, v: string) => void this.sessionStorage.set(k, v),
      },
      history: { replaceState: (_s: unknown, _t: string, url: string) => void this.replaced.push(url) },
      setTimeout: (run: () => void, ms: number) => {
        if (this.closed) return 0;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          run();
        }, ms);
        this.timers.add(timer);
        return 0;
      },
    } as unknown as Window;
  }
}

function browserWebSocket() {
  return class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin: `http://${new URL(url).host}` });
      // A browser reports a refused handshake as an error event followed by close; ws throws
      // an unhandled 'error' unless someone listens. The bridge acts on close.
      this.on('error', () => {});
    }
  };
}

describe('the bridge in a browser, over the web-host', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    vi.unstubAllGlobals();
  });

  async function served(): Promise<{ bench: Bench; host: WebHost; dataDir: string }> {
    const dir = tempDir('eb-bridge-');
    cleanups.push(dir.cleanup);
    const dataDir = path.join(dir.path, 'data');
    const bench = await createBench({ dataDir, door: 'web-host', kioskWatchMs: null });
    cleanups.push(() => bench.close());
    const host = await startWebHost({ bench, staticDir: dir.path, port: 0 });
    cleanups.push(() => host.close());
    vi.stubGlobal('WebSocket', browserWebSocket());
    return { bench, host, dataDir };
  }

  function tab(url: string): FakeWindow {
    const page = new FakeWindow(url);
    cleanups.push(() => page.close());
    return page;
  }

  it('takes the token out of the address bar, keeps it for the tab, and answers calls validated by the contract', async () => {
    const { host, dataDir } = await served();
    const page = tab(`http://127.0.0.1:${host.port}/?token=${host.token}#/about`);
    const bridge = createBridge(page.asWindow());
    expect(bridge.kind).toBe('web-host');
    expect(page.sessionStorage.get('eb_token')).toBe(host.token);
    expect(page.replaced).toEqual(['/#/about']);
    const status = await bridge.call('getStatus', {});
    expect(status).toMatchObject({ ok: true, value: { dataDir, frontDoor: 'web-host' } });
    const refused = await bridge.call('getProfile', { id: 'f'.repeat(64) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PROFILE_NOT_FOUND' } });
  });

  it("delivers the core's pushed events", async () => {
    const { host } = await served();
    const bridge = createBridge(tab(`http://127.0.0.1:${host.port}/?token=${host.token}`).asWindow());
    const events: BenchEvent[] = [];
    bridge.subscribe((event) => events.push(event));
    await waitForConnection(bridge);
    const saved = await bridge.call('updateSettings', { technicianName: 'Robin' });
    expect(saved).toMatchObject({ ok: true, value: { technicianName: 'Robin' } });
    await until(() => events.some((e) => e.name === 'settingsChanged'));
    expect(events.find((e) => e.name === 'settingsChanged')?.payload).toMatchObject({ technicianName: 'Robin' });
  });

  it('says it is disconnected when the host goes away, and answers TRANSPORT_CLOSED instead of hanging', async () => {
    const { host } = await served();
    const bridge = createBridge(tab(`http://127.0.0.1:${host.port}/?token=${host.token}`).asWindow());
    const states: boolean[] = [];
    bridge.onConnection((connected) => states.push(connected));
    await waitForConnection(bridge);
    await host.close();
    await until(() => states.at(-1) === false);
    expect(await bridge.call('getStatus', {})).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } });
  });

  it('is refused without the token, and says so with TRANSPORT_CLOSED', async () => {
    const { host } = await served();
    const bridge = createBridge(tab(`http://127.0.0.1:${host.port}/`).asWindow());
    expect(await bridge.call('getStatus', {})).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } });
  });
});

function waitForConnection(bridge: Bridge): Promise<void> {
  return new Promise((resolve) => {
    const stop = bridge.onConnection((connected) => {
      if (connected) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}
