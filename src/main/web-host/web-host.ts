import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestFrame, type CallResult, type ResponseFrame } from '../../shared/contract';
import { toErrorData } from '../../shared/errors';
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
  /**
   * Bytes a socket may have waiting to be sent before the bench gives up on it (a client that
   * stopped reading). Events are dropped past half of it; the socket is closed past all of it.
   */
  readonly maxBufferedBytes?: number;
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

/** Largest request frame accepted on the socket (a profile upload is at most 5 MB, base64 +33%). */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;
/** Default bound of one socket's unsent bytes (a slow reader is closed past it). */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** How long a client may take to send its request headers, and a whole request. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

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
    // Every request is parsed defensively: nothing a client sends may throw out of here.
    response.on('error', () => {});
    try {
      void serveFile(request, response).catch(() => failQuietly(response));
    } catch {
      failQuietly(response);
    }
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  // Bytes that are not HTTP (a bad request line, an overlong header, a reset): answer 400 and close.
  server.on('clientError', (_error, socket) => {
    if (socket.writable && !socket.writableEnded) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  });
  server.on('connection', (socket) => socket.on('error', () => socket.destroy()));

  const failQuietly = (response: ServerResponse) => {
    if (!response.headersSent) send(response, 500, 'Internal error\n');
    else response.destroy();
  };

  const serveFile = async (request: IncomingMessage, response: ServerResponse) => {
    // The Host is checked as a plain string before anything parses it (`[`, `a:b:c`, `:99999`).
    if (!allowedHosts(port).has(request.headers.host ?? '')) return send(response, 421, 'Misdirected request\n');
    const url = parseRequestUrl(request.url);
    if (!url) return send(response, 400, 'Bad request\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed\n');
    if (!tokensEqual(requestToken(request, url), token)) {
      return send(response, 401, 'Enrollment Bench: open the address printed by `npm run serve` (it carries the access token).\n');
    }
    const relative = url.pathname === '/' ? 'index.html' : safeDecode(url.pathname)?.replace(/^\/+/, '');
    if (relative === undefined || relative.includes('\0')) return send(response, 400, 'Bad request\n');
    const file = path.resolve(staticRoot, relative);
    const inside = file === staticRoot || file.startsWith(staticRoot + path.sep);
    // Client-side routes (#/…) all load index.html; unknown files are 404, never a directory listing.
    // The file is opened without blocking (a FIFO would hold a thread-pool thread for ever) and its
    // type is checked on the open handle: only regular files are served.
    const handle = inside ? await openRegularFile(file) : null;
    if (!handle) return send(response, 404, 'Not found\n');
    const headers: Record<string, string> = {
      ...baseHeaders(),
      'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    };
    if (url.searchParams.has('token')) {
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      await handle.close().catch(() => {});
      return response.end();
    }
    const stream = handle.createReadStream();
    stream.on('error', () => response.destroy());
    stream.pipe(response);
  };

  const maxBuffered = options.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  sockets.on('error', () => {});
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, reason: string) => {
      if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
    };
    try {
      if (!allowedHosts(port).has(request.headers.host ?? '')) return refuse(421, 'Misdirected Request');
      const url = parseRequestUrl(request.url);
      if (!url) return refuse(400, 'Bad Request');
      if (url.pathname !== '/ws') return refuse(404, 'Not Found');
      if (!allowedOrigins(port).has(request.headers.origin ?? '')) return refuse(403, 'Forbidden');
      if (!tokensEqual(requestToken(request, url), token)) return refuse(401, 'Unauthorized');
      sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, options.bench, maxBuffered));
    } catch {
      refuse(400, 'Bad Request');
    }
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

/** The request target as a URL on a fixed base, or null when it is not one (never a throw). */
export function parseRequestUrl(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Open a file for reading only if it is a regular file; never blocks on a FIFO or device. */
async function openRegularFile(file: string): Promise<fsp.FileHandle | null> {
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch {
    return null;
  }
  try {
    if ((await handle.stat()).isFile()) return handle;
  } catch {
    // fall through: treated as not found
  }
  await handle.close().catch(() => {});
  return null;
}

/**
 * One client on the socket. Errors on the socket (oversized, unmasked or invalid frames, resets)
 * close that socket only. A client that stops reading has events dropped once half the bound is
 * waiting and is closed past the bound, so it cannot grow the bench's memory without limit.
 */
function serveSocket(ws: WebSocket, bench: Bench, maxBuffered: number): void {
  ws.on('error', () => ws.terminate());
  const sendBounded = (frame: unknown, droppable: boolean) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > maxBuffered) return ws.terminate();
    if (droppable && ws.bufferedAmount > maxBuffered / 2) return;
    ws.send(JSON.stringify(frame), (error) => {
      if (error) ws.terminate();
    });
  };
  const unsubscribe = bench.subscribe((event) => sendBounded({ event }, true));
  ws.on('close', unsubscribe);
  ws.on('message', (data, isBinary) => {
    void (async () => {
      let frame: RequestFrame;
      try {
        if (isBinary) throw new Error('binary frame');
        frame = RequestFrame.parse(JSON.parse(data.toString()));
      } catch {
        sendBounded({ id: -1, ok: false, error: { code: 'CONTRACT_INVALID_REQUEST', message: 'Malformed frame.' } }, false);
        return;
      }
      let result: CallResult;
      try {
        result = await bench.call(frame.method, frame.params, { door: 'web-host' });
      } catch (error) {
        result = { ok: false, error: toErrorData(error) };
      }
      const response: ResponseFrame = { id: frame.id, ...result };
      sendBounded(response, false);
    })();
  });
}
