import os from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import { version as appVersion } from '../../../package.json';
import type { CallName, CallRequest, CallResponse, CallResult } from '../../shared/contract';
import { BenchError } from '../../shared/errors';
import type { BenchStatus, NativeModuleStatus } from '../../shared/models/status';
import type { UsbModuleLike } from '../devices/adapters/usb-adapter';
import { createDiscovery, type DiscoveryOptions } from '../devices/create-discovery';
import { openJournalDatabase, type JournalDatabase } from '../journal/database';
import { createEventAppender } from '../journal/journal-events';
import { asJournalError } from '../journal/journal-errors';
import { createAdminPin } from '../kiosk/admin-pin';
import { createKioskLock, type KioskLock } from '../kiosk/kiosk-lock';
import type { ScryptParams } from '../kiosk/pin-hash';
import { loadNative, requireNative } from '../native/load-native';
import { createProfileLibrary } from '../profiles/profile-library';
import { libraryProfileSource } from '../staging/library-profile-source';
import { createTargetRegistry } from '../staging/target-registry';
import { chosenProfileContext } from '../profiles/chosen-profile-context';
import { platformQuarantineReader, type QuarantineReader } from '../profiles/quarantine';
import { systemClock, type Clock } from '../platform/clock';
import type { CallContext } from '../../shared/contract';
import { dispatch, unwrap, type CallHandlers } from './dispatch';
import { EventHub, type EventListener } from './event-hub';
import { createJournalQuery } from '../journal/journal-query';
import { createJournalStore } from '../journal/journal-store';
import { createSettingsStore } from '../settings/settings-store';
import { createStagingService, type ProfileSource, type TargetSource } from '../staging/staging-service';
import { builtWorkerFile, createWorkerStager } from '../staging/worker-stager';
import { stagingHandlers } from './handlers/staging';
import { kioskHandlers } from './handlers/kiosk';
import { profileHandlers } from './handlers/profiles';
import { systemHandlers } from './handlers/system';
import { targetHandlers } from './handlers/targets';
import { createFileLogger, type Logger } from '../platform/logger';
import { macOSSupport } from '../../shared/rules/macos-support';
import { intuneHandlers } from './handlers/intune';
import { createIntuneService, type IntuneServiceOptions } from '../intune/intune-service';
import type { OpenSessions } from '../profiles/choose-for-staging';
import { createCredentials, type TokenVault } from '../intune/credentials';
import { createMsalNetwork } from '../intune/msal-network';

/** Intune (docs/INTUNE.md): what the front door supplies and what tests inject. */
export interface IntuneOptions {
  /** Where ENROLLMENT_BENCH_GRAPH_TOKEN / ENROLLMENT_BENCH_GRAPH_URL are read (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** The OS keychain (the Electron shell's safeStorage); without it tokens stay in memory. */
  readonly vault?: TokenVault | null;
  /** Opens the system browser for the auth-code + PKCE sign-in (the Electron shell). */
  readonly openBrowser?: (url: string) => Promise<void>;
  /** Tests: the fake authority's URL and certificate, and the scope resource it expects. */
  readonly loginUrl?: string;
  readonly trustedCa?: readonly string[];
  readonly scopeResource?: string;
  readonly graph?: IntuneServiceOptions['graph'];
  readonly pollIntervalMs?: number;
}

export interface BenchOptions {
  readonly dataDir: string;
  /** Which front door owns this core; reported in the status. */
  readonly door: CallContext['door'];
  readonly clock?: Clock;
  /** Directories watched for mounted volumes besides the platform's own (--mounts). */
  readonly mountRoots?: readonly string[];
  /** A better_sqlite3.node built for the running runtime (the Electron shell passes its own build). */
  readonly sqliteNativeBinding?: string | undefined;
  /**
   * A damaged journal is kept aside with a timestamp and a new one started (CLI/serve --repair).
   * Without it a damaged journal stops the bench with JOURNAL_CORRUPT and is left untouched.
   */
  readonly repairJournal?: boolean;
  /** Load the better-sqlite3 constructor; injected by tests to simulate a missing native module. */
  readonly loadSqlite?: () => typeof BetterSqlite3;
  readonly logger?: Logger;
  /** Live targets (the device scanner). */
  readonly targets?: TargetSource;
  /** Profiles to stage (the profile library). */
  readonly profiles?: ProfileSource;
  /** Macs staged at once, overriding the setting for this run (CLI --concurrency). */
  readonly concurrency?: number;
  /** Injected into the job runner: tests make retries instant. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * The built staging worker (default: out/staging/staging-worker.js beside this bundle, when it
   * was built); null stages in-process only (worker-stager.ts).
   */
  readonly stagingWorkerFile?: string | null;
  /**
   * Start in kiosk mode (`--kiosk`), and keep it on across restarts. Refused with
   * KIOSK_PIN_NOT_SET when no admin PIN is set: a station nobody can unlock is worse than none.
   */
  readonly kiosk?: boolean;
  /** How long an unlocked kiosk stays unlocked without admin activity (default 5 minutes). */
  readonly kioskIdleLockMs?: number;
  /** How often the kiosk lock looks for changes made elsewhere; null: only when called (tests). */
  readonly kioskWatchMs?: number | null;
  /** scrypt parameters for new PINs (tests use smaller ones to stay fast; stored with each hash). */
  readonly pinScrypt?: ScryptParams;
  /**
   * watch: adapters run and push `targetsChanged` (Electron, web-host, `targets --watch`).
   * off (default): nothing is watched; `listTargets` does a one-shot scan (CLI commands).
   */
  readonly discovery?: 'watch' | 'off';
  /** Replace the loaded `usb` module (tests inject a fake shaped like usb 2.x; null = unavailable). */
  readonly usbModule?: UsbModuleLike | null;
  /** Fine-tuning and injection points of discovery (platform, command runner, windows, roots). */
  readonly devices?: Partial<Omit<DiscoveryOptions, 'clock' | 'usbModule' | 'usbError' | 'mountRoots'>>;
  /** Reads a file's com.apple.quarantine attribute (macOS: the xattr tool; elsewhere none). */
  readonly readQuarantine?: QuarantineReader;
  readonly intune?: IntuneOptions;
}

