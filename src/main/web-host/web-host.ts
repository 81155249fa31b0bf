import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestFrame, type ResponseFrame } from '../../shared/contract';
import type { Bench } from '../core/create-bench';
import {
  allowedHosts,
  allowedOrigins,
  contentSecurityPolicy,
  newToken,
  requestToken,
  TOKEN_COOKIE,
  tokensEqual,
} from './security';

export interface WebHostOptions {
  readonly bench: Bench;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly token?: string;
}

export interface WebHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** What a browser without (or with an old) token sees: exactly what to do next. */
export const UNAUTHORISED_PAGE = [
  'Enrollment Bench: this address has no valid access token.',
  '',
  'Open the address that `npm run serve` printed in its terminal (it ends in ?token=…).',
  'The token stays the same across restarts of the bench on the same data folder; it changes only',
  'when the bench is started with --new-token or with another data folder. Then open the new address.',
  '',
].join('\n');

/** Largest request frame accepted on the socket (a profile upload is at most 5 MB, base64 +33%). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * The loopback front door: serves the built renderer and speaks the contract over a WebSocket.
 * Binds 127.0.0.1 only; every request needs the per-run token (query or cookie), a Host header
 * naming this server (against DNS rebinding), and, for the socket, an Origin from this server.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  const staticRoot = path.resolve(options.staticDir);
  let port = 0;

  const send = (response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...baseHeaders(), ...headers });
    response.end(body);
  };
  const baseHeaders = () => ({
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  });

  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'invalid'}`);
    if (!allowedHosts(port).has(request.headers.host ?? '')) return send(response, 421, 'Misdirected request\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed\n');
    if (!tokensEqual(requestToken(request, url), token)) {
      return send(response, 401, UNAUTHORISED_PAGE);
    }
    const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(staticRoot, relative);
    const inside = file === staticRoot || file.startsWith(staticRoot + path.sep);
    // Client-side routes (#/…) all load index.html; unknown files are 404, never a directory listing.
    const target = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : null;
    if (!target) return send(response, 404, 'Not found\n');
    const headers: Record<string, string> = {
      ...baseHeaders(),
      'Content-Type': MIME[path.extname(target)] ?? 'application/octet-stream',
    };
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    if (request.method === 'HEAD') return response.end();
    fs.createReadStream(target).pipe(response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'invalid'}`);
    const refuse = (status: number, reason: string) => {
      socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!allowedHosts(port).has(request.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!allowedOrigins(port).has(request.headers.origin ?? '')) return refuse(403, 'Forbidden');
    if (!tokensEqual(requestToken(request, url), token)) return refuse(401, 'Unauthorized');
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.bench));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function serveSocket(ws: WebSocket, bench: Bench): void {
  const unsubscribe = bench.subscribe((event) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
  });
  ws.on('close', unsubscribe);
  ws.on('message', async (data) => {
    let frame: RequestFrame;
    try {
      frame = RequestFrame.parse(JSON.parse(data.toString()));
    } catch {
      ws.send(JSON.stringify({ id: -1, ok: false, error: { code: 'CONTRACT_INVALID_REQUEST', message: 'Malformed frame.' } }));
      return;
    }
    const result = await bench.call(frame.method, frame.params, { door: 'web-host' });
    const response: ResponseFrame = { id: frame.id, ...result };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
  });
}
