import { isCurrencyCode } from '@cms/billing';

/**
 * A FOCUS 1.2 checker for the tests (the official focus-validator needs Python 3.12 and cannot be
 * installed here). Written from the specification's column definitions
 * (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, specification/columns and attributes), not from
 * the exporter's code, so it can catch the exporter out: presence of every mandatory column, each
 * value's type and format (Numeric Format, Date/Time Format, Currency Code Format), nullability,
 * allowed values, and the rules that tie columns together.
 */

const MANDATORY = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
] as const;

/** Conditional and recommended columns of 1.2 this checker knows (any other non-x_ name is an error). */
const KNOWN_OPTIONAL = [
  'AvailabilityZone',
  'BillingAccountType',
  'CapacityReservationId',
  'CapacityReservationStatus',
  'ChargeFrequency',
  'CommitmentDiscountCategory',
  'CommitmentDiscountId',
  'CommitmentDiscountName',
  'CommitmentDiscountQuantity',
  'CommitmentDiscountStatus',
  'CommitmentDiscountType',
  'CommitmentDiscountUnit',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedUnitPrice',
  'InvoiceId',
  'ListUnitPrice',
  'PricingCategory',
  'PricingCurrency',
  'PricingCurrencyContractedUnitPrice',
  'PricingCurrencyEffectiveCost',
  'PricingCurrencyListUnitPrice',
  'RegionId',
  'RegionName',
  'ResourceId',
  'ResourceName',
  'ResourceType',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceDetails',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'SubAccountType',
  'Tags',
];

const DECIMAL_COLUMNS = new Set([
  'BilledCost',
  'ContractedCost',
  'EffectiveCost',
  'ListCost',
  'PricingQuantity',
  'ConsumedQuantity',
  'ListUnitPrice',
  'ContractedUnitPrice',
]);
const DATETIME_COLUMNS = new Set([
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
]);
/** Never null in 1.2. */
const NOT_NULL = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
];

const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'];
const SERVICE_CATEGORIES = [
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
];

/** Numeric Format: digits with one optional point, a minus only for negatives; no +, exponent, separators. */
const NUMERIC = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
/** Date/Time Format: extended ISO 8601 in UTC, whole seconds, ending in Z. */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

function isInstant(text: string): boolean {
  const m = DATETIME.exec(text);
  if (!m) return false;
  return new Date(text).toISOString() === `${text.slice(0, -1)}.000Z`;
}

/** RFC 4180 CSV (CRLF records, quoted fields with doubled quotes) → rows of cells, '' for an empty cell. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') {
        quoted = false;
        i += 1;
        continue;
      }
      cell += c;
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      i += 1;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
      i += 1;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`A bare line break at ${i}: records end in CRLF`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('An unterminated quoted field');
  if (cell !== '' || row.length > 0) throw new Error('The last record does not end in CRLF');
  return rows;
}

export type FocusRecord = Record<string, string | null>;

/** A FOCUS CSV's header and rows, empty cells read as null (FOCUS Null Handling). */
export function readFocusCsv(text: string): { columns: string[]; rows: FocusRecord[] } {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new Error('No header');
  return {
    columns: header,
    rows: records.map((cells) => {
      if (cells.length !== header.length)
        throw new Error(`A row of ${cells.length} cells under ${header.length} columns`);
      return Object.fromEntries(header.map((name, i) => [name, cells[i] === '' ? null : cells[i]!]));
    }),
  };
}

