// A synthetic load source for the renderer benchmark: a stand-in `Bench` behind the real web-host,
// which keeps any number of Macs "copying" for as long as the benchmark asks.
//
// Why not the real core: it copies a profile (a few tens of KB) in milliseconds, so a real staging
// run is one short burst of events and then silence; it cannot keep 128 Macs streaming progress at
// 2 Hz for ten seconds, which is the load the bench screen must stay smooth under. Only the facts
// are made up here; everything on the way to the renderer is the product's own code: startWebHost
// serves out/renderer (token, CSP, framing), dispatch() validates every request and every answer
// against the contract, and EventHub validates every pushed payload against it. The events come in
// the order the real core sends them: each job transition is a jobChanged then a journalAppended,
// progress is throttled to one jobProgress per 500 ms per job, and a staged copy is followed by a
// targetsChanged update (the rescan finds the file). Never used by the product or by `npm test`.
import type { Bench } from '../../src/main/core/create-bench';
import type { CallContext } from '../../src/shared/contract';
import { dispatch, unwrap, type CallHandlers } from '../../src/main/core/dispatch';
import { EventHub } from '../../src/main/core/event-hub';
import type { CallName, CallRequest } from '../../src/shared/contract';
import { CALL_NAME_LIST } from '../../src/shared/contract/call-names';
import { BenchError } from '../../src/shared/errors';
import type { Job } from '../../src/shared/models/job';
import { LibraryProfile } from '../../src/shared/models/profile';
import type { JournalEvent, Session } from '../../src/shared/models/session';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/models/settings';
import type { MacVolumeTarget } from '../../src/shared/models/target';
import { macTarget } from '../support/targets';

/** One job's life on the synthetic bench, repeated for as long as it streams (ms). */
export const JOB_CYCLE = {
  queuedMs: 250,
  /** Copying: one jobProgress per `progressEveryMs`, as the real job runner's throttle allows. */
  stagingMs: 8000,
  progressEveryMs: 500,
  verifyingMs: 500,
  stagedMs: 750,
} as const;
const CYCLE_MS = JOB_CYCLE.queuedMs + JOB_CYCLE.stagingMs + JOB_CYCLE.verifyingMs + JOB_CYCLE.stagedMs;
/** Targets join the stream spread over this long (a "Stage all" ramping up), then stay in it. */
export const JOIN_RAMP_MS = 1000;
const TICK_MS = 10;
const PROFILE_BYTES = 24 * 1024;
const PROFILE_SHA = 'a3'.repeat(32);

export interface StreamCounts {
  readonly jobChanged: number;
  readonly jobProgress: number;
  readonly journalAppended: number;
  readonly targetsChanged: number;
}

export interface SyntheticCore {
  /** A `Bench` for startWebHost: the real dispatcher and event hub over made-up facts. */
  readonly bench: Bench;
  /** How many Macs are attached (only between streams: a page loaded now lists this many). */
  setTargetCount(count: number): void;
  /** Every target joins a staging cycle (within JOIN_RAMP_MS) and keeps cycling until stopped. */
  startStreaming(): void;
  stopStreaming(): void;
  /** Events pushed since startStreaming, by name. */
  counts(): StreamCounts;
}

type Phase = Extract<Job['state'], 'queued' | 'staging' | 'verifying' | 'staged'>;

/** Where a target is in its cycles at `elapsed` ms after it joined. */
function phaseAt(elapsed: number): { cycle: number; phase: Phase; progressStep: number; copied: number } {
  const cycle = Math.floor(elapsed / CYCLE_MS);
  let t = elapsed - cycle * CYCLE_MS;
  if (t < JOB_CYCLE.queuedMs) return { cycle, phase: 'queued', progressStep: -1, copied: 0 };
  t -= JOB_CYCLE.queuedMs;
  if (t < JOB_CYCLE.stagingMs) {
    return { cycle, phase: 'staging', progressStep: Math.floor(t / JOB_CYCLE.progressEveryMs), copied: t / JOB_CYCLE.stagingMs };
  }
  t -= JOB_CYCLE.stagingMs;
  return { cycle, phase: t < JOB_CYCLE.verifyingMs ? 'verifying' : 'staged', progressStep: -1, copied: 1 };
}

