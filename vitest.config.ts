import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'apps/server/test/**/*.test.ts',
      'apps/azs-emulator/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/web/test/**/*.test.ts',
    ],
    globalSetup: ['apps/server/test/support/global-setup.ts'],
    reporters: ['default', './scripts/summary-reporter.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
