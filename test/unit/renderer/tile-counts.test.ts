import { describe, expect, it } from 'vitest';
import { createTileCountsSelector } from '../../../src/renderer/store/tile-counts';
import type { Job } from '../../../src/shared/models/job';
import { macTarget } from '../../support/targets';
import { jobIn } from '../../support/jobs';

const targets = { a: macTarget('a', '/Volumes/A'), b: macTarget('b', '/Volumes/B') };
const targetOrder = ['a', 'b'];
const job = (targetId: string, state: Job['state']): Job => jobIn(state, { targetId });

describe('the counter strip counts', () => {
  it('count every tile by its group', () => {
    const select = createTileCountsSelector();
    expect(select({ targetOrder, targets, jobs: { a: job('a', 'staging') } })).toMatchObject({ ready: 1, staging: 1, staged: 0 });
  });

  it('stay the same object while the numbers do, so the bench bar does not re-render', () => {
    const select = createTileCountsSelector();
    const first = select({ targetOrder, targets, jobs: { a: job('a', 'queued') } });
    // queued → staging: a new jobs map, but still one tile staging.
    expect(select({ targetOrder, targets, jobs: { a: job('a', 'staging') } })).toBe(first);
    const staged = select({ targetOrder, targets, jobs: { a: job('a', 'staged') } });
    expect(staged).not.toBe(first);
    expect(staged).toMatchObject({ ready: 1, staging: 0, staged: 1 });
  });
});
