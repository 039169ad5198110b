/**
 * Daily money is an allocation of the period amount proportional to quantity, adding up exactly
 * to it (semantics.md): largest remainder, in whole minor units.
 */
import { decimal, isDecimalString } from '../decimal.ts';
import { fromScaled, toScaled } from './exact.ts';

/**
 * Splits `amount` (a whole number of minor units of a currency with `minorUnits` places) in
 * proportion to `weights` (decimals ≥ 0). Each share is rounded toward zero; the minor units
 * left over go one each to the largest remainders (ties: the earlier index). A negative amount
 * (a net credit) is split like its magnitude and negated. All weights zero: split evenly (a
 * flat-priced item with no measured quantity). Negative weights are refused: a share of a
 * proportion with a negative part is not defined.
 */
export function allocateLargestRemainder(
  amount: string,
  weights: readonly string[],
  minorUnits: number,
): string[] {
  if (weights.length === 0) throw new RangeError('Allocation needs at least one weight');
  if (!isDecimalString(amount)) throw new RangeError(`Amount must be a decimal (got "${amount}")`);
  const scaledAmount = toScaled(decimal(amount));
  if (
    scaledAmount.scale > minorUnits &&
    scaledAmount.units % 10n ** BigInt(scaledAmount.scale - minorUnits) !== 0n
  ) {
    throw new RangeError(`Amount ${amount} is not a whole number of minor units (${minorUnits} places)`);
  }
  // Total in minor units.
  const total =
    scaledAmount.scale >= minorUnits
      ? scaledAmount.units / 10n ** BigInt(scaledAmount.scale - minorUnits)
      : scaledAmount.units * 10n ** BigInt(minorUnits - scaledAmount.scale);
  const negative = total < 0n;
  const magnitude = negative ? -total : total;

  const parsed = weights.map((w, i) => {
    if (!isDecimalString(w) || w.startsWith('-')) {
      throw new RangeError(`Weight ${i} must be a decimal ≥ 0 (got "${w}")`);
    }
    return toScaled(decimal(w));
  });
  const scale = Math.max(...parsed.map((p) => p.scale));
  let units = parsed.map((p) => p.units * 10n ** BigInt(scale - p.scale));
  let sum = units.reduce((a, b) => a + b, 0n);
  if (sum === 0n) {
    units = units.map(() => 1n);
    sum = BigInt(units.length);
  }
  const shares = units.map((u) => (magnitude * u) / sum);
  const remainders = units.map((u, index) => ({ index, remainder: (magnitude * u) % sum }));
  let left = magnitude - shares.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  for (const { index } of remainders) {
    if (left === 0n) break;
    shares[index]! += 1n;
    left -= 1n;
  }
  return shares.map((share) => {
    const text = fromScaled(negative ? -share : share, minorUnits).toFixed(minorUnits);
    return text.startsWith('-') && /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
  });
}
