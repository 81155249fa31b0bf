import { describeSwapRace } from '../../support/swap-race';

// Issue 11, fast part of the symlink-swap race (the slow part, 1,000 runs per level, is
// test/faults/symlink-swap-race.test.ts): a folder under the target is exchanged with a symlink to
// the bench's own disk (renameat2 RENAME_EXCHANGE) while the stager writes. Nothing may land
// outside, every "staged" must be true, and no temporary file may stay anywhere.
describeSwapRace(150, { mustRun: false });
