import path from 'node:path';
import { BenchError, ERROR_MESSAGES, isErrorCode, toErrorData } from '../../shared/errors';
import type { Job, JobProgress } from '../../shared/models/job';
import type { JournalEvent, Session } from '../../shared/models/session';
import type { Target, VolumeTarget } from '../../shared/models/target';
import { canTransition, RETRYABLE_STATES } from '../../shared/rules/job-transitions';
import { judgeTarget, profileRefusal, type StagingProfileFacts } from '../../shared/rules/staging-policy';
import type { CommitOptions } from '../journal/group-commit';
import { journalFailure } from '../journal/journal-errors';
import { stagedRelativePath } from '../../shared/rules/staging-paths';
import type { Clock } from '../platform/clock';
import type { JournalStore, Transition } from '../journal/journal-store';
import { stageProfile, type StageProfileRequest, type StageProfileResult } from './stage-profile';
import { TRANSIENT_CODES } from './stage-errors';
import { createWatchdog } from './network-watchdog';
import { hungShare, liveNetworkEndpoint, markHung } from '../platform/network-health';
import { isNetworkFileSystem, NETWORK_CALL_TIMEOUT_MS } from '../../shared/rules/network-volumes';
import { createKeyedThrottle } from './throttle';

/**
 * The chosen profile as the runner needs it: exact bytes, the facts the staging policy judges
 * (shared/rules/staging-policy.ts) and the facts for the instructions page.
 */
export interface StagingProfile extends StagingProfileFacts {
  readonly sha256: string;
  readonly bytes: Uint8Array;
  readonly displayName: string | null;
  readonly organization: string | null;
  readonly mdmHost: string | null;
  readonly expiresAt: string;
}

/** Where a volume target is staged into: a carrier's mount point, a Mac's Data volume. */
export const stagingRoot = (target: VolumeTarget): string => (target.kind === 'carrier' ? target.mountPoint : (target.dataVolume ?? target.mountPoint));

/** The facts of the instructions page staged beside the profile on `target`. */
export function instructionFacts(profile: StagingProfile, target: VolumeTarget): NonNullable<StageProfileRequest['instructions']> {
  return {
    profileName: profile.displayName ?? 'Enrollment profile',
    organization: profile.organization,
    mdmHost: profile.mdmHost,
    validUntil: profile.expiresAt,
    macOSVersion: target.kind === 'mac-volume' ? (target.macOS?.productVersion ?? null) : null,
    configuratorInstalled: target.constraints.some((c) => c.code === 'CONFIGURATOR_INSTALLED'),
  };
}

export interface JobRunnerOptions {
  readonly store: JournalStore;
  readonly clock: Clock;
  /** The live target (null once it is detached). */
  readonly getTarget: (id: string) => Target | null;
  /** Told after each transition has been committed to the journal. */
  readonly onJobChanged: (job: Job, event: JournalEvent) => void;
  readonly onProgress: (progress: JobProgress) => void;
  readonly onJournal?: (event: JournalEvent) => void;
  readonly concurrency: () => number;
  readonly maxAttempts?: number;
  readonly retryBaseDelayMs?: number;
  readonly progressIntervalMs?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The stager; injected so tests can wrap it (e.g. to stop mid-copy). */
  readonly stage?: (request: StageProfileRequest) => Promise<StageProfileResult>;
  /** How long staging on a network volume may go without a sign of life before TARGET_UNRESPONSIVE. */
  readonly networkTimeoutMs?: number;
}

interface RunningJob {
  readonly jobId: string;
  readonly targetId: string;
  readonly session: Session;
  readonly profile: StagingProfile;
  readonly controller: AbortController;
  /** Why it was aborted, when it was: the person cancelled, the Mac went away, or the journal failed. */
  abortCode: 'STAGE_CANCELLED' | 'STAGE_DISCONNECTED' | 'JOURNAL_UNAVAILABLE' | null;
  /** The job as last published (what listeners are told if the journal cannot record more). */
  last: Job | null;
}

/** A journal write failed: the batch stops, and this carries the coded reason (JOURNAL_UNAVAILABLE/CORRUPT). */
class JournalDown extends Error {
  constructor(readonly failure: BenchError) {
    super(failure.message);
  }
}

