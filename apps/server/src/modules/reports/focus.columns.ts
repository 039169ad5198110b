/**
 * The columns of the FOCUS 1.2 export (FinOps Open Cost and Usage Specification; docs/reports.md
 * maps each one to its source), in the order the file carries them: the specification's columns
 * first, then this provider's own, whose names start with `x_` as FOCUS asks.
 *
 * Every mandatory column of 1.2 is here. Of the conditional ones, those this platform can fill
 * truthfully: the sub account (the subscription), the region, the consumed quantity and unit
 * (usage is measured) and the invoice id. Unit prices are left out on purpose: FOCUS requires
 * unit price × PricingQuantity to equal the cost exactly, which no single price does for a tiered
 * line or for a line rounded to the currency's minor unit.
 */

export type FocusCellType = 'decimal' | 'datetime' | 'string';

export const FOCUS_COLUMNS = [
  { name: 'BilledCost', type: 'decimal' },
  { name: 'BillingAccountId', type: 'string' },
  { name: 'BillingAccountName', type: 'string' },
  { name: 'BillingCurrency', type: 'string' },
  { name: 'BillingPeriodEnd', type: 'datetime' },
  { name: 'BillingPeriodStart', type: 'datetime' },
  { name: 'ChargeCategory', type: 'string' },
  { name: 'ChargeClass', type: 'string' },
  { name: 'ChargeDescription', type: 'string' },
  { name: 'ChargePeriodEnd', type: 'datetime' },
  { name: 'ChargePeriodStart', type: 'datetime' },
  { name: 'ConsumedQuantity', type: 'decimal' },
  { name: 'ConsumedUnit', type: 'string' },
  { name: 'ContractedCost', type: 'decimal' },
  { name: 'EffectiveCost', type: 'decimal' },
  { name: 'InvoiceId', type: 'string' },
  { name: 'InvoiceIssuerName', type: 'string' },
  { name: 'ListCost', type: 'decimal' },
  { name: 'PricingQuantity', type: 'decimal' },
  { name: 'PricingUnit', type: 'string' },
  { name: 'ProviderName', type: 'string' },
  { name: 'PublisherName', type: 'string' },
  { name: 'RegionId', type: 'string' },
  { name: 'RegionName', type: 'string' },
  { name: 'ServiceCategory', type: 'string' },
  { name: 'ServiceName', type: 'string' },
  { name: 'SubAccountId', type: 'string' },
  { name: 'SubAccountName', type: 'string' },
  { name: 'x_BillingPeriod', type: 'string' },
  { name: 'x_CorrectedPeriod', type: 'string' },
  { name: 'x_ListPriceSource', type: 'string' },
  { name: 'x_MeterId', type: 'string' },
  { name: 'x_Sku', type: 'string' },
  { name: 'x_Unpriced', type: 'string' },
] as const satisfies readonly { name: string; type: FocusCellType }[];

export type FocusColumn = (typeof FOCUS_COLUMNS)[number]['name'];

/** One row as written: every column, a null being an empty cell. */
export type FocusRow = Record<FocusColumn, string | null>;

/** FOCUS 1.2's ServiceCategory values (the same 19 as 1.1). */
export const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Multicloud',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
] as const;

export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];
