// A FAKE of the few Electron main-process objects the window, protocol and session hardening code
// touches, for tests on plain Node (the Electron binary cannot exist on these machines). Shaped
// like the real API: constructors and handlers record what the shell passed them, nothing more.
// Use with: vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectron)

type Listener = (...args: unknown[]) => void;

export class FakeBrowserWindow {
  static created: FakeBrowserWindow[] = [];
  readonly loaded: string[] = [];
  readonly listeners = new Map<string, Listener[]>();
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    FakeBrowserWindow.created.push(this);
  }
  once(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  on(event: string, listener: Listener): this {
    return this.once(event, listener);
  }
  show(): void {}
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
}

type ProtocolHandler = (request: Request) => Promise<Response>;
type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void;

export const fakeRecords = {
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, ProtocolHandler>(),
  /** What net.fetch serves for a file URL: the test sets it. */
  netFetch: (_url: string): Promise<Response> => Promise.resolve(new Response('', { status: 404 })),
  headersListener: null as HeadersListener | null,
  permissionRequestHandler: null as ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  permissionCheckHandler: null as ((...args: unknown[]) => boolean) | null,
};

export const fakeElectron = {
  BrowserWindow: FakeBrowserWindow,
  nativeTheme: { shouldUseDarkColors: false },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void fakeRecords.privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: ProtocolHandler) => void fakeRecords.protocolHandlers.set(scheme, handler),
  },
  net: { fetch: (url: string) => fakeRecords.netFetch(url) },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (listener: HeadersListener) => void (fakeRecords.headersListener = listener) },
      setPermissionRequestHandler: (handler: typeof fakeRecords.permissionRequestHandler) => void (fakeRecords.permissionRequestHandler = handler),
      setPermissionCheckHandler: (handler: typeof fakeRecords.permissionCheckHandler) => void (fakeRecords.permissionCheckHandler = handler),
    },
  },
  app: { on: () => {} },
};
export default fakeElectron;
