import type { StateCreator } from 'zustand';
import type { Job, JobProgress } from '../../shared/models/job';
import type { Session } from '../../shared/models/session';
import type { StaleStaged } from '../../shared/models/staging';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';

export interface SessionSlice {
  session: Session | null;
  /** The current session's job per target id. */
  jobs: Readonly<Record<string, Job>>;
  /** Live copy progress per target id (throttled at the source). */
  progress: Readonly<Record<string, JobProgress>>;
  /** Macs staged (not confirmed enrolled) with a profile that has expired since: restage them. */
  staleStaged: readonly StaleStaged[];
  loadSession(): Promise<void>;
  loadStaleStaged(): Promise<void>;
  applyJob(job: Job): void;
  /** The latest progress of some targets (batched per frame: see frame-batch.ts). */
  applyProgress(batch: readonly JobProgress[]): void;
  stage(targetIds: readonly string[] | 'all'): Promise<void>;
  cancel(targetId: string | null): Promise<void>;
  setSerial(targetId: string, serial: string): Promise<boolean>;
  confirmEnrolled(targetId: string): Promise<void>;
  /** Re-read the staged files of this session on the Macs still attached. */
  reverify(): Promise<void>;
}

export const createSessionSlice =
  (bridge: Bridge): StateCreator<BenchState, [], [], SessionSlice> =>
  (set, get) => ({
    session: null,
    jobs: {},
    progress: {},
    staleStaged: [],
    async loadStaleStaged() {
      const result = await bridge.call('listStaleStaged', {});
      if (result.ok) set({ staleStaged: result.value });
    },
    async loadSession() {
      const [session, jobs] = await Promise.all([bridge.call('getSession', {}), bridge.call('listJobs', {})]);
      if (session.ok) set({ session: session.value });
      if (jobs.ok) set({ jobs: Object.fromEntries(jobs.value.map((j) => [j.targetId, j])) });
    },
    applyJob(job) {
      const session = get().session;
      // A job of another session (a new one just started) replaces what we show.
      if (session && job.sessionId !== session.id) {
        void get().loadSession();
        return;
      }
      set({ jobs: { ...get().jobs, [job.targetId]: job } });
    },
    applyProgress(batch) {
      const next = { ...get().progress };
      for (const progress of batch) next[progress.targetId] = progress;
      set({ progress: next });
    },
    async stage(targetIds) {
      const result = await bridge.call('stageTargets', { targetIds: targetIds === 'all' ? 'all' : [...targetIds] });
      if (!result.ok) get().notifyError(result.error);
      else if (result.value.length === 0) get().notify('info', 'Nothing new to stage: every ready Mac already has the profile.');
    },
    async cancel(targetId) {
      const result = await bridge.call('cancelStaging', { targetId });
      if (!result.ok) get().notifyError(result.error);
    },
    async setSerial(targetId, serial) {
      const result = await bridge.call('setTargetSerial', { targetId, serial });
      if (!result.ok) {
        get().notifyError(result.error);
        return false;
      }
      get().notify('success', `Serial ${result.value.serial} recorded.`);
      return true;
    },
    async reverify() {
      const result = await bridge.call('reverifyStaged', {});
      if (!result.ok) return get().notifyError(result.error);
      const count = (what: string) => result.value.filter((r) => r.result === what).length;
      const [intact, missing, changed] = [count('intact'), count('missing'), count('changed')];
      if (result.value.length === 0) get().notify('info', 'No staged profile to re-check in this session.');
      else get().notify(missing + changed > 0 ? 'error' : 'success', `Re-checked: ${intact} intact, ${missing} missing, ${changed} changed, ${count('not-attached')} not attached.`);
    },
    async confirmEnrolled(targetId) {
      const result = await bridge.call('confirmEnrollment', { targetId });
      if (!result.ok) get().notifyError(result.error);
    },
  });
