import { describe, expect, it } from 'vitest';
import { createBridge } from '../../../src/renderer/bridge';
import { PRELOAD_GLOBAL, type PreloadApi } from '../../../src/shared/contract';
import { DEFAULT_SETTINGS } from '../../../src/shared/models/settings';

// The Electron half of the bridge, over a FakePreload: the Electron binary is not available here,
// so the preload's named functions are played by this small object of the same shape. The
// WebSocket half runs against the real web-host in test/integration/renderer-bridge.test.ts.

class FakePreload {
  readonly answers = new Map<string, unknown>();
  readonly eventListeners = new Set<(event: unknown) => void>();
  pathForFile: (file: File) => string = () => '/Users/tech/Downloads/profile.mobileconfig';

  api(): PreloadApi {
    const calls = new Proxy({}, { get: (_t, name: string) => async () => this.answers.get(name) }) as PreloadApi['calls'];
    return {
      calls,
      onEvent: (listener) => {
        this.eventListeners.add(listener);
        return () => this.eventListeners.delete(listener);
      },
      shell: { pathForFile: (file) => this.pathForFile(file), revealPath: async () => true, onCommand: () => () => {} },
    };
  }

  window(): Window {
    return { [PRELOAD_GLOBAL]: this.api() } as unknown as Window;
  }

  emit(event: unknown): void {
    for (const listener of this.eventListeners) listener(event);
  }
}

describe('the bridge inside Electron (preload present)', () => {
  it('passes through an answer the contract accepts', async () => {
    const preload = new FakePreload();
    preload.answers.set('getSettings', { ok: true, value: DEFAULT_SETTINGS });
    const bridge = createBridge(preload.window());
    expect(bridge.kind).toBe('electron');
    expect(await bridge.call('getSettings', {})).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('turns an answer the contract does not accept into CONTRACT_INVALID_RESPONSE, never into data', async () => {
    const preload = new FakePreload();
    preload.answers.set('getSettings', { ok: true, value: { ...DEFAULT_SETTINGS, concurrency: 'many' } });
    const bridge = createBridge(preload.window());
    expect(await bridge.call('getSettings', {})).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_RESPONSE' } });
    preload.answers.set('getSettings', 'garbage');
    expect(await bridge.call('getSettings', {})).toMatchObject({ ok: false, error: { code: 'CONTRACT_INVALID_RESPONSE' } });
  });

  it("passes on the core's coded refusal as it is", async () => {
    const preload = new FakePreload();
    preload.answers.set('updateSettings', { ok: false, error: { code: 'KIOSK_LOCKED', message: 'locked' } });
    expect(await createBridge(preload.window()).call('updateSettings', {})).toEqual({
      ok: false,
      error: { code: 'KIOSK_LOCKED', message: 'locked' },
    });
  });

  it('delivers only events the contract defines, until unsubscribed', () => {
    const preload = new FakePreload();
    const bridge = createBridge(preload.window());
    const seen: string[] = [];
    const stop = bridge.subscribe((event) => seen.push(event.name));
    preload.emit({ name: 'settingsChanged', payload: DEFAULT_SETTINGS });
    preload.emit({ name: 'settingsChanged', payload: { nonsense: true } });
    preload.emit({ name: 'noSuchEvent', payload: {} });
    stop();
    preload.emit({ name: 'settingsChanged', payload: DEFAULT_SETTINGS });
    expect(seen).toEqual(['settingsChanged']);
  });

  it('is always connected, and gives no path when the shell cannot tell one', () => {
    const preload = new FakePreload();
    const bridge = createBridge(preload.window());
    const states: boolean[] = [];
    bridge.onConnection((connected) => states.push(connected));
    expect(states).toEqual([true]);
    const file = {} as File;
    expect(bridge.pathForFile(file)).toBe('/Users/tech/Downloads/profile.mobileconfig');
    preload.pathForFile = () => '';
    expect(bridge.pathForFile(file)).toBeNull();
    preload.pathForFile = () => {
      throw new Error('not a file from disk');
    };
    expect(bridge.pathForFile(file)).toBeNull();
  });
});
