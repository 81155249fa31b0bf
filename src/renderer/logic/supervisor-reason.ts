import type { Job } from '../../shared/models/job';
import type { Target } from '../../shared/models/target';

// Why a kiosk station says "Call a supervisor", in words a warehouse worker can repeat on the phone.
// Keyed by the stable codes of target constraints and job outcomes; the full sentence is in the log.

const REASONS: Readonly<Record<string, string>> = {
  READ_ONLY: 'its disk cannot be written to',
  LOCKED: 'its disk is locked with a password',
  NOT_ENOUGH_SPACE: 'its disk is full',
  NO_DATA_VOLUME: 'only part of its disk is connected',
  MACOS_TOO_OLD: 'its macOS is too old',
  PROFILE_NEEDS_NEWER_MACOS: 'its macOS is too old for this profile',
  NOT_A_MAC_VOLUME: 'this is not a Mac’s disk',
  BENCH_DISK: 'this is the station’s own disk',
  STAGING_PATH_UNSAFE: 'a folder on its disk is not safe to write to',
  VOLUME_UNREADABLE: 'its disk cannot be read',
  NOT_A_MAC: 'this is not a Mac',
  USB_DFU_MODE: 'it is in the wrong start-up mode',
  USB_RECOVERY_MODE: 'it is in the wrong start-up mode',
  USB_RESTORE_MODE: 'it is being restored',
  USB_DEBUG_MODE: 'it is in the wrong start-up mode',
  PROFILE_EXPIRED: 'the profile has expired',
  PROFILE_NONE_CHOSEN: 'no profile is chosen',
  STAGE_READ_ONLY: 'its disk cannot be written to',
  STAGE_DISK_FULL: 'its disk is full',
  STAGE_LOCKED: 'its disk is locked with a password',
  STAGE_SYMLINK_ESCAPE: 'a folder on its disk is not safe to write to',
  STAGE_VERIFY_MISMATCH: 'the copy on it did not check out',
  STAGE_NOT_PERMITTED: 'the station may not write to its disk',
};

/** "Call a supervisor: its disk is full." — or the plain sentence when the cause has no short name. */
export function supervisorInstruction(target: Target, job: Job | null): string {
  const code = job && (job.state === 'failed' || job.state === 'blocked') ? job.code : (target.constraints.find((c) => c.severity === 'error')?.code ?? null);
  const reason = code ? REASONS[code] : undefined;
  return reason ? `Call a supervisor: ${reason}.` : 'Call a supervisor: the profile could not be put on this Mac.';
}
