import { BenchError } from '../../shared/errors';
import type { Job } from '../../shared/models/job';
import {
  DEFAULT_INTUNE_SETTINGS,
  IntuneSettings,
  type IntuneEnrollmentProfile,
  type IntuneEvidence,
  type IntuneFetchResult,
  type IntuneRefreshOffer,
  type IntuneSerialUploadResult,
  type IntuneStatus,
  type IntuneSyncResult,
} from '../../shared/models/intune';
import type { JournalEvent, Session } from '../../shared/models/session';
import type { SqliteDatabase } from '../journal/database';
import { cleanDetails, exportableSerialRows, MAX_ROWS_PER_FILE } from '../journal/exports';
import { createIntuneRecords } from '../journal/intune-records';
import type { JournalStore } from '../journal/journal-store';
import { serialRowsOfSession } from '../journal/session-exports';
import { settingsRows } from '../journal/settings-rows';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { cleanFileName, type ProfileLibrary } from '../profiles/profile-library';
import { chooseForStaging, type OpenSessions } from '../profiles/choose-for-staging';
import type { Credentials } from './credentials';
import { decodeExportValue } from './export-value';
import { GraphClient } from './graph-client';
import { GRAPH_PATHS, resolveGraphUrl } from './graph-endpoints';
import { createSyncPoller } from './sync-poller';

// Intune through Graph, as the bench uses it: the tenant's Apple Configurator profiles into the
// library, the session's serials up as corporate identifiers, and enrollment confirmed by Intune's
// managedDevices. Off by default; with it off (and no ENROLLMENT_BENCH_GRAPH_TOKEN) every call is
// refused with INTUNE_DISABLED before anything touches the network.

export const INTUNE_SETTINGS_KEY = 'intuneSettings';
export const GRAPH_URL_ENV = 'ENROLLMENT_BENCH_GRAPH_URL';
/** Who confirmed an enrollment Intune itself reported (a person's name is never this). */
export const CONFIRMED_BY_INTUNE = 'Intune';

export type IntuneChange =
  'settings' | 'signed-in' | 'signed-out' | 'sign-in-pending' | 'sign-in-failed' | 'synced' | 'polling' | 'fetched' | 'uploaded';

export interface IntuneServiceOptions {
  readonly db: SqliteDatabase;
  readonly store: JournalStore;
  readonly library: ProfileLibrary;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly credentials: (settings: () => IntuneSettings) => Credentials;
  /** The app's open session: "Download and choose" ends one for another profile, as choosing does anywhere. */
  readonly sessions: OpenSessions;
  readonly listeners: {
    readonly intuneChanged: (change: IntuneChange) => void;
    readonly profilesChanged: (change: 'imported' | 'chosen', ids: string[]) => void;
    readonly jobChanged: (job: Job) => void;
    readonly journalAppended: (event: JournalEvent) => void;
    readonly sessionChanged: (session: Session | null) => void;
  };
  /** Graph client tuning (tests: instant waits, short timeouts). */
  readonly graph?: {
    readonly sleep?: (ms: number) => Promise<void>;
    readonly timeoutMs?: number;
    readonly maxWaitMs?: number;
    readonly maxAttempts?: number;
  };
  /** Overrides syncIntervalSeconds (tests). */
  readonly pollIntervalMs?: number;
}

interface ManagedDevice {
  id?: unknown;
  deviceName?: unknown;
  serialNumber?: unknown;
  enrolledDateTime?: unknown;
  enrollmentProfileName?: unknown;
  operatingSystem?: unknown;
  osVersion?: unknown;
}