/** Every violation of FOCUS 1.2 found in a dataset; empty when it conforms. */
export function focusProblems(columns: string[], rows: FocusRecord[]): string[] {
  const problems: string[] = [];
  for (const name of MANDATORY)
    if (!columns.includes(name)) problems.push(`missing mandatory column ${name}`);
  if (new Set(columns).size !== columns.length) problems.push('a column appears twice');
  const firstCustom = columns.findIndex((c) => c.startsWith('x_'));
  for (const [i, name] of columns.entries()) {
    const known = (MANDATORY as readonly string[]).includes(name) || KNOWN_OPTIONAL.includes(name);
    if (!known && !name.startsWith('x_')) problems.push(`column ${name} is neither FOCUS nor x_-prefixed`);
    if (known && firstCustom !== -1 && i > firstCustom)
      problems.push(`FOCUS column ${name} after a custom column`);
  }
  const has = (name: string) => columns.includes(name);
  rows.forEach((row, index) => {
    const at = (message: string) => problems.push(`row ${index + 1}: ${message}`);
    for (const name of columns) {
      const value = row[name] ?? null;
      if (value === null) continue;
      if (DECIMAL_COLUMNS.has(name) && !NUMERIC.test(value)) at(`${name} "${value}" is not a decimal`);
      if (DATETIME_COLUMNS.has(name) && !isInstant(value)) at(`${name} "${value}" is not a UTC date/time`);
      if (value.trim() !== value || value === '') at(`${name} has surrounding white space`);
    }
    for (const name of NOT_NULL) if (has(name) && row[name] === null) at(`${name} is null`);
    const category = row.ChargeCategory ?? null;
    if (category !== null && !CHARGE_CATEGORIES.includes(category))
      at(`ChargeCategory "${category}" not allowed`);
    if (row.ChargeClass !== null && row.ChargeClass !== 'Correction')
      at(`ChargeClass "${row.ChargeClass}" not allowed`);
    if (row.ServiceCategory !== null && !SERVICE_CATEGORIES.includes(row.ServiceCategory!))
      at(`ServiceCategory "${row.ServiceCategory}" not allowed`);
    if (row.BillingCurrency !== null && !isCurrencyCode(row.BillingCurrency!))
      at(`BillingCurrency "${row.BillingCurrency}" is not an ISO 4217 code`);
    const correction = row.ChargeClass === 'Correction';
    const usageOrPurchase = category === 'Usage' || category === 'Purchase';
    for (const name of ['PricingQuantity', 'PricingUnit']) {
      if (category === 'Tax' && row[name] !== null) at(`${name} must be null on a Tax row`);
      if (usageOrPurchase && !correction && row[name] === null)
        at(`${name} must not be null on a ${category} row`);
    }
    for (const name of ['ConsumedQuantity', 'ConsumedUnit']) {
      if (!has(name)) continue;
      if (category !== 'Usage' && row[name] !== null) at(`${name} must be null on a ${category} row`);
      if (category === 'Usage' && !correction && row[name] === null)
        at(`${name} must not be null on a Usage row`);
    }
    for (const [id, name] of [
      ['SubAccountId', 'SubAccountName'],
      ['RegionId', 'RegionName'],
    ] as const) {
      if (has(id) && has(name) && (row[id] === null) !== (row[name] === null))
        at(`${id} and ${name} disagree on null`);
    }
    for (const [start, end] of [
      ['BillingPeriodStart', 'BillingPeriodEnd'],
      ['ChargePeriodStart', 'ChargePeriodEnd'],
    ] as const) {
      if (row[start] && row[end] && !(row[start]! < row[end]!))
        at(`${start} is not before the exclusive ${end}`);
    }
    // A charge not on an invoice is billed nothing; a credit is worth the same in every cost column.
    if (
      has('InvoiceId') &&
      row.InvoiceId === null &&
      row.BilledCost !== null &&
      !/^-?0(\.0+)?$/.test(row.BilledCost!)
    )
      at(`BilledCost ${row.BilledCost} without an InvoiceId`);
    if (category === 'Credit') {
      const costs = [row.ListCost, row.ContractedCost, row.EffectiveCost];
      if (new Set(costs).size !== 1)
        at(`a Credit row's list, contracted and effective costs differ (${costs.join(', ')})`);
      if (row.InvoiceId !== null && row.InvoiceId !== undefined && row.BilledCost !== row.EffectiveCost)
        at('an invoiced Credit row bills other than its effective cost');
    }
  });
  return problems;
}
