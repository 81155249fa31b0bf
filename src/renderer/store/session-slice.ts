import type { StateCreator } from 'zustand';
import type { Job, JobProgress } from '../../shared/models/job';
import type { Session } from '../../shared/models/session';
import type { StaleStaged } from '../../shared/models/staging';
import { serialWanted, type SerialAskFacts } from '../../shared/rules/serial-number';
import type { Bridge } from '../bridge';
import type { BenchState } from './store';
import { serialNumberOf } from '../../shared/models/target';

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
  confirmEnrolled(targetId: string, confirmedBy?: string): Promise<void>;
  /** Who confirms enrollments in this session when the settings name nobody (asked once). */
  technicianThisSession: string | null;
  /** Macs waiting to be marked enrolled until the technician says who they are. */
  technicianPrompt: readonly string[] | null;
  /** Mark Macs enrolled after a few seconds in which it can be undone (asks who, once per session). */
  markEnrolled(targetIds: readonly string[]): void;
  /** The technician's name for this session, or null to cancel what waited for it. */
  answerTechnician(name: string | null): void;
  /** The name a tile or row shows for a target, attached or unplugged. */
  targetName(targetId: string): string;
  /**
   * The next Mac of the session (attached first, then unplugged) without a serial, after `afterId`,
   * among those whose serial is worth asking for (shared/rules/serial-number.ts: not a Mac that
   * cannot be staged).
   */
  nextWithoutSerial(afterId?: string | null): string | null;
  /** What deciding whether to ask for this Mac's serial needs (attached or unplugged). */
  serialAskFacts(targetId: string): SerialAskFacts;
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
    technicianThisSession: null,
    technicianPrompt: null,
    targetName(targetId) {
      return get().targets[targetId]?.name ?? get().departed[targetId]?.name ?? targetId;
    },
    nextWithoutSerial(afterId = null) {
      const { targetOrder, targets, departedOrder, departed } = get();
      const ids = [...targetOrder, ...departedOrder.filter((id) => !targets[id])];
      const serialOf = (id: string) => {
        const target = targets[id];
        return target ? serialNumberOf(target) : (departed[id]?.serialNumber ?? null);
      };
      const start = afterId ? ids.indexOf(afterId) + 1 : 0;
      const ordered = [...ids.slice(start), ...ids.slice(0, start)];
      return ordered.find((id) => id !== afterId && serialOf(id) === null && serialWanted(get().serialAskFacts(id))) ?? null;
    },
    serialAskFacts(targetId) {
      const { targets, departed, jobs } = get();
      const target = targets[targetId];
      const jobState = (jobs[targetId] ?? departed[targetId]?.job ?? null)?.state ?? null;
      if (target) return { kind: target.kind, jobState, canReceive: target.stageable && !target.constraints.some((c) => c.severity === 'error') };
      return { kind: departed[targetId]?.kind ?? 'mac-volume', jobState, canReceive: null };
    },
    markEnrolled(targetIds) {
      const who = get().settings?.technicianName || get().technicianThisSession;
      if (!who) {
        set({ technicianPrompt: [...targetIds] });
        return;
      }
      const names = targetIds.map((id) => get().targetName(id));
      const text = targetIds.length === 1 ? `Marking ${names[0]} enrolled (by ${who}).` : `Marking ${targetIds.length} Macs enrolled (by ${who}).`;
      // Every confirmation is sent at once, not one after another's answer: when the page closes
      // during the undo window (flushPending on pagehide), all of them leave before it goes.
      get().deferWithUndo(text, async () => {
        await Promise.all(targetIds.map((id) => get().confirmEnrolled(id, who)));
      });
    },
    answerTechnician(name) {
      const waiting = get().technicianPrompt ?? [];
      const trimmed = name?.trim() ?? '';
      set({ technicianPrompt: null, ...(trimmed ? { technicianThisSession: trimmed } : {}) });
      if (trimmed && waiting.length > 0) get().markEnrolled(waiting);
    },
    async stage(targetIds) {
      const result = await bridge.call('stageTargets', { targetIds: targetIds === 'all' ? 'all' : [...targetIds] });
      if (!result.ok && targetIds !== 'all' && targetIds.length === 1 && targetIds[0]) get().noteOnTile(targetIds[0], 'error', result.error.message, result.error.code);
      else if (!result.ok) get().notifyError(result.error);
      else if (result.value.length === 0) get().notify('info', 'Nothing new to stage: every ready Mac already has the profile.');
    },
    async cancel(targetId) {
      const result = await bridge.call('cancelStaging', { targetId });
      if (!result.ok && targetId) get().noteOnTile(targetId, 'error', result.error.message, result.error.code);
      else if (!result.ok) get().notifyError(result.error);
    },
    async setSerial(targetId, serial) {
      const result = await bridge.call('setTargetSerial', { targetId, serial });
      // Said on the Mac it concerns, by name: a scan may have gone to a Mac nobody selected.
      if (!result.ok) {
        get().noteOnTile(targetId, 'error', `${get().targetName(targetId)}: ${result.error.message}`, result.error.code);
        return false;
      }
      get().patchDeparted(targetId, { serialNumber: result.value.serial });
      const text = `Serial ${result.value.serial} recorded for ${get().targetName(targetId)}.`;
      get().noteOnTile(targetId, 'success', text);
      get().notify('success', text);
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
    async confirmEnrolled(targetId, confirmedBy) {
      const result = await bridge.call('confirmEnrollment', { targetId, ...(confirmedBy ? { confirmedBy } : {}) });
      if (!result.ok) get().noteOnTile(targetId, 'error', result.error.message, result.error.code);
      else get().notify('success', `${get().targetName(targetId)} marked enrolled.`);
    },
  });
