/**
 * Tier tables (semantics.md "Tiers"): a tier covers From < q ≤ To; the first starts at 0, each
 * next From equals the previous To, only the last is open-ended. Graduated prices each part of
 * the quantity at its tier's rate; volume prices the whole quantity at the one tier holding it.
 */
import { type Decimal, decimal, toDecimalString } from '../decimal.ts';
import { tierTableProblems } from '../tier-table.ts';
import type { Tier, TierMode, TierSlice } from './types.ts';

export interface TierValidationError {
  /** Index of the offending tier (0-based); -1 when the table itself is wrong (empty). */
  tierIndex: number;
  field: 'tiers' | 'from' | 'to' | 'rate';
  message: string;
}

/** null when the table is valid, else the first problem found, naming the tier. */
export function validateTiers(tiers: readonly Tier[]): TierValidationError | null {
  // One rule book for the editor, the API and rating: tier-table.ts lists every problem.
  const first = tierTableProblems(tiers)[0];
  return first === undefined ? null : { tierIndex: first.index, field: first.field, message: first.message };
}

export interface TierPrice {
  /** Exact, unrounded amount (sum of the slices' amounts). */
  amount: Decimal;
  slices: TierSlice[];
}

export class InvalidTiersError extends Error {
  override readonly name = 'InvalidTiersError';
  constructor(readonly problem: TierValidationError) {
    super(problem.message);
  }
}

/** A validated table with its bounds and rates parsed once (rating prices many lines per item). */
export interface CompiledTiers {
  tiers: readonly Tier[];
  from: Decimal[];
  /** null: open-ended (the last tier). */
  to: (Decimal | null)[];
  rate: Decimal[];
}

/** Validates and parses a table; throws InvalidTiersError naming the tier. */
export function compileTiers(tiers: readonly Tier[]): CompiledTiers {
  const problem = validateTiers(tiers);
  if (problem) throw new InvalidTiersError(problem);
  return {
    tiers,
    from: tiers.map((t) => decimal(t.from)),
    to: tiers.map((t) => (t.to === null ? null : decimal(t.to))),
    rate: tiers.map((t) => decimal(t.rate)),
  };
}

/** One tier's units and exact amount, before formatting. */
export interface RawSlice {
  tierIndex: number;
  units: Decimal;
  amount: Decimal;
}

const ZERO = decimal('0');

/** priceTiers on a compiled table, without formatting (the rating loop formats what it prints). */
export function priceCompiledTiers(
  q: Decimal,
  table: CompiledTiers,
  mode: TierMode,
): { amount: Decimal; slices: RawSlice[] } {
  if (q.lt(ZERO)) throw new RangeError('A tiered quantity cannot be negative.');
  if (mode === 'volume') {
    // From < q ≤ To; q = 0 falls in no tier by that rule and is priced by the first (semantics.md).
    let index = 0;
    if (!q.eq(ZERO)) {
      while (table.to[index] !== null && q.gt(table.to[index]!)) index++;
    }
    const amount = q.times(table.rate[index]!);
    return { amount, slices: [{ tierIndex: index, units: q, amount }] };
  }
  let amount = ZERO;
  const slices: RawSlice[] = [];
  for (let i = 0; i < table.from.length; i++) {
    const from = table.from[i]!;
    if (!q.gt(from)) break;
    // units in tier = max(0, min(q, To) − From)
    const to = table.to[i]!;
    const units = (to === null || q.lt(to) ? q : to).minus(from);
    const sliceAmount = units.times(table.rate[i]!);
    amount = amount.plus(sliceAmount);
    slices.push({ tierIndex: i, units, amount: sliceAmount });
  }
  return { amount, slices };
}

/**
 * Prices `quantity` (already the rounded period quantity, ≥ 0) on a tier table. Slices list the
 * tiers with units in them (volume: the one tier used, also for q = 0, which is the first tier).
 */
export function priceTiers(quantity: Decimal | string, tiers: readonly Tier[], mode: TierMode): TierPrice {
  const table = compileTiers(tiers);
  const q = typeof quantity === 'string' ? decimal(quantity) : quantity;
  const priced = priceCompiledTiers(q, table, mode);
  return {
    amount: priced.amount,
    slices: priced.slices.map((s) => ({
      from: tiers[s.tierIndex]!.from,
      to: tiers[s.tierIndex]!.to,
      rate: toDecimalString(table.rate[s.tierIndex]!),
      quantity: toDecimalString(s.units),
      amount: toDecimalString(s.amount),
    })),
  };
}
