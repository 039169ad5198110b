import { tierTableProblems } from '@cms/billing';
import { AppError } from '../../http/errors.ts';

export interface TierInput {
  from: string;
  to: string | null;
  rate: string;
}

/**
 * Refuses a tier table that breaks semantics.md "Tiers" with a 422 naming every problem by tier,
 * e.g. `body.tiers[2].from` (the portal's tier editor shows the same problems from the same
 * function, @cms/billing tierTableProblems, as the user types).
 */
export function checkTiers(tiers: readonly TierInput[], field: string): void {
  const problems = tierTableProblems(tiers);
  if (problems.length === 0) return;
  const errors = problems.map((p) => ({
    field: p.index < 0 ? field : `${field}[${p.index}].${p.field}`,
    message: p.message,
  }));
  throw new AppError('invalid_request', `${errors[0]!.field}: ${errors[0]!.message}`, errors);
}
