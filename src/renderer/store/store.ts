import { stationSettingsOf } from '../../shared/models/settings';
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { BenchEvent } from '../../shared/contract';
import type { Bridge } from '../bridge';
import { createJournalSlice, type JournalSlice } from './journal-slice';
import { createFrameBatch, createNotificationHold, isFrameBatched, type Batch } from './frame-batch';
import { createIntuneSlice, type IntuneSlice } from './intune-slice';
import { createKioskSlice, type KioskSlice } from './kiosk-slice';
import { createNoticesSlice, type NoticesSlice } from './notices-slice';
import { createProfilesSlice, type ProfilesSlice } from './profiles-slice';
import { createRosterSlice, type RosterSlice } from './roster-slice';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createStatusSlice, type StatusSlice } from './status-slice';
import { createTargetsSlice, type TargetsSlice } from './targets-slice';

// The store is built from small slices by a factory, so each test (and each window) gets a fresh
// one. Pushed events update only the slice (and the one target) they concern.
export type BenchState = StatusSlice &
  NoticesSlice &
  SettingsSlice &
  SessionSlice &
  JournalSlice &
  KioskSlice &
  TargetsSlice &
  RosterSlice &
  ProfilesSlice &
  IntuneSlice & { readonly bridge: Bridge };

export type BenchStore = StoreApi<BenchState>;

export function createBenchStore(bridge: Bridge): BenchStore {
  const store = createStore<BenchState>()((...args) => ({
    bridge,
    ...createStatusSlice(bridge)(...args),
    ...createNoticesSlice(...args),
    ...createSettingsSlice(bridge)(...args),
    ...createSessionSlice(bridge)(...args),
    ...createJournalSlice(bridge)(...args),
    ...createKioskSlice(bridge)(...args),
    ...createTargetsSlice(bridge)(...args),
    ...createRosterSlice(bridge)(...args),
    ...createProfilesSlice(bridge)(...args),
    ...createIntuneSlice(...args),
  }));
  bridge.onConnection((connected) => {
    store.setState(connected ? { connected, everConnected: true, accessRefused: false } : { connected });
    if (connected) void loadEverything(store);
    // Gone: is the core just restarting, or does it refuse this tab's token now?
    else void bridge.probe().then((answer) => store.setState({ accessRefused: answer === 'refused' && !store.getState().connected }));
  });
  // Pushed events change the state at once and are told to the screens once per frame, the
  // frequent ones (progress, journal rows) also applied once per frame (frame-batch.ts).
  const notifications = createNotificationHold(store);
  const batch = createFrameBatch((pending) => applyBatch(store, pending), notifications.atFrame);
  bridge.subscribe((event) =>
    notifications.hold(() => {
      if (isFrameBatched(event)) return batch.push(event);
      batch.flush();
      applyEvent(store, event);
    }),
  );
  return store;
}

async function loadEverything(store: BenchStore): Promise<void> {
  const s = store.getState();
  await Promise.all([s.loadStatus(), s.loadSettings(), s.loadSession(), s.loadSessions(), s.loadKiosk(), s.loadTargets(), s.loadProfiles(), s.loadStaleStaged()]);
  // After the targets: the roster keeps only the session's Macs that are not attached.
  await s.loadRoster();
}

/** High-rate events, a frame's worth at a time (frame-batch.ts). */
export function applyBatch(store: BenchStore, batch: Batch): void {
  if (batch.progress.length > 0) store.getState().applyProgress(batch.progress);
  if (batch.journalAppended > 0) store.setState({ journalVersion: store.getState().journalVersion + batch.journalAppended });
}

export function applyEvent(store: BenchStore, event: BenchEvent): void {
  const s = store.getState();
  switch (event.name) {
    case 'statusChanged':
      store.setState({ status: event.payload });
      break;
    case 'settingsChanged':
      store.setState({ settings: event.payload, stationSettings: stationSettingsOf(event.payload) });
      break;
    case 'jobChanged':
      s.applyJob(event.payload);
      break;
    case 'jobProgress':
      s.applyProgress([event.payload]);
      break;
    case 'sessionChanged':
      store.setState({
        session: event.payload,
        jobs: {},
        progress: {},
        departed: {},
        departedOrder: [],
        // Asked once per session: a new session asks again.
        technicianThisSession: event.payload?.id === s.session?.id ? s.technicianThisSession : null,
      });
      void s.loadSessions();
      void s.loadRoster();
      break;
    case 'journalAppended':
      store.setState({ journalVersion: s.journalVersion + 1 });
      break;
    case 'targetsChanged':
      s.applyTargetEvent(event.payload);
      break;
    case 'kioskChanged':
      // Kiosk and library changes are journalled by their own modules: the log refreshes too.
      store.setState({ kiosk: event.payload, journalVersion: s.journalVersion + 1 });
      // The settings are an admin's to read: dropped when the station locks, read again when an
      // admin unlocks it.
      if (event.payload.locked) store.setState({ settings: null });
      else if (s.kiosk?.locked !== false || s.settings === null) void s.loadSettings();
      break;
    case 'profilesChanged':
      store.setState({ journalVersion: s.journalVersion + 1 });
      void s.loadProfiles();
      void s.loadStaleStaged();
      break;
    case 'intuneChanged':
      // Intune's changes are journalled too (sign-in, downloads, uploads, confirmations).
      store.setState({ intuneVersion: s.intuneVersion + 1, journalVersion: s.journalVersion + 1 });
      break;
    default:
      assertNever(event);
  }
}

function assertNever(event: never): void {
  // A new event in the contract that the store does not handle yet fails the type-check here.
  void event;
}

export const StoreContext = createContext<BenchStore | null>(null);

export function useBench<T>(selector: (state: BenchState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useBench outside <StoreContext.Provider>');
  return useStore(store, selector);
}

export function useBenchStore(): BenchStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useBenchStore outside <StoreContext.Provider>');
  return store;
}
