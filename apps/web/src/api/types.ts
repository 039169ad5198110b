import type { operations, Schemas } from '@cms/api-client';

export type { Schemas };
export type Me = Schemas['Me'];
export type Distributor = Schemas['Distributor'];
export type Partner = Schemas['Partner'];
export type Tenant = Schemas['Tenant'];
export type Subscription = Schemas['Subscription'];
export type User = Schemas['User'];
export type AuditEvent = Schemas['AuditEvent'];
export type Alert = Schemas['Alert'];
export type IdentityCheck = Schemas['IdentityCheck'];
export type Job = Schemas['Job'];
export type ApiToken = Schemas['ApiToken'];
export type IdentityProvider = Schemas['IdentityProvider'];
export type Region = Schemas['Region'];
export type Offer = Schemas['Offer'];
export type Plan = Schemas['Plan'];
export type Quota = Schemas['Quota'];
export type RegionHealth = Schemas['RegionHealth'];
export type SubscriptionUsage = Schemas['SubscriptionUsage'];
export type UsageItem = SubscriptionUsage['items'][number];
export type SubscriptionQuotas = Schemas['SubscriptionQuotas'];
export type UnassignedUsage = Schemas['UnassignedUsage'];
export type PlatformSubscription = Schemas['PlatformSubscriptions']['items'][number];
export type UsageCollection = Schemas['UsageCollection'];
export type RegionConnectionTest = Schemas['RegionConnectionTest'];
export type LinkedIdentity = Schemas['LinkedIdentity'];
export type Meter = Schemas['Meter'];
export type PriceListSummary = Schemas['PriceListSummary'];
export type PriceList = Schemas['PriceList'];
export type PriceListVersionSummary = Schemas['PriceListVersionSummary'];
export type PriceListVersion = Schemas['PriceListVersion'];
export type PriceItem = Schemas['PriceItem'];
export type PriceImportResult = Schemas['PriceImportResult'];
export type UsageImportResult = Schemas['UsageImportResult'];
export type TaxProfile = Schemas['TaxProfile'];
export type ExchangeRate = Schemas['ExchangeRate'];
export type Discount = Schemas['Discount'];
export type Credit = Schemas['Credit'];
export type SettingsDocument = Schemas['Settings'];
export type Setting = SettingsDocument['groups'][number]['settings'][number];
export type Stage = Me['stage'];
export type PriceIncreaseModel = Schemas['PriceIncreaseModel'];
export type PriceIncreaseApplied = Schemas['PriceIncreaseApplied'];
export type Estimate = Schemas['Estimate'];
export type ChargebackReport = Schemas['ChargebackReport'];
export type SubscriptionSummary = Schemas['SubscriptionSummary'];
export type ReconciliationReport = Schemas['ReconciliationReport'];

/** The JSON body of an operation, e.g. Body<'tenants.create'>. */
export type Body<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters of an operation. */
export type Query<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

/** One page of any list (docs/api.md "Lists"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** The common list parameters, as the list components hold them. */
export interface ListParams {
  limit?: number;
  cursor?: string;
  sort?: string;
  q?: string;
  includeTotal?: boolean;
}

export type OrgKind = 'platform' | 'distributor' | 'partner' | 'tenant';
export type Level = User['level'];
export type SubscriptionRatedLines = Schemas['SubscriptionRatedLines'];
export type TenantRatedLines = Schemas['TenantRatedLines'];
export type DailyCost = Schemas['DailyCost'];
export type SubscriptionCostToDate = Schemas['SubscriptionCostToDate'];
export type TenantCostToDate = Schemas['TenantCostToDate'];
export type Invoice = Schemas['Invoice'];
export type InvoiceDetail = Schemas['InvoiceDetail'];
export type InvoiceLine = InvoiceDetail['lines'][number];
export type InvoicePayment = Schemas['InvoicePayment'];
