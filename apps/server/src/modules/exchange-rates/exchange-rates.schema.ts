import { CURRENCY_CODES, decimal, isDecimalString } from '@cms/billing';
import { z } from 'zod';
import { queryInteger } from '../../http/field-rules.ts';
import { pageSchema } from '../../http/pagination.ts';
import { decimalString, prefixedId } from '../shared.schema.ts';

const Currency = z
  .enum(CURRENCY_CODES as unknown as [string, ...string[]], {
    message: 'Must be an ISO 4217 currency code such as EUR.',
  })
  .describe('ISO 4217 code of the currency the rate converts to');

/**
 * Units of `currency` per one unit of the platform currency: exact, up to 18 decimal places (the
 * column's scale; semantics.md asks for at least 10) and 20 whole digits, above zero.
 */
const Rate = decimalString({ places: 18, nonNegative: true })
  .refine((v) => v.split('.')[0]!.length <= 20, 'At most 20 digits before the decimal point.')
  .refine((v) => !isDecimalString(v) || decimal(v).gt('0'), 'Must be greater than 0.');

export const ExchangeRateCreate = z.strictObject({
  currency: Currency,
  rate: Rate.describe(
    'Units of `currency` per 1 unit of the platform currency, e.g. "1.5234567891" (up to 18 decimal places)',
  ),
  effectiveFrom: z.iso
    .datetime({ offset: true })
    .describe(
      'The instant it takes effect (an ISO 8601 time with an offset, e.g. 2026-07-01T00:00:00Z). A period uses the latest rate effective at its end',
    ),
});

export const ExchangeRate = z
  .object({
    id: z.string(),
    baseCurrency: z.string().describe('The platform currency when the rate was set'),
    currency: z.string(),
    rate: z.string().describe('Exact decimal as a string'),
    effectiveFrom: z.string(),
    effective: z.boolean().describe('Already in effect (effectiveFrom is now or earlier)'),
    createdBy: z.string().nullable().describe('The user who set it'),
    createdAt: z.string(),
  })
  .meta({ id: 'ExchangeRate' });

export const ExchangeRatePage = pageSchema(ExchangeRate);

export const ExchangeRateListQuery = z.strictObject({
  limit: queryInteger(1, 200).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
  sort: z
    .enum(['-effectiveFrom', 'effectiveFrom'])
    .default('-effectiveFrom')
    .describe('Newest first by default'),
  currency: Currency.optional().describe('Only this currency'),
  includeTotal: z.enum(['true', 'false']).default('false'),
});

export const ExchangeRateParams = z.strictObject({ id: prefixedId('fxr') });
