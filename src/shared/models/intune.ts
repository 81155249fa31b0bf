import { z } from 'zod';
import { IsoTime, Sha256 } from './common';
import { Session } from './session';

// Intune through Microsoft Graph (docs/INTUNE.md). Optional and online only: with it off the bench
// never touches the network. Nothing here ever holds a token: payloads carry what Intune said
// about profiles and devices, and whether the bench is signed in, never the credential itself.

/** Which Microsoft cloud: its sign-in and Graph hosts differ (US Government: *.microsoft.us). */
export const IntuneCloud = z.enum(['public', 'usgov']);
export type IntuneCloud = z.infer<typeof IntuneCloud>;

export const IntuneSettings = z.object({
  /** Off (the default): no Intune call is made and nothing touches the network. */
  enabled: z.boolean(),
  /** Directory (tenant) id or domain; '' signs in to any work account ('organizations'). */
  tenantId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9.-]*$/, 'a tenant id or domain'),
  /** Application (client) id of the app registration the tenant admin created. */
  clientId: z
    .string()
    .max(100)
    .regex(/^[A-Za-z0-9-]*$/, 'an application (client) id'),
  cloud: IntuneCloud,
  /** When the chosen profile enters its warning window and Intune is reachable, download it again by itself. */
  autoRefreshExpiring: z.boolean(),
  /** Seconds between looks at managedDevices while a session is being synced (the poller backs off from here). */
  syncIntervalSeconds: z.number().int().min(30).max(3600),
});
export type IntuneSettings = Readonly<z.infer<typeof IntuneSettings>>;

export const DEFAULT_INTUNE_SETTINGS: IntuneSettings = {
  enabled: false,
  tenantId: '',
  clientId: '',
  cloud: 'public',
  autoRefreshExpiring: false,
  syncIntervalSeconds: 120,
};

/** An Apple Configurator enrollment profile as Graph lists it (the fields the bench uses). */
export const IntuneEnrollmentProfile = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  requiresUserAuthentication: z.boolean().nullable(),
});
export type IntuneEnrollmentProfile = Readonly<z.infer<typeof IntuneEnrollmentProfile>>;

export const IntuneRefreshOffer = z.object({
  /** The library profile that is expiring (the chosen one). */
  profileId: Sha256,
  intuneProfileId: z.string(),
  intuneProfileName: z.string(),
  expiresAt: IsoTime,
  status: z.enum(['expiring', 'expired']),
});
export type IntuneRefreshOffer = Readonly<z.infer<typeof IntuneRefreshOffer>>;

export const IntunePollState = z.object({
  running: z.boolean(),
  sessionId: z.string().nullable(),
  /** When the next look is due (null when not running). */
  nextAt: IsoTime.nullable(),
  lastAt: IsoTime.nullable(),
  /** The code of the last failed look (INTUNE_THROTTLED, INTUNE_OFFLINE…), null after a good one. */
  lastErrorCode: z.string().nullable(),
  /** Why polling stopped: the session ended, every Mac is confirmed, signed out, or asked to. */
  stoppedBecause: z.enum(['session-ended', 'all-confirmed', 'signed-out', 'asked', 'not-started']).nullable(),
});
export type IntunePollState = Readonly<z.infer<typeof IntunePollState>>;

