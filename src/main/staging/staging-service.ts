import os from 'node:os';
import { BenchError, ERROR_MESSAGES } from '../../shared/errors';
import type { Job, JobProgress } from '../../shared/models/job';
import type { JournalEvent, Session } from '../../shared/models/session';
import { rosterEntryOf, type RosterEntry } from '../../shared/models/staging';
import { serialNumberOf, volumePathsOf, type Target, type TargetEvent } from '../../shared/models/target';
import { normaliseSerial } from '../../shared/rules/serial-number';
import { profileRefusal, targetRefusal } from '../../shared/rules/staging-policy';
import { isRetryable } from '../../shared/rules/job-outcome';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { JournalStore } from '../journal/journal-store';
import type { SettingsStore } from '../settings/settings-store';
import { sha256OfFile } from './atomic-write';
import { createJobRunner, type StagingProfile } from './job-runner';
import type { StageProfileRequest, StageProfileResult } from './stage-profile';

/** Where the live targets come from (the device scanner). */
export interface TargetSource {
  list(): readonly Target[];
  get(id: string): Target | null;
}

/** Where the profile to stage comes from (the profile library). */
export interface ProfileSource {
  /** The profile chosen in the library, or the one with this id; null when there is none. */
  load(id: string | null): Promise<StagingProfile | null>;
  /** When a library profile stops being valid (for "staged with a since-expired profile"). */
  expiresAt(sha256: string): string | null;
}

export interface StagingListeners {
  readonly jobChanged: (job: Job) => void;
  readonly jobProgress: (progress: JobProgress) => void;
  readonly journalAppended: (event: JournalEvent) => void;
  readonly sessionChanged: (session: Session | null) => void;
  /** A target's session facts (its serial number) changed. */
  readonly targetChanged: (targetId: string) => void;
}

export interface StagingServiceOptions {
  readonly store: JournalStore;
  readonly settings: SettingsStore;
  readonly clock: Clock;
  readonly targets: TargetSource;
  readonly profiles: ProfileSource;
  readonly listeners: StagingListeners;
  readonly logger: Logger;
  readonly kiosk: () => boolean;
  /** Overrides the concurrency setting (CLI --concurrency). */
  readonly concurrency?: number;
  readonly benchHost?: string;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Whether the process that owns a session still runs (recovery); injected by tests. */
  readonly isRunning?: (ownerPid: number | null, benchHost: string) => boolean;
  readonly stage?: (request: StageProfileRequest) => Promise<StageProfileResult>;
}

export interface StaleStaged {
  readonly job: Job;
  readonly expiredAt: string;
}

/**
 * Sessions and staging over the job runner: which profile, which technician, which targets;
 * serial numbers; what happens when a Mac is plugged in or pulled out; enrollment confirmation.
 */
