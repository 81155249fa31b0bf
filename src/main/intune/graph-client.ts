import { BenchError, type ErrorCode } from '../../shared/errors';
import type { Clock } from '../platform/clock';

// A small Microsoft Graph client: one request at a time, each with a bounded timeout; 429, 503
// and 504 are retried after the Retry-After Graph sends (or an exponential back-off), a few times,
// never longer than a bound; collections are paged through @odata.nextLink, which is only followed
// on Graph's own origin so the token never goes anywhere else. Every failure is a BenchError with
// an INTUNE_* code. The token is put in the Authorization header and nowhere else: it is never
// logged, never part of an error, never returned.

export interface TokenProvider {
  /** A bearer token for Graph; throws INTUNE_NOT_SIGNED_IN when there is none. */
  token(): Promise<string>;
  /** Graph said 401: try once to get a fresh token (MSAL refresh); false when that is not possible. */
  refresh(): Promise<boolean>;
}

export interface GraphClientOptions {
  readonly baseUrl: string;
  readonly tokens: TokenProvider;
  readonly clock: Clock;
  /** One request's limit (default 20 s). */
  readonly timeoutMs?: number;
  /** Attempts for a throttled or unavailable request, the first included (default 4). */
  readonly maxAttempts?: number;
  /** The longest single wait the client accepts; a longer Retry-After fails as INTUNE_THROTTLED (default 30 s). */
  readonly maxWaitMs?: number;
  /** Injected by tests to record waits; the default really waits. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly fetch?: typeof fetch;
  /** Metadata about each request (method, path, status, ms): never headers, never bodies. */
  readonly onRequest?: (fields: { method: string; path: string; status: number | null; ms: number; attempt: number }) => void;
}

export interface GraphRequest {
  readonly method?: 'GET' | 'POST';
  /** A path below the base (`/deviceManagement/…`) or a full nextLink on the base's origin. */
  readonly path: string;
  readonly body?: unknown;
}

const RETRYABLE = new Set([429, 503, 504]);
const MAX_PAGES = 200;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, at - nowMs) : null;
}

export class GraphClient {
  private readonly origin: string;
  private readonly base: string;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: GraphClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.base).origin;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.base;
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request({ method: 'GET', path })) as T;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return (await this.request({ method: 'POST', path, body })) as T;
  }

  /** Every item of a collection, following @odata.nextLink (on Graph's origin only). */
  async getAll<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | null = path;
    for (let page = 0; next !== null; page++) {
      if (page >= MAX_PAGES) throw new BenchError('INTUNE_GRAPH_ERROR', `more than ${MAX_PAGES} pages at ${path}`);
      const answer = (await this.request({ method: 'GET', path: next })) as { value?: unknown; '@odata.nextLink'?: unknown };
      if (!answer || !Array.isArray(answer.value)) throw new BenchError('INTUNE_GRAPH_ERROR', `no "value" array in the answer to ${path}`);
      items.push(...(answer.value as T[]));
      next = typeof answer['@odata.nextLink'] === 'string' ? answer['@odata.nextLink'] : null;
    }
    return items;
  }

  private url(path: string): string {
    if (/^https?:\/\//i.test(path)) {
      // A nextLink: followed only on Graph's own origin, so the bearer token stays with Graph.
      let url: URL;
      try {
        url = new URL(path);
      } catch {
        throw new BenchError('INTUNE_GRAPH_ERROR', 'an unreadable @odata.nextLink');
      }
      if (url.origin !== this.origin) throw new BenchError('INTUNE_GRAPH_ERROR', `refused to follow a nextLink to another host (${url.origin})`);
      return url.toString();
    }
    return `${this.base}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  async request(request: GraphRequest): Promise<unknown> {
    const method = request.method ?? 'GET';
    const url = this.url(request.path);
    const shownPath = new URL(url).pathname;
    const maxAttempts = this.options.maxAttempts ?? 4;
    const maxWaitMs = this.options.maxWaitMs ?? 30_000;
    const timeoutMs = this.options.timeoutMs ?? 20_000;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const token = await this.options.tokens.token();
      const started = this.options.clock.now();
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(request.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: 'error',
        });
      } catch (error) {
        this.options.onRequest?.({ method, path: shownPath, status: null, ms: this.options.clock.now() - started, attempt });
        throw new BenchError('INTUNE_OFFLINE', describeNetworkError(error, timeoutMs));
      }
      this.options.onRequest?.({ method, path: shownPath, status: response.status, ms: this.options.clock.now() - started, attempt });

      if (response.ok) {
        if (response.status === 204) return null;
        const text = await readBody(response, timeoutMs);
        if (text.trim() === '') return null;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new BenchError('INTUNE_GRAPH_ERROR', `${response.status}: the answer is not JSON`);
        }
      }

      const detail = await graphErrorDetail(response, timeoutMs);
      if (response.status === 401) {
        if (!refreshed && (await this.options.tokens.refresh())) {
          refreshed = true;
          continue;
        }
        throw new BenchError('INTUNE_NOT_SIGNED_IN', detail);
      }
      if (response.status === 403) throw new BenchError('INTUNE_FORBIDDEN', detail);
      if (response.status === 404) throw new BenchError('INTUNE_NOT_FOUND', detail);
      if (RETRYABLE.has(response.status)) {
        const asked = retryAfterMs(response.headers.get('retry-after'), this.options.clock.now());
        const wait = asked ?? Math.min(maxWaitMs, 1000 * 2 ** (attempt - 1));
        if (attempt >= maxAttempts || wait > maxWaitMs) {
          const code: ErrorCode = response.status === 429 ? 'INTUNE_THROTTLED' : 'INTUNE_OFFLINE';
          throw new BenchError(code, `${detail}; retry after ${Math.ceil(wait / 1000)} s (after ${attempt} attempts)`);
        }
        await this.sleep(wait);
        continue;
      }
      throw new BenchError('INTUNE_GRAPH_ERROR', detail);
    }
  }
}

/** The throttled error's wait, for a poller that backs off (parsed from the detail it wrote). */
export function retryAfterFromError(error: unknown): number | null {
  if (!(error instanceof BenchError) || error.code !== 'INTUNE_THROTTLED') return null;
  const match = /retry after (\d+) s/.exec(error.detail ?? '');
  return match ? Number(match[1]) * 1000 : null;
}

async function readBody(response: Response, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new BenchError('INTUNE_OFFLINE', describeNetworkError(error, timeoutMs));
  }
}

/** Graph's error envelope {error:{code,message}} as one line for the log; never the request. */
async function graphErrorDetail(response: Response, timeoutMs: number): Promise<string> {
  let text = '';
  try {
    text = await readBody(response, timeoutMs);
  } catch {
    text = '';
  }
  try {
    const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : '';
    const message = typeof parsed.error?.message === 'string' ? parsed.error.message : '';
    return `${response.status} ${code}${message ? `: ${oneLine(message)}` : ''}`.trim();
  } catch {
    return `${response.status} ${response.statusText}`.trim();
  }
}

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must go
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = error instanceof Error ? (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(code ? `${message} (${code})` : message);
}
