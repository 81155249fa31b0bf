import crypto from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';

// A FAKE Microsoft identity platform, for tests only (the real one cannot be reached here): the
// three endpoints MSAL's device-code flow uses, shaped as Microsoft documents them, over HTTPS on
// 127.0.0.1 with a self-signed certificate the test hands to the bench's network client.
//   GET  /{tenant}/v2.0/.well-known/openid-configuration
//   POST /{tenant}/oauth2/v2.0/devicecode  → {device_code, user_code, verification_uri, expires_in, interval, message}
//   POST /{tenant}/oauth2/v2.0/token       → 400 authorization_pending until approve(), then tokens;
//                                             refresh_token grants answer a new access token.

export interface FakeAuthority {
  /** The login URL to hand the bench (authority = url/tenant). */
  readonly url: string;
  readonly certPem: string;
  readonly tenantId: string;
  /** The access token it issues once approved (the fake Graph is started to accept it). */
  readonly accessToken: string;
  readonly refreshToken: string;
  /** The person typed the code and signed in. */
  approve(): void;
  /** The person refused. */
  decline(): void;
  readonly requests: Array<{ method: string; path: string; form: Record<string, string> }>;
  close(): Promise<void>;
}

function selfSignedCertificate(): { keyPem: string; certPem: string } {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01' + crypto.randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  // Long enough that the CI's faketime '+400 days' run still finds it valid.
  cert.validity.notAfter = new Date(Date.now() + 1000 * 86_400_000);
  const name = [{ shortName: 'CN', value: '127.0.0.1' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { keyPem: forge.pki.privateKeyToPem(keys.privateKey), certPem: forge.pki.certificateToPem(cert) };
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export async function startFakeAuthority(options: { clientId: string; tenantId?: string; username?: string }): Promise<FakeAuthority> {
  const tenantId = options.tenantId ?? 'b3c1f2d4-0000-4000-8000-00000000c0de';
  const { keyPem, certPem } = selfSignedCertificate();
  const server = https.createServer({ key: keyPem, cert: certPem });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const accessToken = `fake-access-token-${crypto.randomBytes(16).toString('hex')}`;
  const refreshToken = `fake-refresh-token-${crypto.randomBytes(16).toString('hex')}`;
  const deviceCode = `fake-device-code-${crypto.randomBytes(8).toString('hex')}`;
  let state: 'pending' | 'approved' | 'declined' = 'pending';
  const requests: FakeAuthority['requests'] = [];
  const oid = crypto.randomUUID();

  const idToken = () => {
    const now = Math.floor(Date.now() / 1000);
    return [
      b64url({ typ: 'JWT', alg: 'RS256', kid: 'fake' }),
      b64url({
        aud: options.clientId,
        iss: `${origin}/${tenantId}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        name: 'Ana Technician',
        preferred_username: options.username ?? 'ana@contoso.example',
        oid,
        sub: crypto.createHash('sha256').update(oid).digest('base64url'),
        tid: tenantId,
        ver: '2.0',
      }),
      b64url('not-a-real-signature'),
    ].join('.');
  };

  const tokens = (scope: string) => ({
    token_type: 'Bearer',
    scope,
    expires_in: 3600,
    ext_expires_in: 3600,
    access_token: accessToken,
    refresh_token: refreshToken,
    id_token: idToken(),
    client_info: b64url({ uid: oid, utid: tenantId }),
  });

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin);
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push({ method: req.method ?? 'GET', path: url.pathname, form });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      const base = `/${tenantId}`;
      if (req.method === 'GET' && url.pathname === `${base}/v2.0/.well-known/openid-configuration`) {
        return send(200, {
          token_endpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${origin}/${tenantId}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${origin}/${tenantId}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${origin}/oidc/userinfo`,
          authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${origin}/${tenantId}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${origin}/${tenantId}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'oid'],
          tenant_region_scope: 'EU',
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
        });
      }
      if (req.method === 'POST' && url.pathname === `${base}/oauth2/v2.0/devicecode`) {
        if (form.client_id !== options.clientId)
          return send(400, { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found in the directory.' });
        return send(200, {
          user_code: 'FAKE-CODE1',
          device_code: deviceCode,
          verification_uri: 'https://microsoft.com/devicelogin',
          expires_in: 900,
          interval: 1,
          message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKE-CODE1 to authenticate.',
        });
      }
      if (req.method === 'POST' && url.pathname === `${base}/oauth2/v2.0/token`) {
        if (
          (form.grant_type === 'device_code' || form.grant_type === 'urn:ietf:params:oauth:grant-type:device_code') &&
          form.device_code === deviceCode
        ) {
          if (state === 'pending')
            return send(400, {
              error: 'authorization_pending',
              error_description: 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.',
              error_codes: [70016],
            });
          if (state === 'declined')
            return send(400, {
              error: 'authorization_declined',
              error_description: 'AADSTS70000: The user declined the sign-in.',
              error_codes: [70000],
            });
          return send(200, tokens(form.scope ?? ''));
        }
        if (form.grant_type === 'refresh_token' && form.refresh_token === refreshToken) return send(200, tokens(form.scope ?? ''));
        return send(400, { error: 'invalid_grant', error_description: 'AADSTS9002313: Invalid request.' });
      }
      send(404, { error: 'not_found' });
    });
  });

  return {
    url: origin,
    certPem,
    tenantId,
    accessToken,
    refreshToken,
    approve: () => void (state = 'approved'),
    decline: () => void (state = 'declined'),
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
