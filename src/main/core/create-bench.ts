import os from 'node:os';
import type BetterSqlite3 from 'better-sqlite3';
import { version as appVersion } from '../../../package.json';
import type { CallName, CallRequest, CallResponse, CallResult } from '../../shared/contract';
import { BenchError } from '../../shared/errors';
import type { BenchStatus, NativeModuleStatus } from '../../shared/models/status';
import { openJournalDatabase, type JournalDatabase } from '../journal/database';
import { loadNative, requireNative } from '../native/load-native';
import { createProfileLibrary } from '../profiles/profile-library';
import { platformQuarantineReader, type QuarantineReader } from '../profiles/quarantine';
import { systemClock, type Clock } from './clock';
import { dispatch, unwrap, type CallContext, type CallHandlers } from './dispatch';
import { EventHub, type EventListener } from './event-hub';
import { profileHandlers } from './handlers/profiles';
import { systemHandlers } from './handlers/system';
import { createFileLogger, type Logger } from './logger';

export interface BenchOptions {
  readonly dataDir: string;
  /** Which front door owns this core; reported in the status. */
  readonly door: CallContext['door'];
  readonly clock?: Clock;
  /** Directories watched for mounted volumes besides the platform's own (--mounts). */
  readonly mountRoots?: readonly string[];
  /** A better_sqlite3.node built for the running runtime (the Electron shell passes its own build). */
  readonly sqliteNativeBinding?: string | undefined;
  /** Load the better-sqlite3 constructor; injected by tests to simulate a missing native module. */
  readonly loadSqlite?: () => typeof BetterSqlite3;
  readonly logger?: Logger;
  /** Reads a file's com.apple.quarantine attribute (macOS: the xattr tool; elsewhere none). */
  readonly readQuarantine?: QuarantineReader;
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
  });

  // usb is optional: without it the bench still finds volumes and says USB discovery is off.
  const usb = loadNative<unknown>('usb');
  if (!usb.module) logger.log('warn', 'usb unavailable', { error: usb.status.error });

  const nativeModules: NativeModuleStatus[] = [sqlite.status, usb.status];
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

  const library = createProfileLibrary({ db: journal.db, dataDir: options.dataDir, clock, logger });

  // Each domain contributes the handlers of its calls; the type demands one for every call.
  const handlers: CallHandlers = {
    ...systemHandlers({ status }),
    ...profileHandlers({
      library,
      clock,
      readQuarantine: options.readQuarantine ?? platformQuarantineReader(),
      changed: (payload) => hub.emit('profilesChanged', payload),
    }),
  };

  const defaultContext: CallContext = { door: options.door };
  const call = (method: unknown, params: unknown, context: CallContext = defaultContext) =>
    dispatch(handlers, method, params, context, {
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
      journal.close();
      logger.log('info', 'bench stopped', {});
    },
  };
}
