import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

// The HTTP client MSAL uses for the identity platform: node's own https with a bounded timeout on
// every request (MSAL's default has none we control) and, for tests only, extra trusted
// certificates (the fake authority on 127.0.0.1 has a self-signed one). Bodies and headers are
// never logged: they carry codes and tokens.

export interface MsalNetworkOptions {
  readonly timeoutMs?: number;
  /** Extra CA certificates (PEM) to trust, e.g. a test authority's; the system's stay trusted. */
  readonly ca?: readonly string[];
}

const MAX_BODY_BYTES = 1024 * 1024;

export function createMsalNetwork(options: MsalNetworkOptions = {}): INetworkModule {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const send = <T>(method: 'GET' | 'POST', url: string, request: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname);
      if (target.protocol !== 'https:' && !(target.protocol === 'http:' && isLoopback)) {
        reject(new Error(`refused a sign-in request over ${target.protocol}`));
        return;
      }
      const body = request?.body;
      const headers: Record<string, string> = { ...(request?.headers ?? {}) };
      if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
      const agentOptions = options.ca && options.ca.length > 0 ? { ca: [...tls.rootCertificates, ...options.ca] } : {};
      const requestOptions = { method, headers, timeout: timeout ?? timeoutMs, ...agentOptions };
      const req = (target.protocol === 'https:' ? https : http).request(target, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) {
            req.destroy(new Error('sign-in answer too large'));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text === '' ? {} : JSON.parse(text);
          } catch {
            parsed = { error: 'invalid_response', error_description: 'the sign-in service did not answer JSON' };
          }
          const flat: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers))
            if (value !== undefined) flat[key] = Array.isArray(value) ? value.join(', ') : value;
          resolve({ status: res.statusCode ?? 0, headers: flat, body: parsed as T });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer from the sign-in service within ${Math.round((timeout ?? timeoutMs) / 1000)} s`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, request, timeout) => send('GET', url, request, timeout),
    sendPostRequestAsync: (url, request) => send('POST', url, request),
  };
}