interface Lane {
  readonly index: number;
  target: MacVolumeTarget;
  job: Job | null;
  /** When this target joins the stream, and how far into a cycle it starts (spreads transitions). */
  joinAt: number;
  offsetMs: number;
  lastCycle: number;
  lastPhase: Phase | null;
  lastProgressStep: number;
}

function syntheticTarget(index: number, attachedAt: string): MacVolumeTarget {
  const n = String(index + 1).padStart(3, '0');
  const uuid = `5EB1A9C0-0000-4000-8000-${(index + 1).toString(16).toUpperCase().padStart(12, '0')}`;
  return macTarget(`uuid:${uuid}`, `/Volumes/Mac ${n} - Data`, {
    name: `Mac ${n} - Data`,
    macOS: { productName: 'macOS', productVersion: index % 3 === 0 ? '14.7.1' : '15.1', build: index % 3 === 0 ? '23H222' : '24B83' },
    serialNumber: index % 4 === 3 ? null : `C02X${n}ZQ0D6`,
    busProtocol: index % 2 === 0 ? 'Thunderbolt' : 'USB',
    volumeUuid: uuid,
    fileSystem: 'apfs',
    freeBytes: 180_000_000_000 + index * 1_000_000,
    attachedAt,
  });
}

/** One enrollment profile, chosen, valid for another twelve days: the bench screen's usual state. */
function syntheticProfile(now: number): LibraryProfile {
  const downloadedAt = new Date(now - 2 * 86_400_000).toISOString();
  const expiresAt = new Date(now + 12 * 86_400_000);
  return LibraryProfile.parse({
    id: PROFILE_SHA,
    sha256: PROFILE_SHA,
    sizeBytes: PROFILE_BYTES,
    format: 'cms-der',
    signed: true,
    signature: {
      status: 'verified',
      signerSubject: 'CN=Microsoft Intune MDM Device CA',
      signerIssuer: 'CN=Microsoft Intune Root Certification Authority',
      signingTime: downloadedAt,
      signerNotBefore: new Date(now - 300 * 86_400_000).toISOString(),
      signerNotAfter: new Date(now + 300 * 86_400_000).toISOString(),
      digestValid: true,
      signatureValid: true,
      valid: true,
      encoding: 'der',
    },
    identifier: 'com.microsoft.intune.enrollment.bench',
    uuid: '0B9A0C1E-5D4B-4F7A-9C55-3E1E7F0A2B10',
    displayName: 'Contoso Mac enrollment',
    organization: 'Contoso',
    description: null,
    payloads: [
      { type: 'com.apple.mdm', identifier: 'com.microsoft.intune.mdm', uuid: 'C7D2A6E4-1B2C-4D5E-8F90-A1B2C3D4E5F6', displayName: 'MDM' },
      { type: 'com.apple.security.acme', identifier: 'com.microsoft.intune.acme', uuid: 'D8E3B7F5-2C3D-4E6F-9A01-B2C3D4E5F6A7', displayName: 'ACME identity' },
    ],
    isEnrollmentProfile: true,
    notEnrollmentReason: null,
    enrollment: {
      serverUrl: 'https://manage.microsoft.com/DeviceGatewayProxy/AppleDeviceEnrollment.svc',
      serverHost: 'manage.microsoft.com',
      topic: 'com.apple.mgmt.External.0b9a0c1e-5d4b-4f7a-9c55-3e1e7f0a2b10',
      checkInUrl: null,
      identity: 'acme',
      minMacOS: '13.1',
      supportedMacOS: '15.0',
    },
    errors: [],
    warnings: [],
    notes: [],
    expiry: {
      downloadedAt,
      basis: 'cms-signing-time',
      payloadExpirationDate: null,
      removalDate: null,
      expiresAt: expiresAt.toISOString(),
      expiresBy: 'download-window',
      status: 'valid',
      remainingMs: expiresAt.getTime() - now,
      warningHours: DEFAULT_SETTINGS.expiryWarningHours,
    },
    usable: true,
    fileName: 'Contoso Mac enrollment.mobileconfig',
    importedAt: downloadedAt,
    groupKey: 'com.microsoft.intune.enrollment.bench|manage.microsoft.com',
    freshestInGroup: true,
    chosen: true,
  });
}

