import { periodBoundsUtc, type TenantPeriodInput } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import type { Database, InvoiceKind, OrganisationRow } from '../../db/schema.ts';
import { type Chain, chainsAt } from '../../tenancy/chain.ts';
import { findOrganisationSummary } from '../organisations/organisations.service.ts';
import {
  forEachRatingInput,
  lockRatedTenantPeriods,
  ratedPeriodSnapshots,
  rateTenantPeriodsInTransaction,
  runEngine,
  type TenantFacts,
  tenantFactsOf,
} from '../rating/rating.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { taxRatesForTenants } from '../taxes/taxes.service.ts';
import { tenantsWithOtherClosedPeriods } from '../usage/periods.service.ts';
import { priorPeriodAdjustments } from './invoice-adjustments.ts';
import {
  type Composition,
  type Coverage,
  compose,
  coverageOf,
  labelsOfTenants,
  type RegionNames,
  ratedLineOf,
  type TaxRatesByGroup,
} from './invoice-build.ts';
import { type ContentLine, printedLine } from './invoice-content.ts';

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
  return (await buildPeriodInvoices(trx, ctx, [tenant], period, options)).get(tenant.id)!;
}

/** What a tenant-period's invoice is built from, before its adjustments, names and taxes. */
interface Draft {
  tenant: OrganisationRow;
  facts: TenantFacts;
  coverage: Coverage[];
  lines: ReturnType<typeof ratedLineOf>[];
  applied: Record<string, string>;
  input: TenantPeriodInput | null;
}

/**
 * buildPeriodInvoice of several tenants (held by the caller, in id order) for one period, set-wise:
 * their subscriptions, regions, rated periods (locked in tenant order) and lines, closed periods,
 * meter names and tax rates each read once for all of them; a tenant whose rating is stale is
 * rated with the others in one batch. The builds by tenant id.
 */
