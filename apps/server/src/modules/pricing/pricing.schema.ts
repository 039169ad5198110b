import { isCurrencyCode } from '@cms/billing';
import { z } from 'zod';
import { multiLineText, singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { decimalString, Name, optionalText, prefixedId } from '../shared.schema.ts';
import { METER_ID_INPUT } from '../usage/meters.ids.ts';

/** Limits of one CSV import (docs/pricing.md). */
export const PRICE_CSV_LIMITS = {
  /** Characters of `content`. */
  maxContentChars: 2 * 1024 * 1024,
  /** Data rows (the header not counted). */
  maxRows: 5_000,
  /** Tiers of one item. */
  maxTiers: 50,
  /** The request body: the file text plus its JSON quoting. */
  bodyLimitBytes: 3 * 1024 * 1024,
} as const;

/** Rates are DECIMAL(40, 18): 22 integer digits, 18 places. Tier bounds DECIMAL(48, 30): 18 and 30. */
export const RATE_LIMITS = { integerDigits: 22, places: 18 } as const;
export const BOUND_LIMITS = { integerDigits: 18, places: 30 } as const;

const integerDigits = (v: string) => v.replace(/^-/, '').split('.')[0]!.length;

function boundedDecimal(limits: { integerDigits: number; places: number }) {
  return decimalString({ places: limits.places, nonNegative: true }).refine(
    (v) => integerDigits(v) <= limits.integerDigits,
    { message: `At most ${limits.integerDigits} digits before the decimal point.` },
  );
}

export const Rate = boundedDecimal(RATE_LIMITS);
export const Bound = boundedDecimal(BOUND_LIMITS);

/** A billing period: a calendar month 'YYYY-MM' (a version takes effect from its first day). */
export const Period = z
  .string()
  .regex(/^(19[7-9][0-9]|2[0-9]{3})-(0[1-9]|1[0-2])$/, "A month written 'YYYY-MM', e.g. 2026-04.")
  .describe("A month 'YYYY-MM'");

const Currency = z
  .string()
  .refine(isCurrencyCode, 'Must be an ISO 4217 currency code such as USD.')
  .describe('ISO 4217 currency code');

export const PriceListScopeType = z
  .enum(['region', 'tenant', 'subscription'])
  .describe('region: every subscription on the region; tenant: its subscriptions; subscription: an override');
export const VersionState = z.enum(['draft', 'active', 'superseded']);
export const PriceUnit = z
  .enum(['meter', 'month'])
  .describe("meter: the meter's own unit; month: per month, for a meter metered in hours");
export const Pricing = z
  .enum(['flat', 'graduated', 'volume'])
  .describe('flat: one rate; graduated or volume: tiers (semantics.md "Tiers")');

const Sku = singleLineText(200).describe("A SKU (e.g. the VM size); '' or absent: the whole meter");
const MeterId = z
  .string()
  .regex(METER_ID_INPUT, 'A meter id of the catalog: letters, digits and . _ : - (or a GUID).')
  .describe('A meter of the catalog (GET /api/v1/meters); stored in its normalised form');

const VersionRef = z.object({ id: z.string(), version: z.number().int(), effectiveFrom: z.string() });

export const PriceListSummary = z
  .object({
    id: z.string(),
    scopeType: PriceListScopeType,
    regionId: z.string().nullable(),
    tenantId: z.string().nullable(),
    subscriptionId: z.string().nullable(),
    scopeName: z.string().nullable().describe('The name of the region, tenant or subscription'),
    displayName: z.string(),
    description: z.string().nullable(),
    currency: z.string(),
    activeVersion: VersionRef.nullable().describe('The active version; null while none was activated'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceListSummary' });

export const PriceListVersionSummary = z
  .object({
    id: z.string(),
    priceListId: z.string(),
    version: z.number().int(),
    state: VersionState,
    effectiveFrom: z.string().describe("The first month it rates, 'YYYY-MM'"),
    notes: z.string().nullable(),
    activatedAt: z.string().nullable(),
    supersededAt: z.string().nullable(),
    itemCount: z.number().int(),
    editable: z
      .boolean()
      .describe(
        'Its items can change in place: a draft, or an activated version no closed period used (else make a new version)',
      ),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceListVersionSummary' });

export const PriceList = PriceListSummary.extend({
  versions: z.array(PriceListVersionSummary).describe('Newest first'),
}).meta({ id: 'PriceList' });

export const PriceListPage = pageSchema(PriceListSummary);

export const Tier = z
  .object({
    from: z.string().describe('Quantities greater than this…'),
    to: z.string().nullable().describe('…up to and including this (null: open-ended, the last tier)'),
    rate: z.string(),
  })
  .meta({ id: 'PriceTier' });

export const PriceItem = z
  .object({
    id: z.string(),
    versionId: z.string(),
    meterId: z.string(),
    meterName: z.string().nullable().describe('From the meter catalog; null if the meter is gone'),
    meterUnit: z.string().nullable(),
    sku: z.string().describe("'' for a meter-wide item"),
    priceUnit: PriceUnit,
    pricing: Pricing,
    rate: z.string().nullable().describe('Flat items; null on tiered items'),
    tiers: z.array(Tier).describe('Tiered items; empty on flat items'),
    description: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'PriceItem' });

export const PriceListVersion = PriceListVersionSummary.extend({
  priceList: z.object({
    id: z.string(),
    displayName: z.string(),
    scopeType: PriceListScopeType,
    currency: z.string(),
    catalogs: z
      .array(z.string())
      .nullable()
      .describe('The meter catalogs its items may name (GET /api/v1/meters?catalog=…); null: any catalog'),
  }),
  items: z.array(PriceItem).describe('By meter id, then SKU'),
}).meta({ id: 'PriceListVersion' });

export const PriceListCreate = z.strictObject({
  scopeType: PriceListScopeType,
  regionId: prefixedId('reg').optional().describe('scopeType region: required'),
  tenantId: prefixedId('ten').optional().describe('scopeType tenant: required'),
  subscriptionId: prefixedId('sub').optional().describe('scopeType subscription: required'),
  displayName: Name,
  description: optionalText(1000),
  currency: Currency.optional().describe(
    "Region lists: default the platform currency; tenant lists: default the tenant's; subscription overrides: the tenant's (any other is refused)",
  ),
});

export const PriceListUpdate = z.strictObject({
  displayName: Name.optional(),
  description: optionalText(1000),
  currency: Currency.optional().describe('Only while no version was ever activated (409 otherwise)'),
});

export const PriceListClone = z.strictObject({
  scopeType: PriceListScopeType,
  regionId: prefixedId('reg').optional(),
  tenantId: prefixedId('ten').optional(),
  subscriptionId: prefixedId('sub').optional(),
  displayName: Name.optional().describe("Default: the source list's"),
  description: optionalText(1000),
  currency: Currency.optional().describe("Default: the source list's (an override: the tenant's)"),
  versionId: prefixedId('plv')
    .optional()
    .describe('Copy only this version of the source (as version 1, a draft); default: every version'),
});

export const PriceListListQuery = z.strictObject({
  ...listQueryFields(['displayName', 'createdAt']),
  scopeType: PriceListScopeType.optional(),
  regionId: prefixedId('reg').optional().describe('Region lists of this region'),
  tenantId: prefixedId('ten')
    .optional()
    .describe("This tenant's list and the overrides of its subscriptions"),
});

export const PriceListParams = z.strictObject({ id: prefixedId('prl') });
export const PriceListChildParams = z.strictObject({ listId: prefixedId('prl') });
export const VersionParams = z.strictObject({ id: prefixedId('plv') });
export const VersionChildParams = z.strictObject({ versionId: prefixedId('plv') });
export const ItemParams = z.strictObject({ id: prefixedId('pri') });

export const VersionCreate = z.strictObject({
  effectiveFrom: Period.describe("The first month the version rates once activated, 'YYYY-MM'"),
  notes: optionalText(1000),
  copyFromVersionId: prefixedId('plv')
    .optional()
    .describe("Copy this version's items (a version of the same list); default: empty"),
});

export const VersionUpdate = z.strictObject({
  effectiveFrom: Period.optional().describe('Drafts only (an activated version keeps its month)'),
  notes: optionalText(1000),
});

const TierInput = z.strictObject({
  from: Bound,
  to: Bound.nullable().describe('null on the last tier (open-ended)'),
  rate: Rate,
});

export const ItemCreate = z.strictObject({
  meterId: MeterId,
  sku: Sku.optional(),
  priceUnit: PriceUnit.default('meter'),
  pricing: Pricing.default('flat'),
  rate: Rate.optional().describe('Flat items: required'),
  tiers: z
    .array(TierInput)
    .max(PRICE_CSV_LIMITS.maxTiers)
    .optional()
    .describe('Graduated and volume items: required (first from 0, contiguous, last open-ended)'),
  description: optionalText(1000),
});

export const ItemUpdate = z.strictObject({
  sku: Sku.optional(),
  priceUnit: PriceUnit.optional(),
  pricing: Pricing.optional(),
  rate: Rate.nullable().optional().describe('Flat items'),
  tiers: z.array(TierInput).max(PRICE_CSV_LIMITS.maxTiers).optional().describe('Tiered items'),
  description: optionalText(1000),
});

export const ActivationResult = z
  .object({
    version: PriceListVersionSummary,
    superseded: PriceListVersionSummary.nullable().describe('The version that was active before'),
  })
  .meta({ id: 'PriceListActivation' });

export const ImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .describe('true (default): report the changes and write nothing; false: apply them, all or none'),
});

export const ImportBody = z.strictObject({
  content: multiLineText(PRICE_CSV_LIMITS.maxContentChars)
    .min(1, 'Required.')
    .describe('The CSV file as text, in the export format (docs/pricing.md)'),
});

export const ImportChange = z.object({
  line: z.number().int().describe('CSV line (the header is line 1)'),
  itemId: z.string(),
  meterId: z.string(),
  sku: z.string(),
  field: z.enum(['priceUnit', 'pricing', 'rate', 'tiers', 'description']),
  old: z.string().nullable(),
  new: z.string().nullable(),
});

export const ImportError = z.object({
  line: z.number().int().describe('CSV line (the header is line 1; 0: the file)'),
  column: z.string().nullable(),
  message: z.string(),
});

export const ImportResult = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean().describe('The changes were written (dryRun false and no errors)'),
    rows: z.number().int().describe('Data rows read'),
    unchanged: z.number().int().describe('Rows that change nothing'),
    changes: z.array(ImportChange),
    errors: z.array(ImportError).describe('Any error: nothing is written'),
  })
  .meta({ id: 'PriceImportResult' });
