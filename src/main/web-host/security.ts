import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { rendererCsp } from '../../shared/csp';

export const TOKEN_COOKIE = 'eb_token';

/** A fresh per-run token: 32 random bytes, URL-safe. */
export function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

export function tokensEqual(given: string | null | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, name: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

/** The token may come as ?token= (first page load, WebSocket) or as the cookie set on first load. */
export function requestToken(request: IncomingMessage, url: URL): string | null {
  return url.searchParams.get('token') ?? cookieValue(request, TOKEN_COOKIE);
}

/** The host names this server answers to; anything else is a DNS-rebinding attempt. */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): ReadonlySet<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Content Security Policy for the renderer when served by the web-host: its socket too. */
export function contentSecurityPolicy(port: number): string {
  return rendererCsp([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
}
