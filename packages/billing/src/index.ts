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
  type TierDraft,
  type TierProblem,
  type TierProblemKind,
  tierTableProblems,
} from './tier-table.ts';
