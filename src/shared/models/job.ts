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

// A job is one journal row whose columns fill in as it moves on; `state` discriminates what each
// state holds (z.discriminatedUnion), so the compiler knows e.g. that a staged job has its path
// and read-back sha256, that a failed one has its code, and that only an enrolled one names who
// confirmed it. Every state keeps every key on the wire (a column with no value yet is null), so
// the JSON of the CLI, the exports and IPC is the same for every state.
const JobCommon = {
  id: z.string(),
  sessionId: z.string(),
  targetId: z.string(),
  message: z.string().nullable(),
  profileSha256: z.string(),
  attempts: z.number().int().nonnegative(),
  bytesWritten: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

/** Waiting for its turn: new, re-queued to stage again, or waiting to retry (then `code` says why). */
export const QueuedJob = z.object({
  ...JobCommon,
  state: z.literal('queued'),
  /** Why the last attempt failed when it waits to retry; null when it simply waits its turn. */
  code: z.string().nullable(),
  /** Where an earlier attempt put, or was to put, the profile. */
  path: z.string().nullable(),
  sha256: z.null(),
  confirmedBy: z.null(),
});

/** Copying or reading back: the destination is journalled before anything is written. */
export const CopyingJob = z.object({
  ...JobCommon,
  state: z.enum(['staging', 'verifying']),
  code: z.null(),
  /** Absolute destination path of the profile on the target. */
  path: z.string(),
  sha256: z.null(),
  confirmedBy: z.null(),
});

/** The exact profile is on the Mac: staged, awaiting approval after an unplug. */
export const StagedJob = z.object({
  ...JobCommon,
  state: z.enum(['staged', 'awaiting-approval']),
  /** ALREADY_STAGED when an identical file was there already, else null. */
  code: z.string().nullable(),
  path: z.string(),
  /** sha256 read back from the target after the copy. */
  sha256: z.string(),
  confirmedBy: z.null(),
});

/** A person (or Intune) confirmed the Mac enrolled. Final. */
export const EnrolledJob = z.object({
  ...JobCommon,
  state: z.literal('enrolled'),
  code: z.null(),
  path: z.string(),
  sha256: z.string(),
  /** Who confirmed enrollment. */
  confirmedBy: z.string(),
});

/** The profile did not reach the Mac: failed, refused by the policy, cancelled or interrupted. */
export const EndedJob = z.object({
  ...JobCommon,
  state: z.enum(['failed', 'blocked', 'cancelled', 'interrupted']),
  /** Stable code of why (a BenchError or constraint code). */
  code: z.string(),
  /** The destination, when an attempt got as far as choosing one. */
  path: z.string().nullable(),
  sha256: z.null(),
  confirmedBy: z.null(),
});

export const Job = z.discriminatedUnion('state', [QueuedJob, CopyingJob, StagedJob, EnrolledJob, EndedJob]);
export type QueuedJob = Readonly<z.infer<typeof QueuedJob>>;
export type CopyingJob = Readonly<z.infer<typeof CopyingJob>>;
export type StagedJob = Readonly<z.infer<typeof StagedJob>>;
export type EnrolledJob = Readonly<z.infer<typeof EnrolledJob>>;
export type EndedJob = Readonly<z.infer<typeof EndedJob>>;
export type Job = QueuedJob | CopyingJob | StagedJob | EnrolledJob | EndedJob;

export const JobProgress = z.object({
  jobId: z.string(),
  targetId: z.string(),
  bytesWritten: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
});
export type JobProgress = Readonly<z.infer<typeof JobProgress>>;
