import { defineConfig } from 'vitest/config';

// Integration and end-to-end tests against real Kafka and ClickHouse. The global setup
// provides them once per run; each test file takes fresh topics and a fresh database.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    globalSetup: ['tests/src/global-setup.ts'],
    // Two cores: files run one after another; each may start processes of its own.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
