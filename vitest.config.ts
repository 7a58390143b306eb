import { defineConfig } from 'vitest/config';

// Three projects: everything Node-side, the suites that need a PostgreSQL server, and the mini program
// rendered by miniprogram-simulate (jsdom, forked workers — see ../shared/TOOLCHAIN.md).
const POSTGRES_TESTS = ['test/stores/postgres.test.ts', 'test/stores/dossiers.test.ts', 'test/delivery/worker.test.ts', 'test/e2e/replicas.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/miniprogram/**', 'node_modules/**', ...POSTGRES_TESTS],
        },
      },
      {
        // Its own project so the throwaway PostgreSQL starts only in a run that has these files.
        extends: true,
        test: {
          name: 'postgres',
          environment: 'node',
          include: POSTGRES_TESTS,
          globalSetup: ['test/support/postgres.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'miniprogram',
          environment: 'jsdom',
          include: ['test/miniprogram/**/*.test.ts'],
          globalSetup: ['test/miniprogram/support/global-setup.ts'],
        },
      },
    ],
  },
});
