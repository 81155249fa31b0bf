import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the slow part of the fault suite (docs/RELIABILITY.md). The fast part is
// in test/integration/faults and runs with `npm test`.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
