import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rendererCsp } from '../../src/shared/csp';
import { FakeBrowserWindow, fakeRecords } from '../support/fake-electron';
import { REPO_ROOT } from '../support/temp';

// The Electron shell's renderer protections, checked on Node with a FAKE electron module (the
// binary cannot run here): the options the real createMainWindow passes to BrowserWindow, the CSP
// the real protocol handler and session hook send, and the built renderer that must live with it.
vi.mock('electron', async () => (await import('../support/fake-electron')).fakeElectron);

const { createMainWindow } = await import('../../src/main/electron/window');
const { registerAppScheme, serveRenderer, APP_ORIGIN } = await import('../../src/main/electron/app-protocol');
const { hardenSession } = await import('../../src/main/electron/hardening');
const { ELECTRON_CSP } = await import('../../src/main/electron/csp');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

beforeEach(() => {
  FakeBrowserWindow.created = [];
});

describe("the Electron window's webPreferences", () => {
  it.each([
    ['a bench window', false],
    ['a kiosk window', true],
  ])('%s keeps context isolation, the sandbox and web security on and Node integration off', (_name, kiosk) => {
    createMainWindow({ preloadPath: 'out/preload/preload.cjs', kiosk });
    expect(FakeBrowserWindow.created).toHaveLength(1);
    const prefs = FakeBrowserWindow.created[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      webSecurity: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.resolve('out/preload/preload.cjs'),
    });
    for (const risky of ['experimentalFeatures', 'enableBlinkFeatures', 'additionalArguments', 'enableRemoteModule']) expect(prefs).not.toHaveProperty(risky);
    expect(prefs?.devTools).toBe(process.env.ENROLLMENT_BENCH_DEVTOOLS === '1');
    expect(FakeBrowserWindow.created[0]!.loaded).toEqual([`${APP_ORIGIN}/index.html`]);
  });

  it('is the only place a BrowserWindow or webPreferences is made, so no other window escapes this test', () => {
    const offenders = sourceFiles(path.join(REPO_ROOT, 'src'))
      .filter((file) => /new\s+BrowserWindow\b|webPreferences\s*:|\bBrowserView\b|\bWebContentsView\b|<webview/.test(withoutComments(fs.readFileSync(file, 'utf8'))))
      .map((file) => path.relative(REPO_ROOT, file).split(path.sep).join('/'));
    expect(offenders).toEqual(['src/main/electron/window.ts']);
  });

  it('never turns a protection off anywhere in the built main bundle', () => {
    const main = fs.readFileSync(path.join(REPO_ROOT, 'out', 'main', 'electron-main.js'), 'utf8');
    expect(main).toContain('contextIsolation: true');
    expect(main).not.toMatch(/contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|nodeIntegration(InWorker|InSubFrames)?:\s*true|allowRunningInsecureContent:\s*true/);
  });
});

describe('the Content Security Policy', () => {
  it('allows only the app itself: no inline code, no eval, no remote origins, no plugins, no framing', () => {
    const policy = directives(ELECTRON_CSP);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, values] of policy) {
      for (const value of values) expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|data:)$/);
      if (name !== 'img-src' && name !== 'media-src') expect(values, name).not.toContain('data:');
    }
  });

  it("stays as strict in the web-host's variant, which only adds its own socket", () => {
    const policy = directives(rendererCsp(['ws://127.0.0.1:41234']));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:41234']);
  });

  it('is sent with every renderer file the app:// protocol serves, and files outside the renderer are not served', async () => {
    registerAppScheme();
    expect(fakeRecords.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    const rendererDir = path.join(REPO_ROOT, 'out', 'renderer');
    const fetched: string[] = [];
    fakeRecords.netFetch = (url) => {
      fetched.push(url);
      return Promise.resolve(new Response('<!doctype html>', { headers: { 'content-type': 'text/html', 'content-security-policy': "script-src *" } }));
    };
    serveRenderer(rendererDir);
    const handler = fakeRecords.protocolHandlers.get('app')!;
    const response = await handler(new Request(`${APP_ORIGIN}/index.html`));
    expect(response.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(fetched).toEqual([`file://${path.join(rendererDir, 'index.html')}`]);
    expect((await handler(new Request(`${APP_ORIGIN}/..%2f..%2fpackage.json`))).status).toBe(404);
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect(fetched).toHaveLength(1);
  });

  it('replaces any policy on every response in the session and denies every permission', () => {
    hardenSession();
    let sent: Record<string, string[]> | undefined;
    fakeRecords.headersListener!({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response) => (sent = response.responseHeaders));
    expect(sent).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [ELECTRON_CSP] });
    const granted: boolean[] = [];
    fakeRecords.permissionRequestHandler!(null, 'media', (answer) => granted.push(answer));
    expect(granted).toEqual([false]);
    expect(fakeRecords.permissionCheckHandler!(null, 'notifications')).toBe(false);
  });

  it('fits the built renderer: index.html has no inline script, style or event handler', () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'out', 'renderer', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/i);
  });
});
