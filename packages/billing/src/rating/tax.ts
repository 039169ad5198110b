/**
 * Tax on a taxable subtotal (semantics.md "Rounding, tax and totals"): per rate,
 * rate × subtotal rounded half away from zero to the currency's minor unit; total = subtotal +
 * taxes. Rating computes no tax; the estimator, the calculator and invoices call this.
 */
import { minorUnits } from '../currencies.ts';
import { decimal, isDecimalString, roundHalfAwayFromZero } from '../decimal.ts';

export interface TaxRateInput {
  name: string;
  /** Percentage, e.g. '20' or '7.25'. */
  percentage: string;
}

export interface TaxLine {
  name: string;
  percentage: string;
  amount: string;
}

export interface TaxResult {
  lines: TaxLine[];
  /** Sum of the printed tax lines. */
  tax: string;
  /** subtotal + tax. */
  total: string;
}

export function taxLines(subtotal: string, rates: readonly TaxRateInput[], currency: string): TaxResult {
  const places = minorUnits(currency);
  if (!isDecimalString(subtotal)) throw new RangeError(`Subtotal must be a decimal (got "${subtotal}")`);
  const base = decimal(subtotal);
  const zero = decimal('0');
  const money = (v: ReturnType<typeof decimal>) => (v.eq(zero) ? zero : v).toFixed(places);
  let tax = zero;
  const lines = rates.map((rate) => {
    if (!isDecimalString(rate.percentage) || rate.percentage.startsWith('-')) {
      throw new RangeError(`Tax rate ${rate.name}: percentage must be a decimal ≥ 0`);
    }
    const amount = roundHalfAwayFromZero(base.times(decimal(rate.percentage)).div(decimal('100')), places);
    tax = tax.plus(amount);
    return { name: rate.name, percentage: rate.percentage, amount: money(amount) };
  });
  return { lines, tax: money(tax), total: money(base.plus(tax)) };
}
