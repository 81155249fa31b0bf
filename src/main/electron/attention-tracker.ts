import type { Job } from '../../shared/models/job';

// What the dock badge and the "batch finished" notification say, computed from the job events
// the core pushes. Pure (no Electron import) so it is tested on plain Node.

const ACTIVE = new Set(['queued', 'staging', 'verifying']);
const ATTENTION = new Set(['failed', 'blocked', 'interrupted']);

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
    for (const job of latest.values()) if (ACTIVE.has(job.state)) active += 1;
  };
  return {
    update(job) {
      const previous = latest.get(job.targetId);
      if (previous && previous.sessionId !== job.sessionId) latest.clear();
      latest.set(job.targetId, job);
      const wasActive = active;
      recount();
      if (ACTIVE.has(job.state)) batch.add(job.targetId);
      if (wasActive > 0 && active === 0 && batch.size > 0) {
        const members = [...batch].map((id) => latest.get(id)).filter((j): j is Job => j !== undefined);
        batch = new Set();
        return {
          staged: members.filter((j) => j.state === 'staged').length,
          needAttention: members.filter((j) => ATTENTION.has(j.state)).length,
        };
      }
      return null;
    },
    get attentionCount() {
      let n = 0;
      for (const job of latest.values()) if (ATTENTION.has(job.state)) n += 1;
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
