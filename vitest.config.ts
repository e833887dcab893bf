import {defineConfig} from 'vitest/config'

// Two cores on the target machine: test files that start Chromium must not all
// run at once, so files run in at most two workers.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Compiles dist/ when stale: the CLI tests spawn the real binary (test/setup/build-dist.ts).
    globalSetup: ['test/setup/build-dist.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    // The JSON report feeds scripts/test-summary.js, which prints CI's closing line.
    reporters: ['default', ['json', {outputFile: 'test/.tmp/results.json'}]]
  }
})
