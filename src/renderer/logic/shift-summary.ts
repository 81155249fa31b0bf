import type { Job } from '../../shared/models/job';
import { isStaged, needsAttention } from '../../shared/rules/job-outcome';

export interface ShiftSummary {
  readonly staged: number;
  readonly failures: number;
  /** Median minutes from queued to staged, null before the first Mac. */
  readonly medianSeconds: number | null;
}

/** What the station's shift summary shows, from the session's jobs. */
export function shiftSummary(jobs: readonly Job[]): ShiftSummary {
  const done = jobs.filter((j) => isStaged(j.state));
  const durations = done
    .map((j) => (Date.parse(j.updatedAt) - Date.parse(j.createdAt)) / 1000)
    .filter((s) => Number.isFinite(s) && s >= 0)
    .sort((a, b) => a - b);
  const middle = Math.floor(durations.length / 2);
  const median = durations.length === 0 ? null : durations.length % 2 ? (durations[middle] as number) : ((durations[middle - 1] as number) + (durations[middle] as number)) / 2;
  return {
    staged: done.length,
    // Failed, blocked or interrupted: the one vocabulary (shared/rules/job-outcome.ts).
    failures: jobs.filter((j) => needsAttention(j.state)).length,
    medianSeconds: median,
  };
}