export async function buildPeriodInvoices(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenants: readonly OrganisationRow[],
  period: string,
  options: BuildOptions,
): Promise<Map<string, PeriodBuild>> {
  const out = new Map<string, PeriodBuild>();
  const billable = tenants.filter((tenant) => {
    if (tenant.billing_mode !== null) return true;
    out.set(tenant.id, {
      status: 'refused',
      reason: 'missing_billing_info',
      message: 'The tenant has no billing mode (chargeback or showback): set it on the tenant.',
    });
    return false;
  });
  const regionNames: RegionNames = new Map();
  const covered: Omit<Draft, 'lines' | 'applied' | 'input'>[] = [];
  for (const [n, facts] of (await tenantFactsOf(trx, billable)).entries()) {
    const tenant = billable[n]!;
    const result = await coverageOf(trx, ctx, facts, period, regionNames);
    if (result.ok) covered.push({ tenant, facts, coverage: result.coverage });
    else out.set(tenant.id, { status: 'refused', reason: 'region_not_collected', message: result.message });
  }

  const drafts: Draft[] = [];
  if (options.source === 'fresh') {
    await forEachRatingInput(
      trx,
      ctx,
      covered.map((c) => ({ facts: c.facts, period })),
      (n, input) => {
        const c = covered[n]!;
        const outcome = runEngine(input);
        if (outcome.kind === 'missing_exchange_rate') {
          out.set(c.tenant.id, missingRate(outcome.currency));
          return;
        }
        drafts.push({
          ...c,
          lines: outcome.result.lines.map((line) => ({ ...line, regionId: null })),
          applied: outcome.result.appliedExchangeRates,
          input,
        });
      },
    );
  } else {
    // The rating rows first (as a rating takes them): what is read below is what it last stored.
    const ids = covered.map((c) => c.tenant.id);
    const rated = await lockRatedTenantPeriods(trx, ids, period);
    const snapshots = await ratedPeriodSnapshots(
      trx,
      ids.filter((id) => rated.has(id)),
      period,
    );
    const stale = covered.filter(({ tenant, coverage }) => {
      const snapshot = snapshots.get(tenant.id);
      // A tenant with no subscription billable in the period has nothing to rate (no empty rating
      // is written for it); it may still have prior-period adjustments.
      if (!snapshot && coverage.length === 0) return false;
      return (
        snapshot?.status !== 'rated' ||
        snapshot.currency !== tenant.currency ||
        (options.ratingPending?.(tenant.id, period) ?? false)
      );
    });
    if (stale.length > 0) {
      const outcomes = await rateTenantPeriodsInTransaction(
        trx,
        ctx,
        stale.map(({ tenant }): [string, string] => [tenant.id, period]),
      );
      const again: string[] = [];
      for (const [n, outcome] of outcomes.entries()) {
        const id = stale[n]!.tenant.id;
        if (outcome.status === 'closed') out.set(id, { status: 'closed' });
        else if (outcome.status === 'missing_exchange_rate') out.set(id, missingRate(outcome.currency));
        else again.push(id);
      }
      const reread = await ratedPeriodSnapshots(trx, again, period);
      for (const id of again) {
        const snapshot = reread.get(id);
        if (snapshot) snapshots.set(id, snapshot);
        else snapshots.delete(id);
      }
    }
    for (const c of covered) {
      if (out.has(c.tenant.id)) continue;
      const snapshot = snapshots.get(c.tenant.id);
      drafts.push({
        ...c,
        lines: snapshot?.lines.map(ratedLineOf) ?? [],
        applied: snapshot?.exchangeRates ?? {},
        input: null,
      });
    }
  }

  const withClosed = await tenantsWithOtherClosedPeriods(
    trx,
    drafts.map((d) => d.tenant.id),
    period,
  );
  const billed: { draft: Draft; adjustments: readonly ContentLine[]; rates: TaxRatesByGroup }[] = [];
  for (const draft of drafts) {
    const adjustments = withClosed.has(draft.tenant.id)
      ? await priorPeriodAdjustments(trx, ctx, draft.tenant.id, period)
      : ({ ok: true, lines: [], rates: {} } as const);
    if (!adjustments.ok) {
      out.set(
        draft.tenant.id,
        missingRate(adjustments.currency, ` (needed to correct the closed period ${adjustments.period})`),
      );
    } else if (draft.lines.length === 0 && adjustments.lines.length === 0) {
      out.set(draft.tenant.id, { status: 'nothing' });
    } else {
      billed.push({ draft, adjustments: adjustments.lines, rates: adjustments.rates });
    }
  }

  const labels = await labelsOfTenants(
    trx,
    billed.map(({ draft }) => ({ facts: draft.facts, lines: draft.lines })),
  );
  const taxes = await taxRatesForTenants(
    ctx,
    billed.map(({ draft }) => draft.tenant),
    options.taxDate,
    trx,
  );
  for (const [n, { draft, adjustments, rates: adjustmentRates }] of billed.entries()) {
    const { tenant } = draft;
    const own = draft.lines.map((line) => printedLine(line, labels[n]!, tenant.currency));
    const rates: TaxRatesByGroup = { '': taxes[n]!.rates, ...adjustmentRates };
    const composition = compose(own, adjustments, rates, tenant.currency);
    out.set(tenant.id, {
      status: 'built',
      invoice: {
        composition,
        kind: kindOf(tenant, composition.totals.total),
        coverage: draft.coverage,
        rates,
        exchangeRates: Object.entries(draft.applied)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([base, rate]) => ({ base, quote: tenant.currency, rate })),
        unpricedLines: own.filter((l) => l.unpriced).length,
        facts: draft.facts,
        input: draft.input,
      },
    });
  }
  return out;
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

export interface RecordedChain {
  chain: Chain;
  partnerName: string | null;
  distributorName: string | null;
}

/**
 * The tenants' partners and distributors at the start of the period, with their names: one chain
 * read, each partner's and distributor's name once.
 */
export async function recordedChains(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantIds: readonly string[],
  period: string,
): Promise<Map<string, RecordedChain>> {
  const out = new Map<string, RecordedChain>();
  if (tenantIds.length === 0) return out;
  const chains = await chainsAt(trx, tenantIds, await periodStart(ctx, period, trx));
  const names = new Map<string, string>();
  const nameOf = async (id: string | null) => {
    if (!id) return null;
    let name = names.get(id);
    if (name === undefined) {
      name = (await findOrganisationSummary(trx, id)).name;
      names.set(id, name);
    }
    return name;
  };
  for (const tenantId of tenantIds) {
    const chain = chains.get(tenantId)!;
    out.set(tenantId, {
      chain,
      partnerName: await nameOf(chain.partner_id),
      distributorName: await nameOf(chain.distributor_id),
    });
  }
  return out;
}
