import { z } from 'zod';

// The per-target state machine:
//   queued → staging → verifying → staged → awaiting-approval → enrolled
//   any active state → failed{code} | blocked{code} | cancelled | interrupted (bench stopped mid-job)
export const JobState = z.enum([
  'queued',
  'staging',
  'verifying',
  'staged',
  'awaiting-approval',
  'enrolled',
  'failed',
  'blocked',
  'cancelled',
  'interrupted',
]);
export type JobState = z.infer<typeof JobState>;

export const ACTIVE_JOB_STATES: readonly JobState[] = ['queued', 'staging', 'verifying'];
export const DONE_JOB_STATES: readonly JobState[] = ['staged', 'awaiting-approval', 'enrolled'];

export const Job = z.object({
  id: z.string(),
  sessionId: z.string(),
  targetId: z.string(),
  state: JobState,
  /** Stable code for failed/blocked/cancelled/interrupted, and ALREADY_STAGED for an identical file. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  profileSha256: z.string(),
  /** Absolute destination path of the staged profile, when known. */
  path: z.string().nullable(),
  /** sha256 read back from the target after the copy. */
  sha256: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  bytesWritten: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Who confirmed enrollment, when someone did. */
  confirmedBy: z.string().nullable(),
});
export type Job = Readonly<z.infer<typeof Job>>;

export const JobProgress = z.object({
  jobId: z.string(),
  targetId: z.string(),
  bytesWritten: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
});
export type JobProgress = Readonly<z.infer<typeof JobProgress>>;
