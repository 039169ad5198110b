export { COUNTRY_CODES, isCountryCode } from './countries.ts';
export { CURRENCY_CODES, isCurrencyCode, minorUnits } from './currencies.ts';
export {
  DECIMAL_PATTERN,
  type Decimal,
  decimal,
  isDecimalString,
  roundHalfAwayFromZero,
  sumDecimals,
  toDecimalString,
} from './decimal.ts';
export {
  accumulateUsage,
  InvalidUsageQuantityError,
  type PeriodSum,
  UsageAccumulator,
  type UsageRecord,
} from './rating/accumulate.ts';
export { allocateLargestRemainder } from './rating/allocate.ts';
export { divideRounded, mulDivRounded } from './rating/exact.ts';
export {
  derivedAmount,
  FIXED_MONTH_HOURS,
  localPeriodOf,
  monthHours,
  periodBoundsUtc,
  periodQuantity,
  QUANTITY_PLACES,
} from './rating/period.ts';
export { MissingExchangeRateError, RatingInputError, rateTenantPeriod } from './rating/rate.ts';
export { type TaxLine, type TaxRateInput, type TaxResult, taxLines } from './rating/tax.ts';
export {
  type CompiledTiers,
  compileTiers,
  InvalidTiersError,
  priceCompiledTiers,
  priceTiers,
  type RawSlice,
  type TierPrice,
  type TierValidationError,
  validateTiers,
} from './rating/tiers.ts';
export type * from './rating/types.ts';
export {
  type TierDraft,
  type TierProblem,
  type TierProblemKind,
  tierTableProblems,
} from './tier-table.ts';
