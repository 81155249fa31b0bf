// The renderer's only way to the core. In Electron it uses the preload's named functions; in a
// browser it speaks the same contract over the web-host's WebSocket. Everything that arrives is
// validated against the shared contract before the UI sees it.
import {
  parseCallResult,
  parseEvent,
  PRELOAD_GLOBAL,
  type BenchEvent,
  type CallName,
  type CallRequest,
  type CallResponse,
  type CallResult,
  type PreloadApi,
  type ShellCommand,
} from '../shared/contract';
import { ERROR_MESSAGES } from '../shared/errors';

export interface Bridge {
  readonly kind: 'electron' | 'web-host';
  call<N extends CallName>(method: N, params: CallRequest<N>): Promise<CallResult<CallResponse<N>>>;
  subscribe(listener: (event: BenchEvent) => void): () => void;
  /** Connection state for the UI (the socket may drop and come back). */
  onConnection(listener: (connected: boolean) => void): () => void;
  /** Absolute path of a dropped/picked file, where the platform reveals it (Electron only). */
  pathForFile(file: File): string | null;
  /** Show a staged file in Finder (Electron only; false elsewhere or when refused). */
  revealPath(path: string): Promise<boolean>;
  /** Whether the host answers and accepts this page's token (asked after the connection drops). */
  probe(): Promise<'ok' | 'refused' | 'unreachable'>;
  /** Commands from the desktop shell's menu (none in a browser). */
  onShellCommand(listener: (command: ShellCommand) => void): () => void;
}

export function createBridge(win: Window = window): Bridge {
  const preload = (win as unknown as Record<string, unknown>)[PRELOAD_GLOBAL] as PreloadApi | undefined;
  return preload ? preloadBridge(preload) : socketBridge(win);
}

function preloadBridge(api: PreloadApi): Bridge {
  return {
    kind: 'electron',
    async call(method, params) {
      const invoke = api.calls[method] as (p: unknown) => Promise<unknown>;
      return parseCallResult(method, await invoke(params));
    },
    subscribe(listener) {
      return api.onEvent((raw) => {
        const event = parseEvent(raw);
        if (event) listener(event);
      });
    },
    onConnection(listener) {
      listener(true);
      return () => {};
    },
    pathForFile: (file) => {
      try {
        return api.shell.pathForFile(file) || null;
      } catch {
        return null;
      }
    },
    revealPath: (path) => api.shell.revealPath(path),
    probe: async () => 'ok',
    onShellCommand: (listener) => api.shell.onCommand(listener),
  };
}

/** Read the access token once from ?token=…, keep it for this tab, and take it out of the address bar. */
function takeToken(win: Window): string {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    win.sessionStorage.setItem('eb_token', fromUrl);
    url.searchParams.delete('token');
    win.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return win.sessionStorage.getItem('eb_token') ?? '';
}

function socketBridge(win: Window): Bridge {
  const token = takeToken(win);
  const pending = new Map<number, { method: CallName; resolve: (r: CallResult) => void }>();
  const listeners = new Set<(event: BenchEvent) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let retryMs = 250;

  const setConnected = (connected: boolean) => connectionListeners.forEach((l) => l(connected));

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://${win.location.host}/ws?token=${encodeURIComponent(token)}`);
      ws.onopen = () => {
        socket = ws;
        retryMs = 250;
        setConnected(true);
        resolve(ws);
      };
      ws.onmessage = (message) => {
        let frame: { id?: number; event?: unknown };
        try {
          frame = JSON.parse(String(message.data)) as typeof frame;
        } catch {
          return;
        }
        if (frame.event !== undefined) {
          const event = parseEvent(frame.event);
          if (event) listeners.forEach((l) => l(event));
          return;
        }
        const entry = typeof frame.id === 'number' ? pending.get(frame.id) : undefined;
        if (entry && typeof frame.id === 'number') {
          pending.delete(frame.id);
          entry.resolve(parseCallResult(entry.method, frame));
        }
      };
      ws.onclose = () => {
        const wasOpen = socket === ws;
        socket = null;
        opened = null;
        for (const [id, entry] of pending) {
          pending.delete(id);
          entry.resolve({ ok: false, error: { code: 'TRANSPORT_CLOSED', message: ERROR_MESSAGES.TRANSPORT_CLOSED } });
        }
        setConnected(false);
        if (!wasOpen) reject(new Error('connection refused'));
        // Come back by ourselves when the host restarts or the laptop wakes.
        win.setTimeout(() => void connect().catch(() => {}), retryMs);
        retryMs = Math.min(retryMs * 2, 5000);
      };
    });
    return opened;
  };
  void connect().catch(() => {});

  return {
    kind: 'web-host',
    async call(method, params) {
      let ws: WebSocket;
      try {
        ws = await connect();
      } catch {
        return { ok: false, error: { code: 'TRANSPORT_CLOSED', message: ERROR_MESSAGES.TRANSPORT_CLOSED } };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { method, resolve: resolve as (r: CallResult) => void });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(socket !== null);
      return () => connectionListeners.delete(listener);
    },
    pathForFile: () => null,
    revealPath: async () => false,
    async probe() {
      try {
        // The page itself, with this tab's cookie: 401 means the bench now has another token.
        const response = await win.fetch(win.location.pathname, { method: 'HEAD', cache: 'no-store' });
        return response.status === 401 ? 'refused' : 'ok';
      } catch {
        return 'unreachable';
      }
    },
    onShellCommand: () => () => {},
  };
}
