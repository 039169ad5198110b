import { periodBoundsUtc, type TenantPeriodInput } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database, InvoiceKind, OrganisationRow } from '../../db/schema.ts';
import { type Chain, chainsAt } from '../../tenancy/chain.ts';
import { findOrganisationSummary } from '../organisations/organisations.service.ts';
import {
  buildRatingInput,
  lockRatedTenantPeriod,
  ratedPeriodSnapshot,
  rateTenantPeriodInTransaction,
  runEngine,
  type TenantFacts,
  tenantFacts,
  wholePeriod,
} from '../rating/rating.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { taxRatesFor } from '../taxes/taxes.service.ts';
import { usageSums } from '../usage/rating-usage.ts';
import { priorPeriodAdjustments } from './invoice-adjustments.ts';
import {
  type Composition,
  type Coverage,
  compose,
  coverageOf,
  labelsFor,
  ratedLineOf,
  type TaxRatesByGroup,
} from './invoice-build.ts';
import { printedLine } from './invoice-content.ts';

/**
 * One tenant-period's invoice content, built the same way for a preview and at issue: the regions
 * it covers (each collected past its local month end), the period's own lines, the prior-period
 * adjustments, tax on each group at its rates, and the kind it is issued as.
 */

export type RefusalReason = 'missing_billing_info' | 'region_not_collected' | 'missing_exchange_rate';

export interface PeriodInvoice {
  composition: Composition;
  kind: InvoiceKind;
  coverage: Coverage[];
  rates: TaxRatesByGroup;
  exchangeRates: { base: string; quote: string; rate: string }[];
  unpricedLines: number;
  facts: TenantFacts;
  /** Fresh builds only: what the period was rated from (frozen when it is issued). */
  input: TenantPeriodInput | null;
}

export type PeriodBuild =
  | { status: 'built'; invoice: PeriodInvoice }
  | { status: 'refused'; reason: RefusalReason; message: string }
  | { status: 'nothing' }
  | { status: 'closed' };

export interface BuildOptions {
  /**
   * 'rated': the period's own lines are its rated lines (rated first when it never was, its
   * rating is still asked for, or its currency changed); 'fresh': rated again now from the usage,
   * without storing (issue compares that with the preview and freezes its input).
   */
  source: 'rated' | 'fresh';
  /** The Platform Time Zone day the tax rates are taken at (the issue date, or today for a preview). */
  taxDate: string;
  ratingPending?: (tenantId: string, period: string) => boolean;
}

/** The kind an invoice is issued as: statements for showback; a negative total is a credit note. */
export function kindOf(tenant: Pick<OrganisationRow, 'billing_mode'>, total: string): InvoiceKind {
  if (tenant.billing_mode === 'showback') return 'statement';
  return total.startsWith('-') ? 'credit_note' : 'invoice';
}

export async function buildPeriodInvoice(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenant: OrganisationRow,
  period: string,
  options: BuildOptions,
): Promise<PeriodBuild> {
  if (tenant.billing_mode === null) {
    return {
      status: 'refused',
      reason: 'missing_billing_info',
      message: 'The tenant has no billing mode (chargeback or showback): set it on the tenant.',
    };
  }
  const facts = await tenantFacts(trx, tenant);
  const covered = await coverageOf(trx, ctx, facts, period);
  if (!covered.ok) return { status: 'refused', reason: 'region_not_collected', message: covered.message };

  let input: TenantPeriodInput | null = null;
  let lines: ReturnType<typeof ratedLineOf>[];
  let applied: Record<string, string>;
  if (options.source === 'fresh') {
    const sums = await usageSums(trx, facts.sources, wholePeriod(period));
    input = await buildRatingInput(trx, ctx, facts, period, sums);
    const outcome = runEngine(input);
    if (outcome.kind === 'missing_exchange_rate') return missingRate(outcome.currency);
    lines = outcome.result.lines.map((line) => ({ ...line, regionId: null }));
    applied = outcome.result.appliedExchangeRates;
  } else {
    // The rating row first (as a rating takes it): what is read below is what it last stored.
    const rated = await lockRatedTenantPeriod(trx, tenant.id, period);
    let snapshot = rated ? await ratedPeriodSnapshot(trx, tenant.id, period) : undefined;
    // A tenant with no subscription billable in the period has nothing to rate (no empty rating
    // is written for it); it may still have prior-period adjustments.
    const nothingToRate = !snapshot && covered.coverage.length === 0;
    const stale =
      !nothingToRate &&
      (snapshot?.status !== 'rated' ||
        snapshot.currency !== tenant.currency ||
        (options.ratingPending?.(tenant.id, period) ?? false));
    if (stale) {
      const outcome = await rateTenantPeriodInTransaction(trx, ctx, tenant.id, period);
      if (outcome.status === 'closed') return { status: 'closed' };
      if (outcome.status === 'missing_exchange_rate') return missingRate(outcome.currency);
      snapshot = await ratedPeriodSnapshot(trx, tenant.id, period);
    }
    lines = snapshot?.lines.map(ratedLineOf) ?? [];
    applied = snapshot?.exchangeRates ?? {};
  }

  const adjustments = await priorPeriodAdjustments(trx, ctx, tenant.id, period);
  if (!adjustments.ok) {
    return missingRate(adjustments.currency, ` (needed to correct the closed period ${adjustments.period})`);
  }
  if (lines.length === 0 && adjustments.lines.length === 0) return { status: 'nothing' };

  const labels = await labelsFor(trx, facts, lines);
  const own = lines.map((line) => printedLine(line, labels, tenant.currency));
  const taxes = await taxRatesFor(ctx, tenant.id, options.taxDate, trx);
  const rates: TaxRatesByGroup = { '': taxes.rates, ...adjustments.rates };
  const composition = compose(own, adjustments.lines, rates, tenant.currency);
  return {
    status: 'built',
    invoice: {
      composition,
      kind: kindOf(tenant, composition.totals.total),
      coverage: covered.coverage,
      rates,
      exchangeRates: Object.entries(applied)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([base, rate]) => ({ base, quote: tenant.currency, rate })),
      unpricedLines: own.filter((l) => l.unpriced).length,
      facts,
      input,
    },
  };
}

function missingRate(currency: string, why = ''): PeriodBuild {
  return {
    status: 'refused',
    reason: 'missing_exchange_rate',
    message: `No exchange rate for ${currency} against the platform currency at the end of the period${why}: set one under Exchange Rates.`,
  };
}

/** The start of a period in the Platform Time Zone: the instant whose chain an invoice records. */
export async function periodStart(ctx: AnyContext, period: string, db?: Kysely<Database>): Promise<string> {
  const zone = String(await getSetting(ctx, 'platform.timeZone', db));
  return new Date(periodBoundsUtc(period, zone).start).toISOString();
}

/** The tenant's partner and distributor at the start of the period, with their names. */
export async function recordedChain(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  period: string,
): Promise<{ chain: Chain; partnerName: string | null; distributorName: string | null }> {
  const chain = (await chainsAt(trx, [tenantId], await periodStart(ctx, period, trx))).get(tenantId)!;
  const nameOf = async (id: string | null) => (id ? (await findOrganisationSummary(trx, id)).name : null);
  return {
    chain,
    partnerName: await nameOf(chain.partner_id),
    distributorName: await nameOf(chain.distributor_id),
  };
}
