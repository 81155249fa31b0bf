import { describe, expect, it } from 'vitest';
import { createTileSnapshotSelector } from '../../../src/renderer/store/tile-snapshot';
import { macTarget } from '../../support/targets';

const targets = { a: macTarget('a', '/Volumes/A'), b: macTarget('b', '/Volumes/B') };
const base = { targets, targetOrder: ['a', 'b'], jobs: {}, progress: {}, selectedTargetId: null };
const progress = (targetId: string, bytesWritten: number) => ({ jobId: `job-${targetId}`, targetId, bytesWritten, bytesTotal: 10 });

describe("a tile's snapshot of the store", () => {
  it('stays the same object when another target progresses, so the tile does not re-render', () => {
    const select = createTileSnapshotSelector('a');
    const first = select(base);
    expect(select({ ...base, progress: { b: progress('b', 5) } })).toBe(first);
  });

  it('changes when its own progress, job or selection does', () => {
    const select = createTileSnapshotSelector('a');
    const first = select(base);
    const moved = select({ ...base, progress: { a: progress('a', 5) } });
    expect(moved).not.toBe(first);
    expect(moved.progress?.bytesWritten).toBe(5);
    expect(select({ ...base, progress: { a: progress('a', 5) }, selectedTargetId: 'a' })).toMatchObject({ selected: true, tabStop: true });
  });

  it('makes the first tile the tab stop while none is selected', () => {
    expect(createTileSnapshotSelector('a')(base).tabStop).toBe(true);
    expect(createTileSnapshotSelector('b')(base).tabStop).toBe(false);
  });
});
