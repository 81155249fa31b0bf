import { z } from 'zod';
import { Job, JobProgress } from '../models/job';
import { JournalEvent, Session } from '../models/session';
import { Settings } from '../models/settings';
import { KioskState } from '../models/kiosk';
import { Sha256 } from '../models/common';
import { BenchStatus } from '../models/status';
import { TargetEvent } from '../models/target';

/** The library changed; UIs re-read it with listProfiles. */
export const ProfilesChanged = z.object({
  change: z.enum(['imported', 'removed', 'purged', 'chosen']),
  /** The profiles concerned (empty when the choice was cleared). */
  ids: z.array(Sha256),
});

/** Something about Intune changed (sign-in, settings, a sync, the poller); UIs re-read getIntuneStatus. */
export const IntuneChanged = z.object({
  change: z.enum(['settings', 'signed-in', 'signed-out', 'sign-in-pending', 'sign-in-failed', 'synced', 'polling', 'fetched', 'uploaded']),
});

// Events the core pushes to every connected UI. Each is committed to the journal (where it is a
// journalled fact) before it is pushed.
export const events = {
  statusChanged: BenchStatus,
  jobChanged: Job,
  jobProgress: JobProgress,
  journalAppended: JournalEvent,
  sessionChanged: Session.nullable(),
  settingsChanged: Settings,
  /** Kiosk mode turned on/off, locked/unlocked, or a wrong PIN changed the back-off. */
  kioskChanged: KioskState,
  /** A target attached, changed (its facts or its verdict) or detached. */
  targetsChanged: TargetEvent,
  profilesChanged: ProfilesChanged,
  intuneChanged: IntuneChanged,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** The envelope an event travels in, on every transport. */
export type BenchEvent = { [E in EventName]: { readonly name: E; readonly payload: EventPayload<E> } }[EventName];

export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(events, value);
}
