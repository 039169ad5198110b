import { z } from 'zod';
import { prefixedId } from '../shared.schema.ts';

export const IDENTITY_PROBLEM_KINDS = [
  'directory_mismatch',
  'directory_unresolved',
  'identity_provider_unreachable',
  'no_active_admin',
] as const;

export const IdentityProblem = z.object({
  kind: z
    .enum(IDENTITY_PROBLEM_KINDS)
    .describe(
      "directory_mismatch: a subscription's directory on its region differs from the tenant's; " +
        "directory_unresolved: the tenant's directory is a domain that cannot be compared offline with the " +
        "region's directory ids; identity_provider_unreachable: the tenant's sign-in mapping's discovery " +
        'does not answer; no_active_admin: no administrator of the tenant can sign in',
    ),
  severity: z.enum(['info', 'warning', 'critical']),
  message: z.string(),
  subject: z
    .string()
    .nullable()
    .describe('What the problem is about, when not the tenant: a subscription (sub_…) or a mapping (idp_…)'),
});

export const IdentityNote = z.object({
  message: z.string(),
  subject: z.string().nullable().describe('A subscription (sub_…) when the note is about one'),
});

export const IdentityCheck = z
  .object({
    tenantId: z.string(),
    status: z
      .enum(['ok', 'problems', 'never_checked'])
      .describe('never_checked: no check has run for this tenant yet (problems and notes are empty)'),
    problems: z.array(IdentityProblem),
    notes: z.array(IdentityNote).describe('What the check skipped and why (not problems)'),
    trigger: z.enum(['schedule', 'manual', 'onboarding']).nullable(),
    checkedAt: z.string().nullable(),
    alertsRaised: z
      .boolean()
      .describe(
        'Whether problems are raised as alerts: while "Perform Tenant Identity Health Checks" is on. ' +
          'The result is recorded and shown either way.',
      ),
  })
  .describe("A tenant's last identity health check (product.md §4)")
  .meta({ id: 'IdentityCheck' });

export const IdentityCheckParams = z.strictObject({ id: prefixedId('ten') });