export function createStagingService(options: StagingServiceOptions) {
  const { store, listeners } = options;
  const benchHost = options.benchHost ?? os.hostname();
  const runner = createJobRunner({
    store,
    clock: options.clock,
    getTarget: (id) => options.targets.get(id),
    onJobChanged: (job) => listeners.jobChanged(job),
    onProgress: (progress) => listeners.jobProgress(progress),
    onJournal: (event) => listeners.journalAppended(event),
    concurrency: () => options.concurrency ?? options.settings.get().concurrency,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.stage ? { stage: options.stage } : {}),
  });

  const note = (event: JournalEvent) => {
    listeners.journalAppended(event);
    return event;
  };

  // Jobs a stopped bench left mid-flight are marked interrupted before anything else happens.
  const recovered = store.recover(options.isRunning ?? ((pid, host) => isOtherLiveProcess(pid, host, benchHost)));
  for (const transition of recovered.interrupted) {
    note(transition.event);
    options.logger.log('warn', 'job interrupted by a previous stop', { jobId: transition.job.id, targetId: transition.job.targetId });
  }
  for (const session of recovered.ended) options.logger.log('info', 'ended a scripted session whose process stopped', { sessionId: session.id });

  /** End a session: what it still has queued or running is cancelled first (it was for that session's profile). */
  const endAndCancel = (sessionId: string): Session => {
    runner.cancel(null, 'STAGE_CANCELLED', sessionId);
    return store.endSession(sessionId);
  };

  /**
   * The open session for this profile, or a new one (ending a session for another profile, as
   * choosing another profile does: its queued and running copies are cancelled).
   * `fresh`: always a new session of its own, leaving any other open one alone (a scripted run,
   * possibly beside the app, must not end the app's session).
   */
  const sessionFor = (profileSha256: string | null, fresh = false): Session => {
    const current = fresh ? null : store.currentSession();
    if (current && (profileSha256 === null || current.profileSha256 === profileSha256 || current.profileSha256 === null)) {
      return current;
    }
    if (current) endAndCancel(current.id);
    const session = store.startSession({
      technician: options.settings.get().technicianName,
      benchHost,
      profileSha256,
      kiosk: options.kiosk(),
      scripted: fresh,
      ownerPid: process.pid,
    });
    listeners.sessionChanged(session);
    return session;
  };

  /** The profile to stage, refused here (for every door) unless the staging policy allows it. */
  const requireProfile = async (profileId: string | null): Promise<StagingProfile> => {
    const profile = await options.profiles.load(profileId);
    if (!profile) throw new BenchError(profileId ? 'PROFILE_NOT_FOUND' : 'PROFILE_NONE_CHOSEN');
    const refused = profileRefusal(profile, options.clock.now());
    if (refused) throw new BenchError(refused.code, refused.detail);
    return profile;
  };

  /** Targets whose automatic staging (on attach, or once they become stageable) is being queued. */
  const autoStaging = new Set<string>();

  const service = {
    runner,

    currentSession: (): Session | null => store.currentSession(),

    endSession(sessionId: string | null = null): Session | null {
      const session = sessionId ? store.getSession(sessionId) : store.currentSession();
      if (!session || session.endedAt) return session;
      const ended = endAndCancel(session.id);
      listeners.sessionChanged(store.currentSession());
      return ended;
    },

    /**
     * Stage the chosen (or given) profile on these targets, or on every ready one ('all': those
     * the staging policy accepts and that have no job in progress or done in this session).
     * The staging policy decides: a refused profile is an error (nothing is started); a named
     * target it refuses gets a job recorded as blocked with the verdict's code, so the answer
     * names every target asked for. Nothing attached (or nothing named): NO_TARGETS.
     */
    async stage(targetIds: readonly string[] | 'all', profileId: string | null = null, how: { newSession?: boolean } = {}): Promise<{ session: Session; jobs: Job[] }> {
      const profile = await requireProfile(profileId);
      if (targetIds === 'all' ? options.targets.list().length === 0 : targetIds.length === 0) {
        throw new BenchError('NO_TARGETS', targetIds === 'all' ? 'nothing is attached' : 'no target was named');
      }
      const current = how.newSession ? null : store.currentSession();
      if (targetIds !== 'all') {
        for (const id of targetIds) {
          if (!options.targets.get(id) && !(current && store.jobFor(current.id, id))) throw new BenchError('TARGET_NOT_FOUND', id);
        }
      }
      const session = sessionFor(profile.sha256, how.newSession ?? false);
      const ids =
        targetIds === 'all'
          ? options.targets
              .list()
              .filter((t) => {
                if (targetRefusal(t, profile)) return false;
                const job = store.jobFor(session.id, t.id);
                return !job || isRetryable(job.state);
              })
              .map((t) => t.id)
          : targetIds;
      return { session, jobs: await runner.stage(session, profile, ids) };
    },

    cancel(targetId: string | null): number {
      return runner.cancel(targetId);
    },

    whenIdle: () => runner.whenIdle(),

    /** Record a serial number (typed or scanned) for a target in the current session. */
    setSerial(targetId: string, input: string, sessionId: string | null = null): string {
      const check = normaliseSerial(input);
      if (!check.ok) throw new BenchError('SERIAL_INVALID', check.reason);
      const target = options.targets.get(targetId);
      if (target?.kind === 'carrier') throw new BenchError('SERIAL_NOT_A_MAC', targetId);
      const current = sessionId ? store.getSession(sessionId) : store.currentSession();
      // A Mac that is unplugged can still get its serial if it was staged in this session.
      if (!target && !(current && store.jobFor(current.id, targetId))) throw new BenchError('TARGET_NOT_FOUND', targetId);
      const session = current ?? sessionFor(null);
      if (target) store.rememberTarget(target);
      note(store.setSerial(session.id, targetId, check.serial, 'entered'));
      listeners.targetChanged(targetId);
      return check.serial;
    },

    /**
     * The session's roster: every Mac and drive it staged or recorded (attached or unplugged since),
     * then the attached ones it has not touched yet. Unplugged Macs stay, so they can be confirmed.
     */
    roster(sessionId: string | null = null): RosterEntry[] {
      const session = sessionId ? store.getSession(sessionId) : store.currentSession();
      const entries: RosterEntry[] = [];
      const seen = new Set<string>();
      if (session) {
        for (const facts of store.sessionTargets(session.id)) {
          const live = options.targets.get(facts.id);
          seen.add(facts.id);
          const liveMac = live?.kind === 'mac-volume' ? live.macOS : null;
          entries.push({
            targetId: facts.id,
            kind: live?.kind ?? facts.kind,
            name: live?.name ?? facts.name,
            serialNumber: store.serialFor(session.id, facts.id) ?? (live ? serialNumberOf(live) : null) ?? facts.serialNumber,
            macOSVersion: liveMac?.productVersion ?? facts.macOSVersion,
            macOSBuild: liveMac?.build ?? facts.macOSBuild,
            lastSeenAt: facts.lastSeenAt,
            attached: live !== null,
            job: store.jobFor(session.id, facts.id),
          });
        }
      }
      // Only the open session has attached Macs that are not journalled yet.
      if (!sessionId || session?.id === store.currentSession()?.id) {
        for (const target of options.targets.list()) {
          if (seen.has(target.id)) continue;
          entries.push(rosterEntryOf(target, { attached: true, lastSeenAt: target.attachedAt, job: null }));
        }
      }
      return entries;
    },

    serialOf(targetId: string): string | null {
      const session = store.currentSession();
      return session ? store.serialFor(session.id, targetId) : null;
    },

    /**
     * The target a person means: its id, its name, its serial number, or an absolute path of one
     * of its volumes (attached now, or where a job staged the profile). One match or an error.
     */
    resolveTarget(reference: string): string {
      if (options.targets.get(reference) || store.latestJobForTarget(reference)) return reference;
      const found = new Set<string>();
      const serial = normaliseSerial(reference);
      for (const target of options.targets.list()) {
        if (target.name.toLowerCase() === reference.toLowerCase() || volumePathsOf(target).includes(reference) || (serial.ok && serialNumberOf(target) === serial.serial)) found.add(target.id);
      }
      for (const id of store.targetIdsKnownAs(serial.ok ? serial.serial : reference)) found.add(id);
      if (serial.ok) for (const id of store.targetIdsKnownAs(reference)) found.add(id);
      if (reference.startsWith('/')) for (const id of store.targetIdsStagedUnder(reference)) found.add(id);
      const ids = [...found];
      if (ids.length === 1) return ids[0] as string;
      if (ids.length === 0) throw new BenchError('TARGET_NOT_FOUND', `nothing is known as ${reference}`);
      throw new BenchError('USAGE', `${reference} could be any of ${ids.join(', ')}: name it by its id`);
    },

    /**
     * A person confirms the profile was approved on that Mac (named by id, name, serial number
     * or volume path). Never set by the bench on its own.
     */
    confirmEnrolled(reference: string, confirmedBy: string | null, sessionId: string | null = null): Job {
      const targetId = service.resolveTarget(reference);
      // The Mac is usually far from the bench by then: take its latest job in any session.
      const job = sessionId ? store.jobFor(store.getSession(sessionId).id, targetId) : store.latestJobForTarget(targetId);
      if (!job || (job.state !== 'staged' && job.state !== 'awaiting-approval')) {
        throw new BenchError('USAGE', `${targetId} has no staged profile to confirm (state ${job?.state ?? 'none'})`);
      }
      const who = (confirmedBy ?? options.settings.get().technicianName) || 'a technician';
      const transition = store.transition(job.id, 'enrolled', { confirmedBy: who, code: null, message: `Enrollment confirmed by ${who}.` });
      listeners.jobChanged(transition.job);
      note(transition.event);
      return transition.job;
    },

    /** What the bench does when the scanner reports a change. */
    async onTargetEvent(event: TargetEvent): Promise<void> {
      const session = store.currentSession();
      if (event.type === 'detach') {
        if (runner.isBusy(event.target.id)) runner.cancel(event.target.id, 'STAGE_DISCONNECTED');
        const job = session ? store.jobFor(session.id, event.target.id) : null;
        if (job && job.state === 'staged') {
          // Staged and unplugged: the profile now waits for a person at that Mac.
          const transition = store.transition(job.id, 'awaiting-approval', { message: 'Unplugged with the profile staged: waiting for approval on the Mac.' });
          listeners.jobChanged(transition.job);
          note(transition.event);
        }
        return;
      }
      // Attached, or changed (see below).
      const job = session ? store.jobFor(session.id, event.target.id) : null;
      if (event.type === 'attach' && session && job && job.state === 'awaiting-approval' && job.path) {
        // Offline, the bench cannot know whether the profile was installed; it notes what it sees.
        let present: boolean;
        try {
          present = (await sha256OfFile(job.path)) === job.sha256;
        } catch {
          present = false;
        }
        note(
          store.appendEvent({
            kind: present ? 'staged-file-present' : 'staged-file-gone',
            sessionId: session.id,
            targetId: event.target.id,
            jobId: job.id,
            path: job.path,
            message: present
              ? 'Plugged in again; the staged profile is still there.'
              : 'Plugged in again; the staged profile is no longer there. Whether it was installed can only be confirmed by a person.',
          }),
        );
        return;
      }
      const settings = options.settings.get();
      // A kiosk station always stages on attach: plugging a Mac in is all a warehouse worker does.
      if (!(settings.autoStageOnAttach || options.kiosk()) || !event.target.stageable || event.target.kind === 'usb-device') return;
      // A Mac is often not whole when it first appears: macOS mounts its Data volume a moment
      // after its System volume, and a scan in between sees a Mac that cannot be staged yet. The
      // change that makes it stageable stages it, as long as nothing was tried on it in this
      // session; a Mac staged, failed or refused keeps its result until it is plugged in again.
      if (event.type === 'update' ? job !== null : job !== null && !isRetryable(job.state)) return;
      // Its attach and an update can both arrive before the first one's job is written.
      if (autoStaging.has(event.target.id)) return;
      autoStaging.add(event.target.id);
      try {
        await service.stage([event.target.id]);
      } catch (error) {
        options.logger.log('warn', 'auto-stage on attach did not start', { targetId: event.target.id, error: error instanceof Error ? error.message : String(error) });
      } finally {
        autoStaging.delete(event.target.id);
      }
    },

    /** Re-read staged files of a session and journal whether each is still intact. */
    async reverify(sessionId: string | null): Promise<Array<{ targetId: string; result: 'intact' | 'missing' | 'changed' | 'not-attached' }>> {
      const session = sessionId ? store.getSession(sessionId) : (store.currentSession() ?? store.listSessions()[0] ?? null);
      if (!session) return [];
      const results: Array<{ targetId: string; result: 'intact' | 'missing' | 'changed' | 'not-attached' }> = [];
      for (const job of store.jobsOfSession(session.id)) {
        if (!job.path || !['staged', 'awaiting-approval', 'interrupted'].includes(job.state)) continue;
        if (!options.targets.get(job.targetId)) {
          results.push({ targetId: job.targetId, result: 'not-attached' });
          continue;
        }
        let sha: string | null = null;
        try {
          sha = await sha256OfFile(job.path);
        } catch {
          sha = null;
        }
        // Compared with the profile the job was to stage: an interrupted job has no read-back yet.
        const result = sha === null ? 'missing' : sha === job.profileSha256 ? 'intact' : 'changed';
        results.push({ targetId: job.targetId, result });
        note(store.appendEvent({ kind: `reverify-${result}`, sessionId: session.id, targetId: job.targetId, jobId: job.id, path: job.path, code: result === 'intact' ? null : result === 'missing' ? 'STAGE_DISCONNECTED' : 'STAGE_VERIFY_MISMATCH', message: result === 'intact' ? 'Staged profile re-read: intact.' : result === 'missing' ? 'Staged profile is no longer on this Mac.' : ERROR_MESSAGES.STAGE_VERIFY_MISMATCH }));
        if (result === 'intact' && job.state === 'interrupted') {
          // The copy finished before the bench stopped: the whole, identical file is there.
          const transition = store.transition(job.id, 'staged', { code: null, sha256: sha, message: 'Found complete and identical after the bench stopped.' });
          listeners.jobChanged(transition.job);
          note(transition.event);
        }
      }
      return results;
    },

    /** Macs staged (not yet confirmed enrolled) with a profile that has since expired: restage them. */
    staleStaged(): StaleStaged[] {
      const now = options.clock.now();
      const stale: StaleStaged[] = [];
      for (const session of store.listSessions()) {
        for (const job of store.jobsOfSession(session.id)) {
          if (job.state !== 'staged' && job.state !== 'awaiting-approval') continue;
          const expiresAt = options.profiles.expiresAt(job.profileSha256);
          if (expiresAt && Date.parse(expiresAt) <= now) stale.push({ job, expiredAt: expiresAt });
        }
      }
      return stale;
    },

    dispose(): void {
      runner.cancel(null);
      runner.dispose();
    },
  };
  return service;
}

/** Another process of this host that is still running (signal 0 probes without touching it). */
function isOtherLiveProcess(pid: number | null, host: string, thisHost: string): boolean {
  if (pid === null || pid === process.pid || host !== thisHost) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type StagingService = ReturnType<typeof createStagingService>;