export function createSyntheticCore(options: { readonly targetCount: number }): SyntheticCore {
  const startedAt = new Date().toISOString();
  const hub = new EventHub((error) => {
    throw error;
  });
  const settings: Settings = { ...DEFAULT_SETTINGS, technicianName: 'Bench' };
  const session: Session = { id: 'session-synthetic', technician: 'Bench', benchHost: 'bench-mac', profileSha256: PROFILE_SHA, startedAt, endedAt: null, kiosk: false, scripted: false };
  const profile = syntheticProfile(Date.now());
  let lanes: Lane[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  let seq = 0;
  let counts = { jobChanged: 0, jobProgress: 0, journalAppended: 0, targetsChanged: 0 };

  const setTargetCount = (count: number) => {
    if (timer) throw new Error('setTargetCount while streaming');
    lanes = Array.from({ length: count }, (_, i) => ({
      index: i,
      target: syntheticTarget(i, startedAt),
      job: null,
      joinAt: 0,
      offsetMs: 0,
      lastCycle: -1,
      lastPhase: null,
      lastProgressStep: -1,
    }));
  };
  setTargetCount(options.targetCount);

  const transition = (lane: Lane, cycle: number, phase: Phase, copied: number) => {
    const now = new Date().toISOString();
    const fresh = lane.job === null || lane.lastCycle !== cycle;
    const previous = fresh ? null : lane.job;
    const written = Math.round(copied * PROFILE_BYTES);
    const staged = phase === 'staged';
    const common = {
      id: `job-${lane.index + 1}-${cycle + 1}`,
      sessionId: session.id,
      targetId: lane.target.id,
      message: null,
      profileSha256: PROFILE_SHA,
      attempts: 1,
      bytesWritten: written,
      bytesTotal: PROFILE_BYTES,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      code: null,
      confirmedBy: null,
    };
    // As the core records it: the destination once staging starts, the read-back once staged.
    const destination = `${lane.target.stagingDir}/Contoso Mac enrollment.mobileconfig`;
    const job: Job =
      phase === 'queued'
        ? { ...common, state: phase, path: null, sha256: null }
        : phase === 'staged'
          ? { ...common, state: phase, path: destination, sha256: PROFILE_SHA }
          : { ...common, state: phase, path: destination, sha256: null };
    lane.job = job;
    hub.emit('jobChanged', job);
    counts.jobChanged += 1;
    const event: JournalEvent = {
      seq: ++seq,
      at: now,
      sessionId: session.id,
      targetId: lane.target.id,
      jobId: job.id,
      kind: 'job-state',
      fromState: previous?.state ?? null,
      toState: phase,
      code: null,
      message: null,
      profileSha256: PROFILE_SHA,
      path: job.path,
    };
    hub.emit('journalAppended', event);
    counts.journalAppended += 1;
    if (staged && job.path) {
      lane.target = {
        ...lane.target,
        freeBytes: (lane.target.freeBytes ?? 0) - PROFILE_BYTES,
        stagedFile: { path: job.path, sha256: PROFILE_SHA, sizeBytes: PROFILE_BYTES, matchesProfile: true },
      };
      hub.emit('targetsChanged', { type: 'update', target: lane.target, at: now });
      counts.targetsChanged += 1;
    }
  };

  const tick = () => {
    const now = performance.now();
    for (const lane of lanes) {
      if (now < lane.joinAt) continue;
      const { cycle, phase, progressStep, copied } = phaseAt(now - lane.joinAt + lane.offsetMs);
      if (cycle !== lane.lastCycle || phase !== lane.lastPhase) {
        transition(lane, cycle, phase, copied);
        lane.lastCycle = cycle;
        lane.lastPhase = phase;
        lane.lastProgressStep = -1;
      }
      if (phase === 'staging' && progressStep !== lane.lastProgressStep && lane.job) {
        lane.lastProgressStep = progressStep;
        hub.emit('jobProgress', { jobId: lane.job.id, targetId: lane.target.id, bytesWritten: Math.round(copied * PROFILE_BYTES), bytesTotal: PROFILE_BYTES });
        counts.jobProgress += 1;
      }
    }
  };

  const handlers: CallHandlers = {
    ...refuseEverything(),
    getStatus: () => ({
      appVersion: '0.1.0',
      dataDir: '/synthetic/data',
      databasePath: '/synthetic/data/journal.sqlite',
      schemaVersion: 1,
      nativeModules: [
        { name: 'better-sqlite3', loaded: true, version: 'synthetic', error: null },
        { name: 'usb', loaded: true, version: 'synthetic', error: null },
      ],
      frontDoor: 'web-host',
      platform: 'darwin',
      startedAt,
    }),
    getSettings: () => settings,
    getSession: () => session,
    listJobs: () => lanes.flatMap((lane) => (lane.job ? [lane.job] : [])),
    listSessions: () => [{ ...session, counts: { total: 0, staged: 0, awaitingApproval: 0, enrolled: 0, failed: 0, blocked: 0 } }],
    getKioskState: () => ({ enabled: false, locked: false, pinSet: false, failures: 0, backoffUntil: null, unlockedUntil: null, idleLockSeconds: 300 }),
    listTargets: () => lanes.map((lane) => lane.target),
    rescanTargets: () => lanes.map((lane) => lane.target),
    getDiscoveryStatus: () => ({ mode: 'watch', roots: [{ path: '/Volumes', source: 'platform', state: 'ok' }], usb: { state: 'watching', error: null } }),
    listProfiles: () => ({ profiles: [profile], chosenProfileId: profile.id, warningHours: settings.expiryWarningHours, evaluatedAt: new Date().toISOString() }),
    getProfile: () => profile,
  };

  const stopStreaming = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };

  const defaultContext: CallContext = { door: 'web-host' };
  const call = (method: unknown, params: unknown, context: CallContext = defaultContext) => dispatch(handlers, method, params, context);
  const bench: Bench = {
    call,
    invoke: async <N extends CallName>(method: N, params: CallRequest<N>) => unwrap<N>(await call(method, params)),
    subscribe: (listener) => hub.subscribe(listener),
    dataDir: '/synthetic/data',
    logger: { log: () => {}, file: null },
    close: async () => stopStreaming(),
  };

  return {
    bench,
    setTargetCount,
    startStreaming() {
      stopStreaming();
      const start = performance.now();
      lanes.forEach((lane, i) => {
        // Golden-ratio spreads: joins over the ramp, and starting points over the whole cycle, so
        // transitions arrive steadily rather than all 128 Macs changing state in the same frame.
        lane.joinAt = start + ((i * 0.618034) % 1) * JOIN_RAMP_MS;
        lane.offsetMs = ((i * 0.381966) % 1) * CYCLE_MS;
        lane.job = null;
        lane.lastCycle = -1;
        lane.lastPhase = null;
        lane.lastProgressStep = -1;
      });
      counts = { jobChanged: 0, jobProgress: 0, journalAppended: 0, targetsChanged: 0 };
      timer = setInterval(tick, TICK_MS);
    },
    stopStreaming,
    counts: () => ({ ...counts }),
  };
}

/** Every call the bench screen does not make is refused: the synthetic core serves that screen only. */
function refuseEverything(): CallHandlers {
  const refuse = () => {
    throw new BenchError('INTERNAL', 'not served by the synthetic load core');
  };
  return Object.fromEntries(CALL_NAME_LIST.map((name) => [name, refuse])) as unknown as CallHandlers;
}
