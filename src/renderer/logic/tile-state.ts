import type { Job } from '../../shared/models/job';
import type { Target } from '../../shared/models/target';

// What a target tile says, as one pure function of the target and its job in this session:
// the word, the icon and the colour always agree, and colour is never the only signal.

export type TileTone = 'neutral' | 'ready' | 'busy' | 'ok' | 'warn' | 'bad';
export type TileIcon = 'ready' | 'spinner' | 'check' | 'clock' | 'user' | 'cross' | 'blocked' | 'warning' | 'cable';

export interface TileState {
  /** Group for the counter strip. */
  readonly group: 'ready' | 'staging' | 'staged' | 'awaiting' | 'enrolled' | 'failed' | 'other';
  readonly word: string;
  readonly detail: string | null;
  readonly tone: TileTone;
  readonly icon: TileIcon;
  readonly canStage: boolean;
  readonly canCancel: boolean;
  readonly canRetry: boolean;
  readonly canConfirm: boolean;
  /** One instruction for the person at the bench (the kiosk station shows only this). */
  readonly instruction: string;
}

export function tileState(target: Target, job: Job | null): TileState {
  const base = { canStage: false, canCancel: false, canRetry: false, canConfirm: false };
  if (job) {
    switch (job.state) {
      case 'queued':
        return { ...base, group: 'staging', word: job.code ? 'Waiting to retry' : 'Queued', detail: job.message, tone: 'busy', icon: 'clock', canCancel: true, instruction: 'Leave it plugged in.' };
      case 'staging':
        return { ...base, group: 'staging', word: 'Copying', detail: job.message, tone: 'busy', icon: 'spinner', canCancel: true, instruction: 'Leave it plugged in.' };
      case 'verifying':
        return { ...base, group: 'staging', word: 'Verifying', detail: null, tone: 'busy', icon: 'spinner', canCancel: true, instruction: 'Leave it plugged in.' };
      case 'staged':
        return { ...base, group: 'staged', word: job.code === 'ALREADY_STAGED' ? 'Already staged' : 'Staged', detail: job.code === 'ALREADY_STAGED' ? 'The same profile was already on this Mac.' : 'Verified copy on the Mac.', tone: 'ok', icon: 'check', canConfirm: true, canStage: true, instruction: 'Unplug — done.' };
      case 'awaiting-approval':
        return { ...base, group: 'awaiting', word: 'Awaiting approval', detail: 'Approve the profile on the Mac itself.', tone: 'ok', icon: 'user', canConfirm: true, canStage: true, instruction: 'Approve the profile on that Mac.' };
      case 'enrolled':
        return { ...base, group: 'enrolled', word: 'Enrolled', detail: job.message, tone: 'ok', icon: 'check', instruction: 'Done.' };
      case 'failed':
        return {
          ...base,
          group: 'failed',
          word: 'Failed',
          detail: job.message,
          tone: 'bad',
          icon: 'cross',
          canRetry: true,
          instruction: job.code === 'STAGE_DISCONNECTED' ? 'Plug in the cable again.' : 'Call a supervisor.',
        };
      case 'blocked':
        return {
          ...base,
          group: 'failed',
          word: 'Blocked',
          detail: job.message,
          tone: 'bad',
          icon: 'blocked',
          canRetry: true,
          instruction: job.code === 'PROFILE_EXPIRED' ? 'Call a supervisor: profile expired.' : 'Call a supervisor.',
        };
      // Interrupted needs attention like failed and blocked (shared/rules/job-outcome.ts), so it
      // counts as failed in the bench bar, as in the dock badge and the CLI's `sessions`.
      case 'interrupted':
        return { ...base, group: 'failed', word: 'Interrupted', detail: job.message, tone: 'warn', icon: 'warning', canRetry: true, instruction: 'Stage it again.' };
      case 'cancelled':
        return { ...base, group: 'other', word: 'Cancelled', detail: job.message, tone: 'warn', icon: 'warning', canRetry: true, instruction: 'Stage it again.' };
    }
  }
  if (target.kind === 'usb-device') {
    return { ...base, group: 'other', word: 'In Recovery/DFU', detail: 'Boot it into Share Disk (Apple silicon) or Target Disk Mode (Intel) to stage.', tone: 'warn', icon: 'cable', instruction: 'Boot it into Share Disk.' };
  }
  const error = target.constraints.find((c) => c.severity === 'error');
  if (error || !target.stageable) {
    return { ...base, group: 'other', word: 'Cannot stage', detail: error?.message ?? null, tone: 'bad', icon: 'blocked', instruction: 'Call a supervisor.' };
  }
  const warning = target.constraints.find((c) => c.severity === 'warning');
  return { ...base, group: 'ready', word: 'Ready', detail: warning?.message ?? null, tone: warning ? 'warn' : 'ready', icon: 'ready', canStage: true, instruction: 'Ready to stage.' };
}

export interface Counts {
  readonly ready: number;
  readonly staging: number;
  readonly staged: number;
  readonly awaiting: number;
  readonly enrolled: number;
  readonly failed: number;
}

export function countTiles(states: readonly TileState[]): Counts {
  const counts = { ready: 0, staging: 0, staged: 0, awaiting: 0, enrolled: 0, failed: 0 };
  for (const s of states) if (s.group !== 'other') counts[s.group] += 1;
  return counts;
}
