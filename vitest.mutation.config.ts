import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The tests `npm run mutation` runs against each mutant: the suites that exercise the tenancy
 * kernel, the policy, the route pipeline and sign-in. Keeping the list short keeps a run
 * feasible on two cores; add a file here when it starts testing one of the mutated files.
 */
export default defineConfig({
  test: {
    ...base.test,
    include: [
      'apps/server/test/security.test.ts',
      'apps/server/test/hierarchy.test.ts',
      'apps/server/test/concurrency.test.ts',
      'apps/server/test/lockout.test.ts',
      'apps/server/test/sign-in.test.ts',
      'apps/server/test/api.test.ts',
      'apps/server/test/activation.test.ts',
      'apps/server/test/policy.test.ts',
      // The route pipeline's parsing, CSRF, sign-in stages and cache (route.ts survivors of the
      // first run were mostly here).
      'apps/server/test/bad-input.test.ts',
      'apps/server/test/response-cache.test.ts',
      'apps/server/test/mfa.test.ts',
      // Registration's refusals of a misdeclared route, and the session rotation at step-up.
      'apps/server/test/route-registration.test.ts',
      'apps/server/test/step-up.test.ts',
      // Expiry instants, with the app's clock held still.
      'apps/server/test/clock.test.ts',
      'apps/server/test/scope.test.ts',
      // The image answers of the route pipeline (logos: status, type, ETag).
      'apps/server/test/branding.test.ts',
    ],
    reporters: ['default'],
  },
});
