/**
 * Every problem of a tier table as a price-list editor enters it (semantics.md "Tiers"): a tier
 * covers From < q ≤ To; the first starts at 0; each next From equals the previous To (no gaps, no
 * overlaps); only the last tier is open-ended (no To) and it must be. The server refuses a table
 * with the first problem (named as `tiers[i].field`); the portal's tier editor shows all of them
 * as the user types, from this same function, so the two never disagree.
 *
 * Rates here are not checked for places (the contract does that): only that they are decimals ≥ 0.
 */
import { decimal, isDecimalString, toDecimalString } from './decimal.ts';

export interface TierDraft {
  from: string;
  /** null or '': open-ended. */
  to: string | null;
  rate: string;
}

export type TierProblemKind = 'empty' | 'invalid' | 'start' | 'gap' | 'overlap' | 'order' | 'open' | 'closed';

export interface TierProblem {
  /** 0-based index of the tier; -1 for the table itself (no tiers). */
  index: number;
  field: 'tiers' | 'from' | 'to' | 'rate';
  kind: TierProblemKind;
  message: string;
}

const isNumber = (value: string | null | undefined): value is string =>
  typeof value === 'string' && isDecimalString(value);

/** All problems, in tier order (empty when the table is valid). */
export function tierTableProblems(tiers: readonly TierDraft[]): TierProblem[] {
  if (tiers.length === 0) {
    return [{ index: -1, field: 'tiers', kind: 'empty', message: 'A tiered item needs at least one tier.' }];
  }
  const problems: TierProblem[] = [];
  const add = (index: number, field: TierProblem['field'], kind: TierProblemKind, text: string) =>
    problems.push({ index, field, kind, message: `Tier ${index + 1}: ${text}` });
  let previousTo: string | null = null;
  tiers.forEach((tier, i) => {
    const last = i === tiers.length - 1;
    const to = tier.to === '' ? null : tier.to;
    if (!isNumber(tier.from) || tier.from.startsWith('-')) {
      add(i, 'from', 'invalid', 'From must be a number ≥ 0.');
    } else if (i === 0 && !decimal(tier.from).eq(decimal('0'))) {
      add(i, 'from', 'start', 'the first tier must start at 0.');
    } else if (i > 0 && previousTo !== null) {
      const from = decimal(tier.from);
      const before = decimal(previousTo);
      if (from.gt(before)) {
        add(i, 'from', 'gap', `gap: From must equal the previous To (${toDecimalString(before)}).`);
      } else if (from.lt(before)) {
        add(i, 'from', 'overlap', `overlap: From must equal the previous To (${toDecimalString(before)}).`);
      }
    }
    if (to === null) {
      if (!last) add(i, 'to', 'open', 'only the last tier may be open-ended; enter a To.');
    } else if (!isNumber(to) || to.startsWith('-')) {
      add(i, 'to', 'invalid', 'To must be a number, or empty on the last tier.');
    } else if (last) {
      add(i, 'to', 'closed', 'the last tier must be open-ended (leave To empty).');
    } else if (isNumber(tier.from) && !decimal(to).gt(decimal(tier.from))) {
      add(i, 'to', 'order', 'To must be greater than From.');
    }
    if (!isNumber(tier.rate) || tier.rate.startsWith('-')) {
      add(i, 'rate', 'invalid', 'Rate must be a number ≥ 0.');
    }
    // The next tier is compared with this To when it is a number (else its own problem shows).
    previousTo = to !== null && isNumber(to) ? to : null;
  });
  return problems;
}
