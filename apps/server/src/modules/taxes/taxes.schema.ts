import { decimal, isDecimalString } from '@cms/billing';
import { z } from 'zod';
import { singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { decimalString, Name, prefixedId } from '../shared.schema.ts';

/** A calendar date 'YYYY-MM-DD' that exists (2026-02-30 does not). */
export const LocalDate = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: 'A date written YYYY-MM-DD, e.g. 2026-07-01.',
    abort: true,
  })
  .refine((v) => new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v, 'No such date.')
  .meta({ format: 'date' });

/** A percentage from 0 to 100 inclusive, exact, up to 10 places (the column's scale). */
export const Percentage = decimalString({ places: 10, nonNegative: true }).refine(
  // Only a decimal is compared (the pattern's own message covers the rest).
  (v) => !isDecimalString(v) || decimal(v).lte('100'),
  'At most 100.',
);

const RateInput = z.strictObject({
  name: singleLineText(200).min(1, 'Required.').describe('Printed on the invoice, e.g. "GST" or "VAT"'),
  percentage: Percentage.describe('0 to 100, e.g. "10" or "8.875"'),
  effectiveFrom: LocalDate.describe(
    'First day (Platform Time Zone) this rate applies to an invoice issued on it; for each rate name the latest one on or before the issue date applies',
  ),
});

const Rates = z
  .array(RateInput)
  .max(100)
  .describe('The whole set of rates (an update replaces it). None when exempt; at least one otherwise');

export const TaxProfileCreate = z.strictObject({
  name: Name.describe('Unique, ignoring case'),
  exempt: z.boolean().optional().describe('Exempt: no tax at all (then no rates). Default false'),
  rates: Rates.optional(),
});

export const TaxProfileUpdate = z.strictObject({
  name: Name.optional(),
  exempt: z.boolean().optional(),
  rates: Rates.optional(),
});

export const TaxRate = z.object({
  id: z.string(),
  name: z.string(),
  percentage: z.string().describe('Exact decimal as a string'),
  effectiveFrom: z.string().describe('YYYY-MM-DD'),
});

export const TaxProfile = z
  .object({
    id: z.string(),
    name: z.string(),
    exempt: z.boolean(),
    rates: z.array(TaxRate).describe('Ordered by name, then effective date'),
    isDefault: z.boolean().describe('It is the Default Tax Profile setting'),
    tenantCount: z.number().int().describe('Live tenants that have it as their own'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'TaxProfile' });

export const TaxProfilePage = pageSchema(TaxProfile);
export const TaxProfileListQuery = z.strictObject(listQueryFields(['name', 'createdAt']));
export const TaxProfileParams = z.strictObject({ id: prefixedId('txp') });
