import type { IntuneCloud } from '../../shared/models/intune';

// Where Microsoft Graph and the Microsoft identity platform live, per cloud, and the Intune paths
// the bench uses (DOMAIN.md "Microsoft Graph"; all Graph beta, all delegated).

export interface CloudHosts {
  /** Graph base, up to and including the version segment. */
  readonly graphUrl: string;
  /** The sign-in host (authority = loginUrl/tenant). */
  readonly loginUrl: string;
  /** Resource prefix of the scopes (a US Government token is for graph.microsoft.us). */
  readonly scopeResource: string;
}

export const CLOUDS: Readonly<Record<IntuneCloud, CloudHosts>> = {
  public: {
    graphUrl: 'https://graph.microsoft.com/beta',
    loginUrl: 'https://login.microsoftonline.com',
    scopeResource: 'https://graph.microsoft.com',
  },
  usgov: { graphUrl: 'https://graph.microsoft.us/beta', loginUrl: 'https://login.microsoftonline.us', scopeResource: 'https://graph.microsoft.us' },
};

/** Delegated permissions: read/export the enrollment profiles and import identities; read managed devices. */
export const DELEGATED_PERMISSIONS = ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementManagedDevices.Read.All'] as const;

export function graphScopes(cloud: IntuneCloud, resourceOverride?: string): string[] {
  const resource = resourceOverride ?? CLOUDS[cloud].scopeResource;
  return DELEGATED_PERMISSIONS.map((p) => `${resource}/${p}`);
}

/** The depOnboardingSetting the admin center uses for Apple Configurator profiles (observed, DOMAIN.md). */
export const APPLE_CONFIGURATOR_ONBOARDING_ID = '0449db8b-e7a4-42f2-a547-1c1cfaff21c5';

export const GRAPH_PATHS = {
  enrollmentProfiles: `/deviceManagement/depOnboardingSettings/${APPLE_CONFIGURATOR_ONBOARDING_ID}/enrollmentProfiles`,
  exportMobileConfig: (profileId: string) =>
    `/deviceManagement/depOnboardingSettings/${APPLE_CONFIGURATOR_ONBOARDING_ID}/enrollmentProfiles/${encodeURIComponent(profileId)}/exportMobileConfig`,
  importDeviceIdentityList: '/deviceManagement/importedDeviceIdentities/importDeviceIdentityList',
  managedDevicesBySerial: (serial: string) =>
    `/deviceManagement/managedDevices?$filter=${encodeURIComponent(`serialNumber eq '${serial.replace(/'/g, "''")}'`)}` +
    `&$select=${['id', 'deviceName', 'serialNumber', 'enrolledDateTime', 'enrollmentProfileName', 'operatingSystem', 'osVersion'].join(',')}`,
} as const;

/**
 * The Graph base URL: ENROLLMENT_BENCH_GRAPH_URL when set (sovereign clouds, tests), else the
 * cloud's. An override without a version segment gets /beta. A token is only ever sent over
 * https, or plain http to this computer (a test server): anything else is refused.
 */
export function resolveGraphUrl(cloud: IntuneCloud, override: string | undefined): string {
  const raw = override?.trim() ? override.trim() : CLOUDS[cloud].graphUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RangeError(`ENROLLMENT_BENCH_GRAPH_URL is not a URL: ${raw.slice(0, 200)}`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new RangeError(`the Graph URL must be https (plain http only to this computer): ${url.origin}`);
  }
  if (url.search || url.hash || url.username || url.password) throw new RangeError('the Graph URL must not carry a query, fragment or credentials');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/beta' : path}`;
}
