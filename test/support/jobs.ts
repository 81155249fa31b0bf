import { Job, type JobState } from '../../src/shared/models/job';

/** What a test may choose of a job; the rest is what its state holds (shared/models/job.ts). */
export interface JobFields {
  readonly id?: string;
  readonly sessionId?: string;
  readonly targetId?: string;
  readonly code?: string | null;
  readonly message?: string | null;
  readonly profileSha256?: string;
  readonly path?: string | null;
  readonly sha256?: string | null;
  readonly attempts?: number;
  readonly bytesWritten?: number;
  readonly bytesTotal?: number;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly confirmedBy?: string | null;
}

const HAS_PATH: readonly JobState[] = ['staging', 'verifying', 'staged', 'awaiting-approval', 'enrolled'];
const HAS_READ_BACK: readonly JobState[] = ['staged', 'awaiting-approval', 'enrolled'];
const ENDED_CODE: Partial<Record<JobState, string>> = {
  failed: 'IO_ERROR',
  blocked: 'READ_ONLY',
  cancelled: 'STAGE_CANCELLED',
  interrupted: 'STAGE_INTERRUPTED',
};

/**
 * A job in `state` holding what that state holds (a path once staging started, the read-back once
 * staged, a code once it ended, who confirmed it once enrolled), unless the test says otherwise.
 * Checked by the model's own schema, so a test cannot build a job the core never could.
 */
export function jobIn(state: JobState, fields: JobFields = {}): Job {
  const targetId = fields.targetId ?? 'mac-1';
  const profileSha256 = fields.profileSha256 ?? 'a'.repeat(64);
  return Job.parse({
    id: `job-${targetId}`,
    sessionId: 's',
    targetId,
    state,
    code: ENDED_CODE[state] ?? null,
    message: null,
    profileSha256,
    path: HAS_PATH.includes(state) ? `/Volumes/${targetId}/Users/Shared/Enrollment/profile.mobileconfig` : null,
    sha256: HAS_READ_BACK.includes(state) ? profileSha256 : null,
    attempts: state === 'queued' ? 0 : 1,
    bytesWritten: 0,
    bytesTotal: 10,
    createdAt: '',
    updatedAt: '',
    confirmedBy: state === 'enrolled' ? 'a technician' : null,
    ...fields,
  });
}
