import { describe, expect, it } from 'vitest';
import { JobState } from '../../../src/shared/models/job';
import { canTransition } from '../../../src/shared/rules/job-transitions';

describe('the job state machine', () => {
  it('follows queued → staging → verifying → staged → awaiting-approval → enrolled', () => {
    const path = ['queued', 'staging', 'verifying', 'staged', 'awaiting-approval', 'enrolled'] as const;
    for (let i = 1; i < path.length; i += 1) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('never claims enrolled for a Mac that was not staged', () => {
    for (const from of ['queued', 'staging', 'verifying', 'failed', 'blocked', 'cancelled', 'interrupted'] as const) {
      expect(canTransition(from, 'enrolled')).toBe(false);
    }
  });

  it('is final once enrolled', () => {
    for (const to of JobState.options) expect(canTransition('enrolled', to)).toBe(false);
  });

  it('lets failed, blocked, cancelled and interrupted jobs be queued again', () => {
    for (const from of ['failed', 'blocked', 'cancelled', 'interrupted'] as const) expect(canTransition(from, 'queued')).toBe(true);
  });
});