interface ImportResult {
  importedDeviceIdentifier?: unknown;
  status?: unknown;
  enrollmentState?: unknown;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const isoOrNull = (value: unknown): string | null => {
  const text = str(value);
  if (!text) return null;
  const ms = Date.parse(text);
  // Graph's "never" is 0001-01-01T00:00:00Z.
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
};

export function createIntuneService(options: IntuneServiceOptions) {
  const { db, store, library, clock, logger, env, listeners } = options;
  const records = createIntuneRecords(db);
  const now = () => new Date(clock.now()).toISOString();
  const note = (event: JournalEvent) => {
    listeners.journalAppended(event);
    return event;
  };

  const settings = (): IntuneSettings => {
    const stored = settingsRows(db).read(INTUNE_SETTINGS_KEY);
    const merged = { ...DEFAULT_INTUNE_SETTINGS, ...(stored && typeof stored === 'object' ? stored : {}) };
    const parsed = IntuneSettings.safeParse(merged);
    return parsed.success ? parsed.data : DEFAULT_INTUNE_SETTINGS;
  };

  const credentials = options.credentials(settings);
  // With a keychain and Intune on, an earlier sign-in is picked up at start (a cache read, no network).
  if (settings().enabled)
    void credentials.restore().catch((error: unknown) => logger.log('warn', 'intune sign-in not restored', { error: String(error) }));
  const isOn = () => settings().enabled || credentials.hasEnvToken();
  const requireOn = () => {
    if (!isOn()) throw new BenchError('INTUNE_DISABLED', `turn Intune on in its settings, or set ${'ENROLLMENT_BENCH_GRAPH_TOKEN'} for this run`);
  };

  const graphUrl = (): string => {
    try {
      return resolveGraphUrl(settings().cloud, env[GRAPH_URL_ENV]);
    } catch (error) {
      throw new BenchError('USAGE', (error as Error).message);
    }
  };

  const graph = (): GraphClient => {
    requireOn();
    return new GraphClient({
      baseUrl: graphUrl(),
      tokens: credentials.tokens,
      clock,
      ...options.graph,
      onRequest: (fields) => logger.log('info', 'graph request', fields),
    });
  };

  const sessionOrLatest = (sessionId: string | null | undefined): Session => {
    const session = sessionId ? store.getSession(sessionId) : (store.currentSession() ?? store.listSessions()[0] ?? null);
    if (!session) throw new BenchError('USAGE', 'there is no session yet');
    return session;
  };

  const refreshOffer = (): IntuneRefreshOffer | null => {
    const chosen = library.chosenId();
    if (!chosen) return null;
    const source = records.sourceOf(chosen);
    if (!source) return null;
    let profile;
    try {
      profile = library.get(chosen);
    } catch {
      return null;
    }
    const status = profile.expiry.status;
    if (status === 'valid') return null;
    return {
      profileId: chosen,
      intuneProfileId: source.intuneProfileId,
      intuneProfileName: source.intuneProfileName,
      expiresAt: profile.expiry.expiresAt,
      status,
    };
  };

  const chosenSource = (): IntuneStatus['chosenIntuneProfile'] => {
    const chosen = library.chosenId();
    const source = chosen ? records.sourceOf(chosen) : null;
    return source ? { profileId: source.sha256, intuneProfileId: source.intuneProfileId, intuneProfileName: source.intuneProfileName } : null;
  };

  async function listProfiles(): Promise<IntuneEnrollmentProfile[]> {
    const items = await graph().getAll<Record<string, unknown>>(GRAPH_PATHS.enrollmentProfiles);
    return items
      .filter((item) => typeof item.id === 'string')
      .map((item) => ({
        id: item.id as string,
        displayName: str(item.displayName) ?? (item.id as string),
        description: str(item.description),
        requiresUserAuthentication: typeof item.requiresUserAuthentication === 'boolean' ? item.requiresUserAuthentication : null,
      }));
  }

  /** Download an Intune profile into the library (chosen: never here; see fetchProfile). */
  async function download(intuneProfileId: string): Promise<IntuneFetchResult> {
    const client = graph();
    const meta = await client.get<Record<string, unknown>>(`${GRAPH_PATHS.enrollmentProfiles}/${encodeURIComponent(intuneProfileId)}`);
    const name = str(meta?.displayName) ?? intuneProfileId;
    const answer = await client.get<unknown>(GRAPH_PATHS.exportMobileConfig(intuneProfileId));
    const decoded = decodeExportValue(answer);
    const downloadedMs = clock.now();
    const outcome = library.import({
      bytes: decoded.bytes,
      fileName: cleanFileName(`${name}.mobileconfig`),
      evidence: { intuneDownloadMs: downloadedMs, firstSeenMs: downloadedMs },
    });
    const profile = outcome.profile;
    store.batch(() => {
      records.recordSource({ sha256: profile.id, intuneProfileId, intuneProfileName: name, downloadedAt: new Date(downloadedMs).toISOString() });
      note(
        store.appendEvent({
          kind: 'intune-profile-downloaded',
          profileSha256: profile.id,
          message: `Downloaded "${name}" from Intune (${decoded.encoding}); valid until ${profile.expiry.expiresAt}`,
        }),
      );
    });
    logger.log('info', 'intune profile downloaded', {
      intuneProfileId,
      id: profile.id,
      encoding: decoded.encoding,
      alreadyPresent: outcome.alreadyPresent,
    });
    if (!outcome.alreadyPresent) listeners.profilesChanged('imported', [profile.id]);
    const fresh = library.get(profile.id);
    return {
      profileId: profile.id,
      alreadyPresent: outcome.alreadyPresent,
      chosen: false,
      endedSession: null,
      intuneProfileId,
      intuneProfileName: name,
      downloadedAt: fresh.expiry.downloadedAt,
      expiresAt: fresh.expiry.expiresAt,
      encoding: decoded.encoding,
    };
  }

  /**
   * The downloaded profile chosen for staging, by the rule every door follows
   * (chooseForStaging): an open session for another profile ends in the same call.
   */
  function choose(result: IntuneFetchResult): IntuneFetchResult {
    const choice = chooseForStaging(library, options.sessions, result.profileId);
    if (choice.changed) listeners.profilesChanged('chosen', [result.profileId]);
    return { ...result, chosen: true, endedSession: choice.endedSession };
  }

  async function fetchProfile(intuneProfileId: string, chooseIt: boolean): Promise<IntuneFetchResult> {
    const result = await download(intuneProfileId);
    const answer = chooseIt ? choose(result) : result;
    listeners.intuneChanged('fetched');
    return answer;
  }

  /** Download the chosen profile again, move the open session to the fresh copy, and choose it. */
  async function refreshChosen(): Promise<IntuneFetchResult> {
    const chosen = library.chosenId();
    if (!chosen) throw new BenchError('PROFILE_NONE_CHOSEN');
    const source = records.sourceOf(chosen);
    if (!source)
      throw new BenchError(
        'USAGE',
        'the chosen profile was not downloaded from Intune by this bench: fetch it with `intune fetch PROFILE_ID --choose`',
      );
    const result = await download(source.intuneProfileId);
    // The session moves to the fresh copy first, so choosing it continues the session (the same
    // Intune profile) rather than ending it as choosing another profile does.
    const session = store.currentSession();
    if (session && session.profileSha256 === chosen && result.profileId !== chosen) {
      store.batch(() => {
        records.switchSessionProfile(session.id, result.profileId);
        note(
          store.appendEvent({
            kind: 'intune-profile-refreshed',
            sessionId: session.id,
            profileSha256: result.profileId,
            message: `Session switched to a fresh download of "${source.intuneProfileName}" (valid until ${result.expiresAt}); the old copy ${chosen.slice(0, 12)} expires ${library.get(chosen).expiry.expiresAt}`,
          }),
        );
      });
      listeners.sessionChanged(store.getSession(session.id));
    }
    const answer = choose(result);
    listeners.intuneChanged('fetched');
    return answer;
  }

  async function uploadSerials(sessionId: string | null | undefined): Promise<IntuneSerialUploadResult> {
    const client = graph();
    const session = sessionOrLatest(sessionId);
    const { rows, withoutSerial } = serialRowsOfSession(db, session.id);
    const valid = exportableSerialRows(rows);
    const result: IntuneSerialUploadResult['serials'] = [];
    let batches = 0;
    for (let i = 0; i < valid.length; i += MAX_ROWS_PER_FILE) {
      const chunk = valid.slice(i, i + MAX_ROWS_PER_FILE);
      const answer = await client.post<{ value?: ImportResult[] }>(GRAPH_PATHS.importDeviceIdentityList, {
        importedDeviceIdentities: chunk.map((row) => ({
          importedDeviceIdentifier: row.serial,
          importedDeviceIdentityType: 'serialNumber',
          description: cleanDetails(row.details),
        })),
        overwriteImportedDeviceIdentities: false,
      });
      batches++;
      const answered = new Map<string, ImportResult>();
      for (const item of Array.isArray(answer?.value) ? answer.value : []) {
        const id = str(item.importedDeviceIdentifier);
        if (id) answered.set(id.toUpperCase(), item);
      }
      store.batch(() => {
        for (const row of chunk) {
          const item = answered.get(row.serial);
          const outcome = !item ? 'no-answer' : item.status === true ? 'imported' : 'rejected';
          const enrollmentState = item ? str(item.enrollmentState) : null;
          result.push({ serial: row.serial, targetId: row.targetId, outcome, enrollmentState });
          note(
            store.appendEvent({
              kind: `intune-serial-${outcome}`,
              sessionId: session.id,
              targetId: row.targetId,
              code: outcome === 'imported' ? null : outcome === 'rejected' ? 'INTUNE_SERIAL_REJECTED' : 'INTUNE_GRAPH_ERROR',
              message:
                outcome === 'imported'
                  ? `Serial ${row.serial} uploaded to Intune as a corporate identifier${enrollmentState ? ` (${enrollmentState})` : ''}.`
                  : outcome === 'rejected'
                    ? `Intune did not accept serial ${row.serial} as a corporate identifier.`
                    : `Intune did not answer for serial ${row.serial}.`,
            }),
          );
        }
      });
    }
    logger.log('info', 'intune serials uploaded', { sessionId: session.id, serials: result.length, batches });
    listeners.intuneChanged('uploaded');
    return { sessionId: session.id, serials: result, withoutSerial, batches };
  }

  async function sync(sessionId: string | null | undefined): Promise<IntuneSyncResult> {
    const client = graph();
    const session = sessionOrLatest(sessionId);
    const expectedProfileName = session.profileSha256 ? (records.sourceOf(session.profileSha256)?.intuneProfileName ?? null) : null;
    const { rows, withoutSerial } = serialRowsOfSession(db, session.id);
    const devices: IntuneSyncResult['devices'] = [];
    for (const row of exportableSerialRows(rows)) {
      const found = await client.getAll<ManagedDevice>(GRAPH_PATHS.managedDevicesBySerial(row.serial));
      const matching = found.filter((d) => str(d.serialNumber)?.toUpperCase() === row.serial && str(d.id));
      // Re-enrolled Macs appear more than once: the newest enrollment is the one that counts.
      matching.sort((a, b) => (isoOrNull(b.enrolledDateTime) ?? '').localeCompare(isoOrNull(a.enrolledDateTime) ?? ''));
      const device = matching[0];
      const job = store.jobFor(session.id, row.targetId);
      if (!device || !job) {
        devices.push({ targetId: row.targetId, serial: row.serial, outcome: 'not-yet', evidence: null });
        continue;
      }
      const profileName = str(device.enrollmentProfileName);
      const evidence: IntuneEvidence = {
        targetId: row.targetId,
        serial: row.serial,
        managedDeviceId: device.id as string,
        deviceName: str(device.deviceName),
        enrolledDateTime: isoOrNull(device.enrolledDateTime),
        enrollmentProfileName: profileName,
        operatingSystem: str(device.operatingSystem),
        osVersion: str(device.osVersion),
        expectedProfileName,
        otherProfile: expectedProfileName !== null && profileName !== expectedProfileName,
        seenAt: now(),
      };
      const before = records.evidenceOf(session.id, row.targetId);
      const canConfirm = job.state === 'staged' || job.state === 'awaiting-approval';
      const outcome = canConfirm
        ? evidence.otherProfile
          ? 'confirmed-other-profile'
          : 'confirmed'
        : job.state === 'enrolled'
          ? 'already-enrolled'
          : 'not-staged';
      store.batch(() => {
        records.recordEvidence(session.id, evidence);
        const facts = [
          evidence.enrolledDateTime ? `enrolled ${evidence.enrolledDateTime}` : null,
          profileName ? `profile "${profileName}"` : null,
          evidence.osVersion ? `${evidence.operatingSystem ?? 'macOS'} ${evidence.osVersion}` : null,
        ].filter(Boolean);
        if (canConfirm) {
          const transition = store.transition(job.id, 'enrolled', {
            confirmedBy: CONFIRMED_BY_INTUNE,
            code: null,
            message: `Enrollment confirmed by Intune: ${facts.join(', ')}.`,
          });
          listeners.jobChanged(transition.job);
          note(transition.event);
        } else if (!before) {
          note(
            store.appendEvent({
              kind: 'intune-enrollment-seen',
              sessionId: session.id,
              targetId: row.targetId,
              jobId: job.id,
              message: `Intune reports this Mac: ${facts.join(', ')}.`,
            }),
          );
        }
        if (evidence.otherProfile && (!before || !before.otherProfile)) {
          note(
            store.appendEvent({
              kind: 'intune-other-profile',
              sessionId: session.id,
              targetId: row.targetId,
              jobId: job.id,
              code: 'INTUNE_OTHER_PROFILE',
              message: `Enrolled under "${profileName ?? 'no profile'}", not under this session's "${expectedProfileName}".`,
            }),
          );
        }
      });
      devices.push({ targetId: row.targetId, serial: row.serial, outcome, evidence });
    }
    logger.log('info', 'intune sync', {
      sessionId: session.id,
      looked: devices.length,
      confirmed: devices.filter((d) => d.outcome.startsWith('confirmed')).length,
    });
    listeners.intuneChanged('synced');
    return { sessionId: session.id, devices, withoutSerial, checkedAt: now() };
  }

  const poller = createSyncPoller({
    clock,
    intervalMs: () => options.pollIntervalMs ?? settings().syncIntervalSeconds * 1000,
    sessionOpen: (id) => {
      try {
        return store.getSession(id).endedAt === null;
      } catch {
        return false;
      }
    },
    tick: async (id) => {
      if (settings().autoRefreshExpiring && refreshOffer()) {
        try {
          await refreshChosen();
        } catch (error) {
          logger.log('warn', 'intune auto-refresh failed', { error: error instanceof BenchError ? error.code : String(error) });
        }
      }
      const result = await sync(id);
      return { allConfirmed: result.devices.length > 0 && result.withoutSerial.length === 0 && result.devices.every((d) => d.outcome !== 'not-yet') };
    },
    onChange: () => listeners.intuneChanged('polling'),
    log: (message, fields) => logger.log('info', message, fields),
  });

  const service = {
    settings,
    isOn,

    updateSettings(changes: Partial<IntuneSettings>): IntuneSettings {
      const before = settings();
      const next = IntuneSettings.safeParse({ ...before, ...changes });
      if (!next.success)
        throw new BenchError('USAGE', `invalid Intune settings: ${next.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      store.batch(() => {
        settingsRows(db).write(INTUNE_SETTINGS_KEY, next.data);
        note(
          store.appendEvent({
            kind: 'settings-changed',
            message: `intune: ${Object.keys(changes).sort().join(', ')}${'enabled' in changes ? ` (Intune ${next.data.enabled ? 'on' : 'off'})` : ''}`,
          }),
        );
      });
      const identityChanged = before.clientId !== next.data.clientId || before.tenantId !== next.data.tenantId || before.cloud !== next.data.cloud;
      if (!next.data.enabled || identityChanged) {
        poller.stop('signed-out');
        void credentials.reset();
      }
      listeners.intuneChanged('settings');
      return next.data;
    },

    status(): IntuneStatus {
      let url: string;
      try {
        url = graphUrl();
      } catch (error) {
        url = `invalid: ${(error as Error).message}`;
      }
      return {
        enabled: isOn(),
        credential: credentials.source(),
        signedIn: credentials.source() !== 'none',
        account: credentials.account(),
        cloud: settings().cloud,
        graphUrl: url,
        tokenStorage: credentials.tokenStorage(),
        pendingSignIn: credentials.pending(),
        refreshOffer: isOn() ? refreshOffer() : null,
        chosenIntuneProfile: chosenSource(),
        polling: poller.state(),
      };
    },

    async signIn(method: 'device-code' | 'browser'): Promise<IntuneStatus> {
      requireOn();
      if (method === 'browser') await credentials.signInWithBrowser();
      else await credentials.startDeviceCode();
      return service.status();
    },
    whenSignedIn: () => credentials.whenSignedIn(),

    async signOut(): Promise<IntuneStatus> {
      poller.stop('signed-out');
      await credentials.signOut();
      return service.status();
    },

    listProfiles,
    fetchProfile,
    refreshChosen,
    uploadSerials,
    sync,
    evidence: (sessionId: string | null | undefined) => records.evidenceOfSession(sessionOrLatest(sessionId).id),

    setPolling(on: boolean) {
      if (!on) {
        poller.stop('asked');
        return poller.state();
      }
      requireOn();
      const session = store.currentSession();
      if (!session) throw new BenchError('USAGE', 'there is no open session to follow');
      poller.start(session.id);
      return poller.state();
    },

    /** The open session changed or ended: a poller following an ended session stops. */
    onSessionChanged(): void {
      poller.check();
    },

    dispose(): void {
      poller.stop('asked');
    },
  };
  return service;
}

export type IntuneService = ReturnType<typeof createIntuneService>;
