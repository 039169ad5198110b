import {
  MissingExchangeRateError,
  type PriceItemInput,
  rateTenantPeriod,
  type TenantPeriodInput,
  type TenantPeriodResult,
} from '@cms/billing';
import type { AppContext } from '../../context.ts';
import { buildTenantPeriodInput, type PriceBook, type TenantPeriodUsageRow } from './deps.ts';

/**
 * The one way the pricing tools reach the rating engine: the rating module assembles the engine's
 * input for a (tenant, period) exactly as rating does — its subscriptions, price book, month hours,
 * informational meters, discounts, credits and exchange rates — and `rateTenantPeriod` prices it.
 * The tools only change WHAT is priced (given quantities instead of stored usage) or WITH WHICH
 * prices (a price book whose answers they wrap), never how.
 */

export type UsageRow = TenantPeriodUsageRow;

export interface EngineRun {
  input: TenantPeriodInput | null;
  result: TenantPeriodResult | null;
  /** The currency without an exchange rate, when the run could not be rated. */
  missingCurrency: string | null;
}

export interface EngineOptions {
  /** Price these quantities instead of the period's stored usage. */
  usage?: readonly UsageRow[];
  /**
   * Which version of some lists to use instead of the one that rates the period (listId →
   * versionId; a price increase prices with its source versions, as the version `apply` makes
   * would be chosen from its month).
   */
  versions?: ReadonlyMap<string, string>;
  /** Price with this one version of one list only (the estimator's chosen list; a draft too). */
  onlyVersion?: { listId: string; versionId: string };
  /** Wraps the price book rating would use (a price increase's new rates). */
  priceBook?: (book: PriceBook) => PriceBook;
}

export async function runEngine(
  app: AppContext,
  tenantId: string,
  period: string,
  options: EngineOptions = {},
): Promise<EngineRun> {
  let input: TenantPeriodInput;
  try {
    input = await buildTenantPeriodInput(app, tenantId, period, options);
  } catch (error) {
    if (error instanceof MissingExchangeRateError)
      return { input: null, result: null, missingCurrency: error.currency };
    throw error;
  }
  try {
    return { input, result: rateTenantPeriod(input), missingCurrency: null };
  } catch (error) {
    if (error instanceof MissingExchangeRateError)
      return { input, result: null, missingCurrency: error.currency };
    throw error;
  }
}

/** A price book whose items from some lists are replaced (same ids, new rates). */
export function mappedBook(book: PriceBook, map: (item: PriceItemInput) => PriceItemInput): PriceBook {
  return {
    ...book,
    resolve: (subscriptionId, meterId, sku) => {
      const item = book.resolve(subscriptionId, meterId, sku);
      return item === null ? null : map(item);
    },
  };
}
