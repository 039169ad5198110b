// @ts-check
/**
 * Mutation testing (`npm run mutation`, not part of CI: it takes long on two cores) over the
 * tenancy kernel, the policy, the route pipeline and sign-in/lockout, on SQLite only.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: [
    'apps/server/src/tenancy/**/*.ts',
    'apps/server/src/policy/*.ts',
    'apps/server/src/http/route.ts',
    'apps/server/src/modules/auth/sign-in.service.ts',
    'apps/server/src/modules/auth/lockout.ts',
  ],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  // Static mutants run only when a module loads (the policy table itself, built by rules() at
  // import), so no test can be picked for them: each would need the whole run (~2.5 min) and the
  // generated security suite reads that same table anyway. The table is checked by the invariants
  // of security.test.ts instead; everything that runs per request is mutated.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 60_000,
  // The initial run of every test takes ~2 min on a quiet 2-core machine; far longer on a busy one.
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['apps/web', 'bench', 'docs', 'test-results', '/reports', 'coverage', 'data'],
  reporters: ['clear-text', 'html', 'json', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
