import { defineConfig } from 'vitest/config';

// One `npm test` runs every tier. The storage suite runs twice: once on embedded
// PGlite and once on a real PostgreSQL server that the global setup starts itself.
const storageFiles = ['test/storage/**/*.test.ts', 'test/services/**/*.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'storage:pglite',
          include: storageFiles,
          // Inline projects do not inherit the root timeouts; a PGlite process takes seconds to start.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: { VITALS_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'storage:postgres',
          include: storageFiles,
          // Inline projects do not inherit the root timeouts; a PGlite process takes seconds to start.
          testTimeout: 60_000,
          hookTimeout: 120_000,
          env: { VITALS_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          env: { VITALS_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        test: {
          // Real Chromium (Debian's /usr/bin/chromium via playwright-core) against the real
          // server, plus the web app's own pure tests (message catalogues, formatters).
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'web/src/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // A primary and a streaming replica (initdb + pg_basebackup -R) started by the test itself.
          name: 'replica',
          include: ['test/replica/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