/** How long a "verifying" may wait for another step's WAL sync before it gets one of its own. */
export const SOON_SYNC_MS = 25;

const FINAL_STATES = new Set<Job['state']>(['staged', 'awaiting-approval', 'enrolled', 'failed', 'blocked', 'cancelled', 'interrupted']);

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

/**
 * Runs staging jobs for many targets: a concurrency cap, a FIFO queue, retries with back-off for
 * transient failures, cancellation, and one failure never stopping the others. Every transition
 * is committed to the journal before listeners hear of it.
 */
export function createJobRunner(options: JobRunnerOptions) {
  const maxAttempts = options.maxAttempts ?? 3;
  const retryBaseDelayMs = options.retryBaseDelayMs ?? 1000;
  const sleep = options.sleep ?? defaultSleep;
  const stage = options.stage ?? stageProfile;
  const queue: RunningJob[] = [];
  const active = new Map<string, RunningJob>();
  const idleWaiters: Array<() => void> = [];
  const throttle = createKeyedThrottle<JobProgress>(options.progressIntervalMs ?? 500, (_key, p) => options.onProgress(p), options.clock);

  const tell = (transition: Transition) => {
    options.onJobChanged(transition.job, transition.event);
    options.onJournal?.(transition.event);
  };
  /**
   * Jobs whose "queued" is written but not yet durable (stage() below), each with the promise that
   * tells it: whatever happens to them meanwhile is told after it, in order (callbacks on one
   * promise run in the order they were added, the entry's removal first).
   */
  const unannounced = new Map<string, Promise<void>>();
  const publish = (transition: Transition) => {
    const waiting = unannounced.get(transition.job.id);
    if (waiting) void waiting.then(() => tell(transition)).catch(() => {});
    else tell(transition);
    return transition.job;
  };
  /** A journal call; a SQLite failure becomes JournalDown (never a staging failure, never a crash). */
  const journalled = <T>(write: () => T, doing: string): T => {
    try {
      return write();
    } catch (error) {
      const failure = journalFailure(error, doing);
      throw failure ? new JournalDown(failure) : error;
    }
  };
  const move = (jobId: string, to: Job['state'], changes: Parameters<JournalStore['transition']>[2] = {}) => {
    const job = publish(journalled(() => options.store.transition(jobId, to, changes), `recording ${to}`));
    const entry = active.get(jobId) ?? queue.find((q) => q.jobId === jobId);
    if (entry) entry.last = job;
    return job;
  };
  /** The same for a write that goes through the group commit (awaited: durable when it resolves). */
  const journalledGrouped = async <T>(write: () => T, doing: string, groupOptions?: CommitOptions): Promise<T> => {
    try {
      return await options.store.grouped(write, groupOptions);
    } catch (error) {
      const failure = journalFailure(error, doing);
      throw failure ? new JournalDown(failure) : error;
    }
  };
  /**
   * A running job's transition: committed in the journal's group commit together with whatever
   * other jobs have pending (one durable commit for many Macs), and announced only once durable.
   */
  const moveGrouped = async (jobId: string, to: Job['state'], changes: Parameters<JournalStore['transition']>[2] = {}) => {
    const job = publish(await journalledGrouped(() => options.store.transition(jobId, to, changes), `recording ${to}`));
    const entry = active.get(jobId) ?? queue.find((q) => q.jobId === jobId);
    if (entry) entry.last = job;
    return job;
  };
  /**
   * A running job's step worth showing but not worth a WAL sync of its own: "verifying", whose
   * "staged" (or "failed") follows within milliseconds on a local disk. Committed with the next
   * group (the one the job's next step starts, or another job's), at the latest after
   * SOON_SYNC_MS; announced only once durable, and before whatever follows it.
   * Recovery needs nothing of it: a bench stopped while a job is "staging" or "verifying" marks
   * it interrupted either way, and the destination is in the durable "staging" record.
   */
  const moveSoon = (jobId: string, to: Job['state']) => {
    const before = unannounced.get(jobId);
    const written = journalledGrouped(() => options.store.transition(jobId, to), `recording ${to}`, { syncWithinMs: SOON_SYNC_MS });
    const told = Promise.all([written, before]).then(
      ([transition]) => {
        tell(transition);
        const entry = active.get(jobId);
        if (entry) entry.last = transition.job;
      },
      // Not recorded: the job's next step, in the same group or a later one, meets the same failure.
      () => {},
    );
    unannounced.set(jobId, told);
    void told.then(() => {
      if (unannounced.get(jobId) === told) unannounced.delete(jobId);
    });
  };
  /** Append an event (group-committed), then tell the listener if there is one (the row is durable either way). */
  const note = async (input: Parameters<JournalStore['appendEvent']>[0]) => {
    const event = await journalledGrouped(() => options.store.appendEvent(input), `recording ${input.kind}`);
    options.onJournal?.(event);
    return event;
  };

  /**
   * The journal could not record a step of `entry`: it ends as failed with the journal's code, and
   * the batch stops (queued jobs settle now, running ones are aborted and settle as they stop).
   * When even "failed" cannot be recorded, listeners are told anyway (the CLI must answer); the
   * journal still shows the job as running, and the next start marks it interrupted.
   */
  /** The journal failure that stopped the current batch (what the jobs aborted for it report). */
  let batchFailure: BenchError | null = null;
  const journalDown = (entry: RunningJob, error: unknown) => {
    const failure = error instanceof JournalDown ? error.failure : (journalFailure(error) ?? new BenchError('INTERNAL', error instanceof Error ? error.message : String(error)));
    batchFailure = failure;
    settleUnrecorded(entry, failure);
    for (let i = queue.length - 1; i >= 0; i -= 1) {
      const waiting = queue[i] as RunningJob;
      if (waiting.session.id !== entry.session.id) continue;
      queue.splice(i, 1);
      waiting.abortCode = 'JOURNAL_UNAVAILABLE';
      waiting.controller.abort();
      settleUnrecorded(waiting, failure);
    }
    for (const running of active.values()) {
      if (running === entry || running.session.id !== entry.session.id || running.controller.signal.aborted) continue;
      running.abortCode = 'JOURNAL_UNAVAILABLE';
      running.controller.abort();
    }
  };
  const settleUnrecorded = (entry: RunningJob, failure: BenchError) => {
    const message = `${failure.message}${failure.detail ? ` (${failure.detail})` : ''}`;
    try {
      const current = options.store.getJob(entry.jobId);
      if (canTransition(current.state, 'failed')) {
        move(entry.jobId, 'failed', { code: failure.code, message });
        return;
      }
      if (FINAL_STATES.has(current.state)) return;
    } catch {
      // the journal cannot even be read or written now: tell the listeners below
    }
    const base = entry.last;
    if (!base) return;
    const job: Job = {
      ...base,
      state: 'failed',
      code: failure.code,
      message: `${message} This result could not be recorded in the journal.`,
      // A failed job holds no read-back and names nobody who confirmed it.
      sha256: null,
      confirmedBy: null,
      updatedAt: new Date(options.clock.now()).toISOString(),
    };
    entry.last = job;
    options.onJobChanged(job, {
      seq: 0,
      at: job.updatedAt,
      sessionId: job.sessionId,
      targetId: job.targetId,
      jobId: job.id,
      kind: 'job-state-unrecorded',
      fromState: base.state,
      toState: 'failed',
      code: failure.code,
      message: job.message,
      profileSha256: job.profileSha256,
      path: job.path,
    });
  };

  const settleIfIdle = () => {
    if (queue.length === 0 && active.size === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
  };

  /**
   * The concurrency cap counts jobs doing I/O on their targets. A job whose copy is written,
   * read back and synced gives its place up at once (`release`): waiting for the journal to make
   * its "staged" durable takes nothing from any target, and the next Mac's copy overlaps it.
   */
  const copying = new Set<string>();
  const release = (jobId: string) => {
    if (copying.delete(jobId)) pump();
  };
  const pump = () => {
    while (copying.size < Math.max(1, options.concurrency()) && queue.length > 0) {
      const next = queue.shift() as RunningJob;
      active.set(next.jobId, next);
      copying.add(next.jobId);
      void execute(next)
        .catch((error: unknown) => journalDown(next, error))
        .finally(() => {
        copying.delete(next.jobId);
        active.delete(next.jobId);
        throttle.flush(next.jobId);
        pump();
        settleIfIdle();
      });
    }
    settleIfIdle();
  };

  /**
   * The staging policy, asked when the job is queued and again at the start of every attempt (the
   * profile may have expired meanwhile): why this target cannot be staged now, or the volume (a
   * Mac's disk or a carrier drive) it may be staged on.
   */
  const judged = (target: Target, profile: StagingProfile): { blocked: { code: string; message: string } } | { volume: VolumeTarget } => {
    const refused = profileRefusal(profile, options.clock.now());
    if (refused) return { blocked: { code: refused.code, message: ERROR_MESSAGES[refused.code] } };
    const verdict = judgeTarget(target, profile);
    return verdict.ok ? { volume: verdict.target } : { blocked: { code: verdict.refusal.code, message: verdict.refusal.message } };
  };
  /** Why this target cannot be staged now, or null. */
  const blocker = (target: Target, profile: StagingProfile): { code: string; message: string } | null => {
    const verdict = judged(target, profile);
    return 'blocked' in verdict ? verdict.blocked : null;
  };

  const execute = async (entry: RunningJob): Promise<void> => {
    for (;;) {
      const current = options.store.getJob(entry.jobId);
      if (current.state !== 'queued') return;
      if (entry.controller.signal.aborted) {
        if (entry.abortCode === 'JOURNAL_UNAVAILABLE') throw new JournalDown(batchFailure ?? new BenchError('JOURNAL_UNAVAILABLE', 'the batch stopped because the journal could not record a step'));
        await moveGrouped(entry.jobId, 'cancelled', { code: entry.abortCode ?? 'STAGE_CANCELLED', message: ERROR_MESSAGES[entry.abortCode ?? 'STAGE_CANCELLED'] });
        return;
      }
      const live = options.getTarget(entry.targetId);
      if (!live) {
        await moveGrouped(entry.jobId, 'failed', { code: 'STAGE_DISCONNECTED', message: ERROR_MESSAGES.STAGE_DISCONNECTED });
        return;
      }
      const verdict = judged(live, entry.profile);
      if ('blocked' in verdict) {
        await moveGrouped(entry.jobId, 'blocked', verdict.blocked);
        return;
      }
      // Only a volume (a Mac's disk or a carrier drive) is ever accepted.
      const target = verdict.volume;
      const attempt = current.attempts + 1;
      const root = stagingRoot(target);
      // The destination is journalled before anything is written, so recovery and re-verification
      // know where to look even when the bench stops mid-copy.
      const destination = path.join(root, ...stagedRelativePath(target.kind, entry.profile.displayName));
      // The copy to a temporary name starts while this commits; the stager puts nothing at a final
      // name before it is durable (`startRecorded`), and progress waits for it to be announced.
      let stagingFailure: { error: unknown } | null = null;
      let announced = false;
      let heldProgress: JobProgress | null = null;
      const startRecorded = moveGrouped(entry.jobId, 'staging', { attempts: attempt, code: null, path: destination, message: attempt > 1 ? `Attempt ${attempt} of ${maxAttempts}` : null }).then(
        () => {
          announced = true;
          if (heldProgress) throttle.push(entry.jobId, heldProgress);
        },
        (error: unknown) => {
          stagingFailure = { error };
          throw error;
        },
      );
      // Handled here so a failure is never "unhandled" while the stager has not reached it yet.
      startRecorded.catch(() => {});
      // A network share can hang any call: bound the attempt (each chunk is a sign of life), and
      // send nothing to a share already known to be hung (network-health.ts).
      const watchdog = isNetworkFileSystem(target.fileSystem)
        ? createWatchdog(options.networkTimeoutMs ?? NETWORK_CALL_TIMEOUT_MS, `staging on ${root}`, entry.controller.signal)
        : null;
      try {
        const hungAt = watchdog ? hungShare(root) : null;
        if (hungAt) {
          await startRecorded;
          throw new BenchError('TARGET_UNRESPONSIVE', `${hungAt} has not answered a call yet`);
        }
        const staging = stage({
          root,
          network: watchdog !== null,
          expectedRoot: target.rootIdentity,
          kind: target.kind,
          bytes: entry.profile.bytes,
          sha256: entry.profile.sha256,
          displayName: entry.profile.displayName,
          instructions: instructionFacts(entry.profile, target),
          clock: options.clock,
          signal: watchdog?.signal ?? entry.controller.signal,
          journalled: startRecorded,
          onProgress: (written, total) => {
            watchdog?.touch();
            const progress = { jobId: entry.jobId, targetId: entry.targetId, bytesWritten: written, bytesTotal: total };
            if (announced) throttle.push(entry.jobId, progress);
            else heldProgress = progress;
          },
          onVerifying: () => {
            watchdog?.touch();
            moveSoon(entry.jobId, 'verifying');
          },
          // Journalled before the rename, so a bench killed right after it still has the record of
          // where the Mac's old file went. (Killed between this commit and the rename, the record
          // names a move that did not happen and the old file is still in its place; the next
          // staging moves it and records that.)
          onMovingAside: async (from, to) => {
            watchdog?.touch();
            await note({ kind: 'file-moved-aside', sessionId: entry.session.id, targetId: entry.targetId, jobId: entry.jobId, path: to, message: `A different file was at ${from}; it is kept as ${to}.` });
          },
        });
        if (watchdog) watchdog.signal.addEventListener('abort', () => markHung(liveNetworkEndpoint(root) ?? root, staging, `staging on ${root}`), { once: true });
        const result = watchdog ? await watchdog.run(staging) : await staging;
        release(entry.jobId);
        await startRecorded;
        for (const warning of result.warnings) {
          await note({ kind: 'job-warning', sessionId: entry.session.id, targetId: entry.targetId, jobId: entry.jobId, code: warning.code, message: warning.message });
        }
        await moveGrouped(entry.jobId, 'staged', {
          path: result.path,
          sha256: result.sha256,
          code: result.alreadyStaged ? 'ALREADY_STAGED' : null,
          message: result.alreadyStaged ? 'The same profile was already on this Mac.' : null,
        });
        return;
      } catch (error) {
        // The journal could not record the start: nothing was put in place; that failure is the
        // runner's caller's to handle, as when any other transition cannot be committed.
        await startRecorded.catch(() => {});
        if (stagingFailure) throw (stagingFailure as { error: unknown }).error;
        if (error instanceof JournalDown) throw error;
        const data = toErrorData(error);
        const left = (error as { tempLeftBehind?: string | null }).tempLeftBehind;
        if (left) {
          await note({ kind: 'job-warning', sessionId: entry.session.id, targetId: entry.targetId, jobId: entry.jobId, code: 'STAGE_TEMP_LEFT_BEHIND', message: ERROR_MESSAGES.STAGE_TEMP_LEFT_BEHIND, path: left });
        }
        if (entry.controller.signal.aborted || (data.code === 'STAGE_CANCELLED' && !watchdog?.signal.aborted)) {
          const code = entry.abortCode ?? 'STAGE_CANCELLED';
          if (code === 'JOURNAL_UNAVAILABLE') throw new JournalDown(batchFailure ?? new BenchError(code, 'the batch stopped because the journal could not record a step'));
          await moveGrouped(entry.jobId, code === 'STAGE_DISCONNECTED' ? 'failed' : 'cancelled', { code, message: ERROR_MESSAGES[code] });
          return;
        }
        const message = data.detail ? `${data.message} (${data.detail})` : data.message;
        if (TRANSIENT_CODES.has(data.code) && attempt < maxAttempts) {
          const delay = retryBaseDelayMs * 2 ** (attempt - 1);
          await moveGrouped(entry.jobId, 'queued', { code: data.code, message: `${message} Retrying in ${Math.round(delay / 1000)} s.` });
          await sleep(delay, entry.controller.signal);
          continue;
        }
        await moveGrouped(entry.jobId, 'failed', { code: isErrorCode(data.code) ? data.code : 'IO_ERROR', message });
        return;
      }
    }
  };

  return {
    /**
     * Queue targets for staging in `session`. Targets already running, or enrolled, are left as
     * they are; failed/blocked/cancelled/interrupted/staged ones are queued again.
     */
    async stage(session: Session, profile: StagingProfile, targetIds: readonly string[]): Promise<Job[]> {
      const wanted = targetIds.filter((targetId) => {
        const existing = options.store.jobFor(session.id, targetId);
        if (!existing) return true;
        if (queue.some((q) => q.jobId === existing.id) || active.has(existing.id)) return false;
        return RETRYABLE_STATES.includes(existing.state) || existing.state === 'staged' || existing.state === 'awaiting-approval';
      });
      // One transaction for the whole batch, written now and made durable by the same WAL sync
      // as the Macs' first step ("staging"), so a batch costs no sync of its own: the copies start
      // at once, to temporary names; nothing is announced (not even "queued", not this answer)
      // and nothing put at a final name before that sync. A target the policy refuses is
      // recorded as blocked at once, with the verdict's code, so every caller learns why in the
      // answer itself.
      const { value: entries, durable } = options.store.batchNowDurableLater(() =>
        wanted.map((targetId) => {
          const target = options.getTarget(targetId);
          if (target) options.store.rememberTarget(target);
          const queuedJob = options.store.queueJob({ sessionId: session.id, targetId, profileSha256: profile.sha256, bytesTotal: profile.bytes.length });
          const refused = target ? blocker(target, profile) : null;
          return { queuedJob, blocked: refused ? options.store.transition(queuedJob.job.id, 'blocked', refused) : null };
        }),
      );
      const queued = entries.map(({ queuedJob, blocked }) => {
        const job = queuedJob.job;
        const told = durable.then(() => tell(queuedJob)).catch(() => {});
        void told.then(() => {
          if (unannounced.get(job.id) === told) unannounced.delete(job.id);
        });
        unannounced.set(job.id, told);
        if (blocked) return publish(blocked);
        queue.push({ jobId: job.id, targetId: job.targetId, session, profile, controller: new AbortController(), abortCode: null, last: job });
        return job;
      });
      pump();
      try {
        await durable;
      } catch (error) {
        // The batch's runs fail on the same sync and settle as the journal allows (journalDown).
        throw journalFailure(error, 'queueing the targets') ?? new BenchError('JOURNAL_UNAVAILABLE', `queueing the targets: ${error instanceof Error ? error.message : String(error)}`);
      }
      return queued;
    },

    /** Cancel one target's job, or every queued and running job when targetId is null. */
    cancel(targetId: string | null, code: 'STAGE_CANCELLED' | 'STAGE_DISCONNECTED' = 'STAGE_CANCELLED', sessionId: string | null = null): number {
      let count = 0;
      for (const entry of [...queue, ...active.values()]) {
        if (targetId !== null && entry.targetId !== targetId) continue;
        if (sessionId !== null && entry.session.id !== sessionId) continue;
        entry.abortCode = code;
        entry.controller.abort();
        count += 1;
      }
      // Queued entries that never started are settled now rather than when their turn comes.
      for (let i = queue.length - 1; i >= 0; i -= 1) {
        const entry = queue[i] as RunningJob;
        if (!entry.controller.signal.aborted) continue;
        queue.splice(i, 1);
        const job = options.store.getJob(entry.jobId);
        if (job.state === 'queued') {
          move(entry.jobId, code === 'STAGE_DISCONNECTED' ? 'failed' : 'cancelled', { code, message: ERROR_MESSAGES[code] });
        }
      }
      settleIfIdle();
      return count;
    },

    isBusy(targetId: string): boolean {
      return queue.some((q) => q.targetId === targetId) || [...active.values()].some((a) => a.targetId === targetId);
    },

    get activeCount(): number {
      return active.size;
    },

    get queuedCount(): number {
      return queue.length;
    },

    /** Resolves when nothing is queued or running. */
    whenIdle(): Promise<void> {
      if (queue.length === 0 && active.size === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },

    dispose(): void {
      throttle.clear();
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
