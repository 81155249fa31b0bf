import type { JobState } from '../models/job';

// The per-target state machine (DESIGN.md "Data flow"). Anything not listed is refused, so a bug
// can never journal an impossible history (e.g. enrolled before staged).
const ALLOWED: Readonly<Record<JobState, readonly JobState[]>> = {
  queued: ['staging', 'blocked', 'cancelled', 'failed', 'interrupted'],
  staging: ['verifying', 'staged', 'queued', 'failed', 'cancelled', 'interrupted', 'blocked'],
  verifying: ['staged', 'queued', 'failed', 'cancelled', 'interrupted'],
  staged: ['awaiting-approval', 'enrolled', 'queued'],
  'awaiting-approval': ['enrolled', 'queued', 'staged'],
  enrolled: [],
  failed: ['queued'],
  blocked: ['queued'],
  cancelled: ['queued'],
  interrupted: ['queued', 'staged'],
};

export function canTransition(from: JobState, to: JobState): boolean {
  return ALLOWED[from].includes(to);
}

/** States a job can be retried from. */
export const RETRYABLE_STATES: readonly JobState[] = ['failed', 'blocked', 'cancelled', 'interrupted'];
/** States in which a job is still running or waiting to run. */
export const RUNNING_STATES: readonly JobState[] = ['queued', 'staging', 'verifying'];