/** The core every front door talks to. Nothing a UI can do is possible only through a UI. */
export interface Bench {
  /** Validate and run one call; never throws. Transports use this. */
  call(method: unknown, params: unknown, context?: CallContext): Promise<CallResult>;
  /** Typed convenience for in-process callers (CLI, tests); throws BenchError on failure. */
  invoke<N extends CallName>(method: N, params: CallRequest<N>): Promise<CallResponse<N>>;
  subscribe(listener: EventListener): () => void;
  readonly dataDir: string;
  readonly logger: Logger;
  close(): Promise<void>;
}

export async function createBench(options: BenchOptions): Promise<Bench> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createFileLogger(options.dataDir, clock);
  const startedAt = new Date(clock.now()).toISOString();
  const hub = new EventHub((error) => logger.log('error', 'event listener failed', { error: String(error) }));

  const sqlite = loadNative<typeof BetterSqlite3>('better-sqlite3', () => {
    const Database = options.loadSqlite ? options.loadSqlite() : requireNative<typeof BetterSqlite3>('better-sqlite3');
    // better-sqlite3 binds its addon on first use: open a throwaway database to prove it loads.
    new Database(':memory:', options.sqliteNativeBinding ? { nativeBinding: options.sqliteNativeBinding } : {}).close();
    return Database;
  });
  if (!sqlite.module) {
    logger.log('error', 'better-sqlite3 unavailable', { error: sqlite.status.error });
    throw new BenchError('JOURNAL_UNAVAILABLE', `better-sqlite3 did not load: ${sqlite.status.error ?? 'unknown'}`);
  }
  const journal: JournalDatabase = openJournalDatabase({
    dataDir: options.dataDir,
    Database: sqlite.module,
    nativeBinding: options.sqliteNativeBinding,
    repair: options.repairJournal ?? false,
    now: () => clock.now(),
  });
  // A part that fails to start must not leave the journal, a timer or a watcher open behind it:
  // whatever has started is closed again, newest first, before the error goes to the caller.
  const opened: (() => void | Promise<void>)[] = [() => journal.close()];
  try {
    return await wireBench({ options, clock, logger, startedAt, hub, sqlite, journal, opened });
  } catch (error) {
    for (const close of opened.reverse()) {
      try {
        await close();
      } catch (closeError) {
        logger.log('error', 'closing after a failed start failed', { error: String(closeError) });
      }
    }
    throw error;
  }
}

interface WiringStart {
  readonly options: BenchOptions;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly startedAt: string;
  readonly hub: EventHub;
  readonly sqlite: { readonly status: NativeModuleStatus };
  readonly journal: JournalDatabase;
  /** Closers of what has started, in order; wireBench adds each part as it starts. */
  readonly opened: (() => void | Promise<void>)[];
}

