import type { SessionSummary } from '../../../shared/models/staging';
import { stationSettingsOf } from '../../../shared/models/settings';
import { needsAttention } from '../../../shared/rules/job-outcome';
import type { SqliteDatabase } from '../../journal/database';
import type { createJournalQuery } from '../../journal/journal-query';
import type { JournalStore } from '../../journal/journal-store';
import { exportSession } from '../../journal/session-exports';
import type { SettingsStore } from '../../settings/settings-store';
import type { StagingService } from '../../staging/staging-service';
import type { stagingCalls } from '../../../shared/contract/calls/staging';
import type { CallHandlers } from '../dispatch';

// The calls this file answers are the staging domain's, as defined in the contract.
type StagingCallName = keyof typeof stagingCalls;

export interface StagingHandlerDeps {
  readonly db: SqliteDatabase;
  readonly store: JournalStore;
  readonly staging: StagingService;
  readonly settings: SettingsStore;
  readonly queryJournal: ReturnType<typeof createJournalQuery>;
  readonly onSettingsChanged: () => void;
}

export function stagingHandlers(deps: StagingHandlerDeps): Pick<CallHandlers, StagingCallName> {
  const { store, staging } = deps;
  return {
    getSession: () => store.currentSession(),
    endSession: ({ sessionId }) => staging.endSession(sessionId ?? null),
    listSessions: () =>
      store.listSessions().map((session): SessionSummary => {
        const jobs = store.jobsOfSession(session.id);
        const count = (...states: string[]) => jobs.filter((j) => states.includes(j.state)).length;
        // "failed" in the one vocabulary (shared/rules/job-outcome.ts): failed, blocked or
        // interrupted; `blocked` says how many of those the staging policy refused.
        return {
          ...session,
          counts: {
            total: jobs.length,
            staged: count('staged'),
            awaitingApproval: count('awaiting-approval'),
            enrolled: count('enrolled'),
            failed: jobs.filter((j) => needsAttention(j.state)).length,
            blocked: count('blocked'),
          },
        };
      }),
    getRoster: ({ sessionId }) => staging.roster(sessionId ?? null),
    listJobs: ({ sessionId }) => {
      const id = sessionId ?? store.currentSession()?.id;
      return id ? store.jobsOfSession(id) : [];
    },
    stageTargets: async ({ targetIds }) => (await staging.stage(targetIds)).jobs,
    stageWithProfile: async ({ profileId, targetIds, newSession }) => {
      const { session, jobs } = await staging.stage(targetIds, profileId, { newSession: newSession ?? false });
      return { sessionId: session.id, jobs };
    },
    cancelStaging: ({ targetId }) => ({ cancelled: staging.cancel(targetId) }),
    setTargetSerial: ({ targetId, serial, sessionId }) => ({ serial: staging.setSerial(targetId, serial, sessionId ?? null) }),
    confirmEnrollment: ({ targetId, confirmedBy }) => staging.confirmEnrolled(targetId, confirmedBy ?? null),
    reverifyStaged: ({ sessionId }) => staging.reverify(sessionId ?? null),
    listStaleStaged: () => staging.staleStaged(),
    queryJournal: ({ filter, offset, limit }) => deps.queryJournal(filter, offset, limit),
    exportSession: ({ kind, sessionId }) => exportSession(deps.db, store, kind, sessionId ?? null),
    getSettings: () => deps.settings.get(),
    getStationSettings: () => stationSettingsOf(deps.settings.get()),
    updateSettings: (changes) => {
      const next = deps.settings.update(changes);
      deps.onSettingsChanged();
      return next;
    },
  };
}
