import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { latestRateAt } from './rating-rates.repository.ts';

/**
 * Exchange rates as rating needs them (read only; written by the rating helper, the exchange-rates
 * module owns the table): per currency, the latest rate against the platform currency in effect
 * at the end of the period (taking effect before the first moment of the next month in the
 * Platform Time Zone). A currency without such a rate is left out: the engine then reports it
 * missing, naming it.
 */
export async function ratesAt(
  db: Kysely<Database>,
  platformCurrency: string,
  currencies: Iterable<string>,
  instant: string,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const currency of new Set(currencies)) {
    if (currency === platformCurrency) continue;
    const row = await latestRateAt(db, platformCurrency, currency, instant);
    if (row) out[currency] = toDecimalString(decimal(row.rate));
  }
  return out;
}
