import type { JobState } from '../models/job';

// The one vocabulary of job outcomes. Every place that counts or words jobs (the CLI's
// `sessions`, the session counts, the bench bar and tiles, the kiosk shift summary, the dock
// badge and notification) asks here, so "failed" means the same thing everywhere:
//   in progress      queued, staging, verifying: the bench is still working on it
//   staged           staged, awaiting-approval, enrolled: the exact profile is on the Mac
//   failed           failed, blocked, interrupted: the profile did not reach the Mac and
//                    nobody chose that; it needs attention (fix the cause, stage again)
//   cancelled        a person stopped it
// final: anything not in progress (nothing more happens without a person).
// retryable: failed or cancelled (staging again queues it anew).

export type JobOutcome = 'in-progress' | 'staged' | 'failed' | 'cancelled';

const OUTCOME: Readonly<Record<JobState, JobOutcome>> = {
  queued: 'in-progress',
  staging: 'in-progress',
  verifying: 'in-progress',
  staged: 'staged',
  'awaiting-approval': 'staged',
  enrolled: 'staged',
  failed: 'failed',
  blocked: 'failed',
  interrupted: 'failed',
  cancelled: 'cancelled',
};

export function jobOutcome(state: JobState): JobOutcome {
  return OUTCOME[state];
}

/** Nothing more happens to the job without a person (every state but queued/staging/verifying). */
export function isFinal(state: JobState): boolean {
  return OUTCOME[state] !== 'in-progress';
}

/** The profile did not reach the Mac and nobody chose that: count it, badge it, say so. */
export function needsAttention(state: JobState): boolean {
  return OUTCOME[state] === 'failed';
}

/** Staging again queues the job anew. */
export function isRetryable(state: JobState): boolean {
  return OUTCOME[state] === 'failed' || OUTCOME[state] === 'cancelled';
}

/** The exact profile is on the Mac (staged, awaiting approval, or confirmed enrolled). */
export function isStaged(state: JobState): boolean {
  return OUTCOME[state] === 'staged';
}

/** Counts of a set of jobs in the vocabulary above (failed includes blocked and interrupted). */
export interface OutcomeCounts {
  readonly total: number;
  readonly inProgress: number;
  readonly staged: number;
  readonly failed: number;
  readonly cancelled: number;
}

export function countOutcomes(states: Iterable<JobState>): OutcomeCounts {
  const counts = { total: 0, inProgress: 0, staged: 0, failed: 0, cancelled: 0 };
  for (const state of states) {
    counts.total += 1;
    const outcome = OUTCOME[state];
    if (outcome === 'in-progress') counts.inProgress += 1;
    else if (outcome === 'staged') counts.staged += 1;
    else if (outcome === 'failed') counts.failed += 1;
    else counts.cancelled += 1;
  }
  return counts;
}
