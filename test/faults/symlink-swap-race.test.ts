import { describeSwapRace } from '../support/swap-race';

// Issue 11, the symlink-swap race in full: at least 1,000 runs per level (EB_RACE_RUNS changes
// the count; the fast part with 150 is test/integration/faults/symlink-swap-race.test.ts). A
// folder under the target is exchanged with a symlink to the bench's own disk (renameat2
// RENAME_EXCHANGE) while the stager writes. Nothing may land outside, every "staged" must be true,
// and no temporary file may stay anywhere. In CI it must run (.ci/run installs python3).
describeSwapRace(Math.max(1, Number(process.env.EB_RACE_RUNS ?? 1000)), { mustRun: !!process.env.CI });
