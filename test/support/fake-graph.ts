import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A FAKE Microsoft Graph (beta), for tests only: Graph cannot exist on these machines. It serves
// just the Intune endpoints the bench uses, shaped as Microsoft documents them:
//   GET  /beta/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles        (paged, @odata.nextLink)
//   GET  /beta/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles/{pid}
//   GET  /beta/deviceManagement/depOnboardingSettings/{id}/enrollmentProfiles/{pid}/exportMobileConfig → {value}
//   POST /beta/deviceManagement/importedDeviceIdentities/importDeviceIdentityList    → {value:[importedDeviceIdentityResult]}
//   GET  /beta/deviceManagement/managedDevices?$filter=serialNumber eq '…'           → {value:[managedDevice]}
// Errors use Graph's envelope {error:{code,message,innerError:{date,request-id,client-request-id}}}:
// 401 without the expected bearer token, 403/429/503 when a test scripts them (429 with Retry-After),
// 404 for unknown ids. Every request is recorded (method, path, query, body; never the token itself).

export const ONBOARDING_ID = '0449db8b-e7a4-42f2-a547-1c1cfaff21c5';

export interface FakeEnrollmentProfile {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  /** What exportMobileConfig answers in `value` (XML text or base64, as a test chooses). */
  exportValue: string;
}

export interface FakeManagedDevice {
  readonly id: string;
  readonly deviceName: string;
  readonly serialNumber: string;
  readonly enrolledDateTime: string;
  readonly enrollmentProfileName: string | null;
  readonly operatingSystem: string;
  readonly osVersion: string;
}

export interface ScriptedFault {
  /** Which requests it answers: a method and a substring of the path. */
  readonly method?: 'GET' | 'POST';
  readonly pathIncludes: string;
  readonly status: 403 | 429 | 500 | 503 | 401;
  readonly retryAfter?: string;
  /** How many matching requests it answers (default 1). */
  times?: number;
  /** Hold the answer this long (a slow Graph, for timeouts). */
  readonly delayMs?: number;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly body: unknown;
  readonly authorised: boolean;
  readonly at: number;
}

export interface FakeGraph {
  /** Base URL to hand the bench (ENROLLMENT_BENCH_GRAPH_URL): http://127.0.0.1:PORT/beta */
  readonly url: string;
  readonly token: string;
  readonly profiles: FakeEnrollmentProfile[];
  readonly devices: FakeManagedDevice[];
  /** Imported corporate identifiers by serial. */
  readonly identities: Map<string, { description: string; createdDateTime: string }>;
  /** Serials Intune answers status:false for. */
  readonly rejectSerials: Set<string>;
  readonly faults: ScriptedFault[];
  readonly requests: RecordedRequest[];
  /** Items per page of the enrollmentProfiles collection (default 2, so paging is always exercised). */
  pageSize: number;
  /** A nextLink that points at another host (the client must refuse to follow it). */
  foreignNextLink: string | null;
  close(): Promise<void>;
}

const PROFILES_PATH = `/beta/deviceManagement/depOnboardingSettings/${ONBOARDING_ID}/enrollmentProfiles`;