export const IntuneStatus = z.object({
  enabled: z.boolean(),
  /** env-token: ENROLLMENT_BENCH_GRAPH_TOKEN; sign-in: MSAL in this bench; none: not signed in. */
  credential: z.enum(['env-token', 'sign-in', 'none']),
  signedIn: z.boolean(),
  /** The signed-in account's name (user principal), when MSAL knows it. */
  account: z.string().nullable(),
  cloud: IntuneCloud,
  /** The Graph base URL in use (ENROLLMENT_BENCH_GRAPH_URL, or the cloud's). */
  graphUrl: z.string(),
  /** Where tokens are kept: the OS keychain (Electron safeStorage) or this process's memory only. */
  tokenStorage: z.enum(['keychain', 'memory']),
  /** A device-code sign-in waiting for the person (what to open and type); null otherwise. */
  pendingSignIn: z.object({ userCode: z.string(), verificationUri: z.string(), message: z.string(), expiresAt: IsoTime }).nullable(),
  refreshOffer: IntuneRefreshOffer.nullable(),
  /** The chosen library profile, when the bench downloaded it from Intune (its Intune name is the group rule's). */
  chosenIntuneProfile: z.object({ profileId: Sha256, intuneProfileId: z.string(), intuneProfileName: z.string() }).nullable(),
  polling: IntunePollState,
});
export type IntuneStatus = Readonly<z.infer<typeof IntuneStatus>>;

export const IntuneFetchResult = z.object({
  profileId: Sha256,
  alreadyPresent: z.boolean(),
  chosen: z.boolean(),
  /** The open session that choosing this profile ended (it was for another profile), or null. */
  endedSession: Session.nullable(),
  intuneProfileId: z.string(),
  intuneProfileName: z.string(),
  downloadedAt: IsoTime,
  expiresAt: IsoTime,
  /** What Intune's `value` held: an XML plist or base64 (of a signed or XML profile). */
  encoding: z.enum(['xml', 'base64']),
});
export type IntuneFetchResult = Readonly<z.infer<typeof IntuneFetchResult>>;

export const SerialUploadOutcome = z.enum(['imported', 'rejected', 'no-answer']);

export const IntuneSerialUploadResult = z.object({
  sessionId: z.string(),
  /** One row per serial sent, with what Intune answered. */
  serials: z.array(
    z.object({
      serial: z.string(),
      targetId: z.string(),
      outcome: SerialUploadOutcome,
      /** Intune's enrollmentState for the identity, when it answered one. */
      enrollmentState: z.string().nullable(),
    }),
  ),
  /** Macs of the session left out because no serial is known for them (names). */
  withoutSerial: z.array(z.string()),
  batches: z.number().int().nonnegative(),
});
export type IntuneSerialUploadResult = Readonly<z.infer<typeof IntuneSerialUploadResult>>;

/** What Intune's managedDevices said about a Mac of the session. */
export const IntuneEvidence = z.object({
  targetId: z.string(),
  serial: z.string(),
  managedDeviceId: z.string(),
  deviceName: z.string().nullable(),
  enrolledDateTime: IsoTime.nullable(),
  enrollmentProfileName: z.string().nullable(),
  operatingSystem: z.string().nullable(),
  osVersion: z.string().nullable(),
  /** The profile name the session's profile was downloaded under, when the bench knows it. */
  expectedProfileName: z.string().nullable(),
  /** Enrolled under another profile name than the session's: a warning. */
  otherProfile: z.boolean(),
  seenAt: IsoTime,
});
export type IntuneEvidence = Readonly<z.infer<typeof IntuneEvidence>>;

export const SyncOutcome = z.enum([
  /** Found in Intune now: the job became enrolled, confirmed by Intune. */
  'confirmed',
  /** Found in Intune, enrolled under another profile: confirmed, with a warning. */
  'confirmed-other-profile',
  /** Already confirmed by Intune earlier (or by a person: the evidence is added). */
  'already-enrolled',
  /** Intune does not know this serial yet. */
  'not-yet',
  /** The Mac has no staged profile in this session to confirm. */
  'not-staged',
]);
export type SyncOutcome = z.infer<typeof SyncOutcome>;

export const IntuneSyncResult = z.object({
  sessionId: z.string(),
  devices: z.array(z.object({ targetId: z.string(), serial: z.string(), outcome: SyncOutcome, evidence: IntuneEvidence.nullable() })),
  withoutSerial: z.array(z.string()),
  checkedAt: IsoTime,
});
export type IntuneSyncResult = Readonly<z.infer<typeof IntuneSyncResult>>;
