import { defineConfig } from 'vitest/config';

// One `npm test` runs every tier. The storage suite runs twice: once on embedded
// PGlite and once on a real PostgreSQL server that the global setup starts itself.
const storageFiles = ['test/storage/**/*.test.ts', 'test/services/**/*.test.ts'];

export default defineConfig({
  test: {
    // Every project below `extends` these: CLI and server tests spawn processes and start
    // databases, which on a busy 2-core machine takes seconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'storage:pglite',
          include: storageFiles,
          env: { VITALS_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'storage:postgres',
          include: storageFiles,
          env: { VITALS_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          env: { VITALS_TEST_DB: 'postgres' },
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
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
        extends: true,
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
        extends: true,
        test: {
          name: 'cli',
          include: ['test/cli/**/*.test.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