function graphError(res: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const requestId = crypto.randomUUID();
  res.writeHead(status, { 'Content-Type': 'application/json', 'request-id': requestId, 'client-request-id': requestId, ...headers });
  res.end(
    JSON.stringify({
      error: { code, message, innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': requestId } },
    }),
  );
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startFakeGraph(options: { token?: string } = {}): Promise<FakeGraph> {
  const token = options.token ?? `fake-graph-token-${crypto.randomBytes(12).toString('hex')}`;
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  const fake: FakeGraph = {
    url: `${origin}/beta`,
    token,
    profiles: [],
    devices: [],
    identities: new Map(),
    rejectSerials: new Set(),
    faults: [],
    requests: [],
    pageSize: 2,
    foreignNextLink: null,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', origin);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      const authorised = req.headers.authorization === `Bearer ${token}`;
      const method = req.method ?? 'GET';
      fake.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body, authorised, at: Date.now() });
      const respond = () => handle(method, url, body, authorised, res);

      const fault = fake.faults.find((f) => (f.method ?? method) === method && url.pathname.includes(f.pathIncludes) && (f.times ?? 1) > 0);
      if (fault) {
        fault.times = (fault.times ?? 1) - 1;
        const answer = () => {
          if (fault.status === 403)
            graphError(
              res,
              403,
              'Forbidden',
              'Application is not authorized to perform this operation. Application must have one of the following scopes: DeviceManagementServiceConfig.ReadWrite.All',
            );
          else if (fault.status === 429)
            graphError(res, 429, 'TooManyRequests', 'Too many requests', fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {});
          else if (fault.status === 503)
            graphError(
              res,
              503,
              'ServiceUnavailable',
              'The service is temporarily unavailable',
              fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {},
            );
          else if (fault.status === 401) graphError(res, 401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
          else graphError(res, 500, 'InternalServerError', 'An internal server error occurred');
        };
        if (fault.delayMs) setTimeout(answer, fault.delayMs);
        else answer();
        return;
      }
      respond();
    });
  });

  function handle(method: string, url: URL, body: unknown, authorised: boolean, res: http.ServerResponse): void {
    if (!authorised) return graphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    const path = url.pathname;

    if (method === 'GET' && path === PROFILES_PATH) {
      const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
      const page = fake.profiles.slice(skip, skip + fake.pageSize).map(({ exportValue: _omit, ...p }) => ({
        '@odata.type': '#microsoft.graph.enrollmentProfile',
        description: null,
        requiresUserAuthentication: false,
        configurationEndpointUrl: null,
        enableAuthenticationViaCompanyPortal: false,
        requireCompanyPortalOnSetupAssistantEnrolledDevices: false,
        ...p,
      }));
      const more = skip + fake.pageSize < fake.profiles.length;
      const nextLink = fake.foreignNextLink ?? (more ? `${origin}${PROFILES_PATH}?$skiptoken=${skip + fake.pageSize}` : null);
      return json(res, 200, {
        '@odata.context': `${origin}/beta/$metadata#deviceManagement/depOnboardingSettings('${ONBOARDING_ID}')/enrollmentProfiles`,
        ...(nextLink && (more || fake.foreignNextLink) ? { '@odata.nextLink': nextLink } : {}),
        value: page,
      });
    }

    const one = new RegExp(`^${PROFILES_PATH}/([^/]+)(/exportMobileConfig)?$`).exec(path);
    if (method === 'GET' && one) {
      const profile = fake.profiles.find((p) => p.id === decodeURIComponent(one[1] ?? ''));
      if (!profile) return graphError(res, 404, 'ResourceNotFound', `Resource not found for the segment 'enrollmentProfiles'.`);
      if (one[2]) return json(res, 200, { '@odata.context': `${origin}/beta/$metadata#Edm.String`, value: profile.exportValue });
      const { exportValue: _omit, ...meta } = profile;
      return json(res, 200, { '@odata.type': '#microsoft.graph.enrollmentProfile', description: null, requiresUserAuthentication: false, ...meta });
    }

    if (method === 'POST' && path === '/beta/deviceManagement/importedDeviceIdentities/importDeviceIdentityList') {
      const request = body as { importedDeviceIdentities?: unknown; overwriteImportedDeviceIdentities?: unknown } | null;
      const list = request?.importedDeviceIdentities;
      if (!Array.isArray(list) || typeof request?.overwriteImportedDeviceIdentities !== 'boolean') {
        return graphError(res, 400, 'BadRequest', 'Request body is missing importedDeviceIdentities or overwriteImportedDeviceIdentities');
      }
      if (list.length > 5000) return graphError(res, 400, 'BadRequest', 'At most 5000 identities per request');
      const now = new Date().toISOString();
      const value = list.map((item: { importedDeviceIdentifier?: unknown; importedDeviceIdentityType?: unknown; description?: unknown }) => {
        const serial = String(item.importedDeviceIdentifier ?? '');
        const ok =
          item.importedDeviceIdentityType === 'serialNumber' &&
          /^[A-Z0-9]+$/.test(serial) &&
          !fake.rejectSerials.has(serial) &&
          (request.overwriteImportedDeviceIdentities === true || !fake.identities.has(serial));
        if (ok) fake.identities.set(serial, { description: String(item.description ?? ''), createdDateTime: now });
        return {
          '@odata.type': '#microsoft.graph.importedDeviceIdentityResult',
          id: crypto.randomUUID(),
          importedDeviceIdentifier: serial,
          importedDeviceIdentityType: 'serialNumber',
          lastModifiedDateTime: now,
          createdDateTime: now,
          lastContactedDateTime: '0001-01-01T00:00:00Z',
          description: String(item.description ?? ''),
          enrollmentState: 'notContacted',
          platform: 'macOS',
          status: ok,
        };
      });
      return json(res, 200, { '@odata.context': `${origin}/beta/$metadata#Collection(microsoft.graph.importedDeviceIdentityResult)`, value });
    }

    if (method === 'GET' && path === '/beta/deviceManagement/managedDevices') {
      const filter = url.searchParams.get('$filter') ?? '';
      const match = /^serialNumber eq '([^']*)'$/.exec(filter);
      if (!match) return graphError(res, 400, 'BadRequest', `Invalid filter clause: ${filter.slice(0, 80)}`);
      const value = fake.devices.filter((d) => d.serialNumber === match[1]);
      return json(res, 200, { '@odata.context': `${origin}/beta/$metadata#deviceManagement/managedDevices`, '@odata.count': value.length, value });
    }

    return graphError(res, 404, 'ResourceNotFound', `Resource not found for the segment '${path.split('/').pop() ?? ''}'.`);
  }

  return fake;
}
