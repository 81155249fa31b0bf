import type { Job } from '../../shared/models/job';
import { isFinal, isStaged, needsAttention } from '../../shared/rules/job-outcome';

// What the dock badge and the "batch finished" notification say, computed from the job events
// the core pushes. Pure (no Electron import) so it is tested on plain Node.

// "Active" and "needs attention" are the one vocabulary's (shared/rules/job-outcome.ts), so the
// badge agrees with the bench bar, the station's shift summary and the CLI's `sessions`.
const isActive = (job: Job) => !isFinal(job.state);

export interface BatchSummary {
  readonly staged: number;
  readonly needAttention: number;
}

export interface AttentionTracker {
  /** Feed a job change; returns a summary when this change finished a batch, else null. */
  update(job: Job): BatchSummary | null;
  /** Targets whose latest job needs a person (the dock badge number). */
  readonly attentionCount: number;
  reset(): void;
}

export function createAttentionTracker(): AttentionTracker {
  const latest = new Map<string, Job>();
  let batch = new Set<string>();
  let active = 0;
  const recount = () => {
    active = 0;
    for (const job of latest.values()) if (isActive(job)) active += 1;
  };
  return {
    update(job) {
      const previous = latest.get(job.targetId);
      if (previous && previous.sessionId !== job.sessionId) latest.clear();
      latest.set(job.targetId, job);
      const wasActive = active;
      recount();
      if (isActive(job)) batch.add(job.targetId);
      if (wasActive > 0 && active === 0 && batch.size > 0) {
        const members = [...batch].map((id) => latest.get(id)).filter((j): j is Job => j !== undefined);
        batch = new Set();
        return {
          staged: members.filter((j) => isStaged(j.state)).length,
          needAttention: members.filter((j) => needsAttention(j.state)).length,
        };
      }
      return null;
    },
    get attentionCount() {
      let n = 0;
      for (const job of latest.values()) if (needsAttention(job.state)) n += 1;
      return n;
    },
    reset() {
      latest.clear();
      batch = new Set();
      active = 0;
    },
  };
}

export function batchSummaryText(summary: BatchSummary): { title: string; body: string } {
  const macs = (n: number) => `${n} Mac${n === 1 ? '' : 's'}`;
  return summary.needAttention > 0
    ? { title: `${macs(summary.needAttention)} need${summary.needAttention === 1 ? 's' : ''} attention`, body: `${macs(summary.staged)} staged; ${macs(summary.needAttention)} failed or blocked.` }
    : { title: 'Staging finished', body: `${macs(summary.staged)} staged and verified.` };
}
