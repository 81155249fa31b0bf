import { describe, expect, it } from 'vitest';
import { batchSummaryText, createAttentionTracker } from '../../src/main/electron/attention-tracker';
import type { Job } from '../../src/shared/models/job';
import { jobIn } from '../support/jobs';

const job = (targetId: string, state: Job['state'], sessionId = 's1'): Job => jobIn(state, { id: `j-${targetId}`, sessionId, targetId, bytesTotal: 1 });

describe('dock badge and batch notification', () => {
  it('announces a batch once, when its last Mac finishes, with what needs attention', () => {
    const tracker = createAttentionTracker();
    expect(tracker.update(job('a', 'queued'))).toBeNull();
    expect(tracker.update(job('b', 'queued'))).toBeNull();
    expect(tracker.update(job('a', 'staging'))).toBeNull();
    expect(tracker.update(job('a', 'staged'))).toBeNull();
    const summary = tracker.update(job('b', 'failed'));
    expect(summary).toEqual({ staged: 1, needAttention: 1 });
    expect(batchSummaryText(summary!)).toEqual({ title: '1 Mac needs attention', body: '1 Mac staged; 1 Mac failed or blocked.' });
    expect(tracker.attentionCount).toBe(1);
    expect(tracker.update(job('a', 'awaiting-approval'))).toBeNull();
  });

  it('clears the badge when the failed Mac is staged on a retry', () => {
    const tracker = createAttentionTracker();
    tracker.update(job('a', 'queued'));
    tracker.update(job('a', 'failed'));
    expect(tracker.attentionCount).toBe(1);
    tracker.update(job('a', 'queued'));
    expect(tracker.update(job('a', 'staged'))).toEqual({ staged: 1, needAttention: 0 });
    expect(tracker.attentionCount).toBe(0);
  });

  it('starts over with a new session', () => {
    const tracker = createAttentionTracker();
    tracker.update(job('a', 'queued'));
    tracker.update(job('a', 'failed'));
    tracker.update(job('a', 'queued', 's2'));
    expect(tracker.attentionCount).toBe(0);
  });
});