async function wireBench({ options, clock, logger, startedAt, hub, sqlite, journal, opened }: WiringStart): Promise<Bench> {
  if (journal.keptAside) {
    logger.log('warn', 'damaged journal kept aside; a new one was started (--repair)', { keptAside: journal.keptAside });
    createEventAppender(journal.db, clock)({ kind: 'journal-repaired', code: 'JOURNAL_CORRUPT', path: journal.keptAside, message: `The damaged journal was kept as ${journal.keptAside}; this journal starts empty.` });
  }
  // usb is optional: without it the bench still finds volumes and says USB discovery is off.
  const usb = loadNative<unknown>('usb');
  if (!usb.module) logger.log('warn', 'usb unavailable', { error: usb.status.error });

  const append = createEventAppender(journal.db, clock);
  // Entering the station stages the Macs already plugged in, as plugging one in later would.
  let kioskEnabled: boolean | null = null;
  let onKioskEntered = () => {};
  const kiosk: KioskLock = createKioskLock({
    db: journal.db,
    clock,
    append,
    pin: createAdminPin({ db: journal.db, clock, append, ...(options.pinScrypt ? { scrypt: options.pinScrypt } : {}) }),
    emit: (state) => {
      hub.emit('kioskChanged', state);
      if (state.enabled && kioskEnabled === false) onKioskEntered();
      kioskEnabled = state.enabled;
    },
    ...(options.kioskIdleLockMs !== undefined ? { idleLockMs: options.kioskIdleLockMs } : {}),
    ...(options.kioskWatchMs !== undefined ? { watchMs: options.kioskWatchMs } : {}),
    onWatchError: (error) => logger.log('error', 'kiosk watch failed', { error: String(error) }),
  });
  opened.push(() => kiosk.close());
  kioskEnabled = kiosk.state().enabled;
  if (options.kiosk && !kiosk.state().enabled) kiosk.enter({ door: options.door }, `started with --kiosk from ${options.door}`);

  const nativeModules: NativeModuleStatus[] = [sqlite.status, usb.status];

  const library = createProfileLibrary({ db: journal.db, dataDir: options.dataDir, clock, logger });

  // Supported / allowed macOS: the table, or the setting that overrides it (read on every look).
  const support = () => macOSSupport(settings.get().macOSSupport);

  const usbModule = options.usbModule !== undefined ? options.usbModule : (usb.module as UsbModuleLike | null);
  const scanner = createDiscovery({
    profileContext: () => chosenProfileContext(library),
    macOSSupport: support,
    ...options.devices,
    clock,
    benchPaths: [options.dataDir, ...(options.devices?.benchPaths ?? [])],
    mountRoots: options.mountRoots ?? [],
    usbModule,
    usbError: usbModule ? null : (usb.status.error ?? 'the usb module is not available'),
    log: (level, message, fields) => logger.log(level, message, fields),
  });
  opened.push(() => scanner.stop());
  logger.log('info', 'bench started', { door: options.door, schemaVersion: journal.schemaVersion });

  const status = (): BenchStatus => ({
    appVersion,
    dataDir: options.dataDir,
    databasePath: journal.path,
    schemaVersion: journal.schemaVersion,
    nativeModules,
    frontDoor: options.door,
    platform: `${os.platform()} ${os.release()} (${os.arch()})`,
    startedAt,
  });

  const watching = options.discovery === 'watch';
  const store = createJournalStore(journal.db, clock);
  const settings = createSettingsStore(journal.db, (event) => hub.emit('journalAppended', store.appendEvent(event)));
  // The targets staging works on, each with the serial recorded in this session (staging/target-registry.ts).
  const registry = createTargetRegistry((targetId) => staging.serialOf(targetId));
  const targets: TargetSource = options.targets ?? registry.source;
  const profiles: ProfileSource = options.profiles ?? libraryProfileSource(library);
  const stagers = createWorkerStager({
    workerFile: options.stagingWorkerFile === undefined ? builtWorkerFile(import.meta.url) : options.stagingWorkerFile,
    size: () => options.concurrency ?? settings.get().concurrency,
    onUnavailable: (reason) => logger.log('warn', 'staging runs on the core thread', { reason }),
  });
  opened.push(() => stagers.close());
  const staging = createStagingService({
    store,
    settings,
    clock,
    targets,
    profiles,
    logger,
    stage: stagers.stage,
    kiosk: () => kiosk.state().enabled,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    listeners: {
      jobChanged: (job) => {
        hub.emit('jobChanged', job);
        // The target's verdict changes too (the file is there now): look again at once.
        if (job.state === 'staged' && watching) void scanner.rescan().catch(() => {});
      },
      jobProgress: (progress) => hub.emit('jobProgress', progress),
      journalAppended: (event) => hub.emit('journalAppended', event),
      sessionChanged: (session) => {
        hub.emit('sessionChanged', session);
        intune.onSessionChanged();
      },
      targetChanged: (targetId) => {
        const target = registry.shown(targetId);
        if (target) hub.emit('targetsChanged', { type: 'update', target, at: new Date(clock.now()).toISOString() });
      },
    },
  });
  opened.push(async () => {
    staging.dispose();
    await staging.whenIdle();
  });

  onKioskEntered = () => {
    if (!watching) return;
    void staging.stage('all').catch((error: unknown) => logger.log('warn', 'kiosk: staging the attached Macs did not start', { error: error instanceof Error ? error.message : String(error) }));
  };
  // Choosing another profile ends the open session, from every door that chooses one
  // (profiles/choose-for-staging.ts, shared/rules/session-scope.ts).
  const sessions: OpenSessions = { current: () => store.currentSession(), end: (id) => staging.endSession(id) };
  const intuneEnv = options.intune?.env ?? process.env;
  const intune = createIntuneService({
    db: journal.db,
    store,
    library,
    sessions,
    clock,
    logger,
    env: intuneEnv,
    credentials: (intuneSettings) =>
      createCredentials({
        env: intuneEnv,
        settings: intuneSettings,
        clock,
        logger,
        network: createMsalNetwork({ ...(options.intune?.trustedCa ? { ca: options.intune.trustedCa } : {}) }),
        vault: options.intune?.vault ?? null,
        ...(options.intune?.loginUrl ? { loginUrl: options.intune.loginUrl } : {}),
        ...(options.intune?.scopeResource ? { scopeResource: options.intune.scopeResource } : {}),
        ...(options.intune?.openBrowser ? { openBrowser: options.intune.openBrowser } : {}),
        onChange: (change) => hub.emit('intuneChanged', { change }),
      }),
    listeners: {
      intuneChanged: (change) => hub.emit('intuneChanged', { change }),
      profilesChanged: (change, ids) => {
        hub.emit('profilesChanged', { change, ids });
        if (watching) void scanner.rescan().catch(() => {});
      },
      jobChanged: (job) => hub.emit('jobChanged', job),
      journalAppended: (event) => hub.emit('journalAppended', event),
      sessionChanged: (session) => hub.emit('sessionChanged', session),
    },
    ...(options.intune?.graph ? { graph: options.intune.graph } : {}),
    ...(options.intune?.pollIntervalMs ? { pollIntervalMs: options.intune.pollIntervalMs } : {}),
  });
  opened.push(() => intune.dispose());

  const applyMountRoots = () => scanner.setMountRoots([...(options.mountRoots ?? []), ...settings.get().mountRoots]);
  applyMountRoots();
  scanner.on((event) => {
    hub.emit('targetsChanged', registry.apply(event));
    void staging.onTargetEvent(event).catch((error: unknown) => logger.log('error', 'target event handling failed', { error: String(error) }));
  });
  if (watching) {
    // Not awaited: the first attach events arrive after createBench returns, so a caller that
    // subscribes right away sees them; listTargets waits for the initial scan.
    void scanner.start();
  }

  // The Log's text index catches up with what earlier runs recorded, in bounded background chunks.
  const queryJournal = createJournalQuery(journal.db);
  queryJournal.catchUpTextInBackground();

  // Each domain contributes the handlers of its calls; the type demands one for every call.
  const handlers: CallHandlers = {
    ...systemHandlers({ status }),
    ...stagingHandlers({
      db: journal.db,
      store,
      staging,
      settings,
      queryJournal,
      onSettingsChanged: () => {
        applyMountRoots();
        hub.emit('settingsChanged', settings.get());
      },
    }),
    ...kioskHandlers(kiosk),
    ...targetHandlers({ scanner, watching: () => watching, remember: (list) => registry.remember(list) }),
    ...profileHandlers({
      library,
      clock,
      sessions,
      readQuarantine: options.readQuarantine ?? platformQuarantineReader(),
      changed: (payload) => {
        hub.emit('profilesChanged', payload);
        // Verdicts depend on the chosen profile (ACME needs macOS 13.1; "already staged").
        if (watching) void scanner.rescan().catch(() => {});
      },
    }),
    ...intuneHandlers(intune),
  };

  const defaultContext: CallContext = { door: options.door };
  const call = (method: unknown, params: unknown, context: CallContext = defaultContext) =>
    dispatch(handlers, method, params, context, {
      // The kiosk lock is enforced here, once, for every front door.
      authorise: (name, ctx) => kiosk.authorise(name, ctx),
      // A failing journal is JOURNAL_UNAVAILABLE / JOURNAL_CORRUPT, never INTERNAL.
      translate: asJournalError,
      onError: (name, error) =>
        logger.log('warn', 'call failed', { call: name, error: error instanceof Error ? error.message : String(error) }),
    });

  let closed = false;
  return {
    call,
    invoke: async <N extends CallName>(method: N, params: CallRequest<N>) => unwrap<N>(await call(method, params)),
    subscribe: (listener) => hub.subscribe(listener),
    dataDir: options.dataDir,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      await scanner.stop();
      intune.dispose();
      staging.dispose();
      await staging.whenIdle();
      kiosk.close();
      journal.close();
      logger.log('info', 'bench stopped', {});
    },
  };
}
