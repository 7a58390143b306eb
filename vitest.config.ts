import { defineConfig } from 'vitest/config';

// Two projects: everything Node-side, and the mini program rendered by miniprogram-simulate (jsdom,
// forked workers — see ../shared/TOOLCHAIN.md).
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
          exclude: ['test/miniprogram/**', 'node_modules/**'],
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
