import {
  decimal,
  localPeriodOf,
  type RatedLine,
  type TaxRateInput,
  taxLines,
  toDecimalString,
} from '@cms/billing';
import type { z } from 'zod';
import type { RequestContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findOrganisationInScope, organisationNames } from '../organisations/organisations.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { normaliseSourceMeterId } from '../usage/meters.ids.ts';
import {
  createIncreasedVersion,
  type IncreaseList,
  listOfVersion,
  listsInScope,
  NO_SUBSCRIPTION,
  notFoundField,
  requestReratingIn,
  subscriptionInScope,
  subscriptionsOfTenant,
  taxRatesFor,
  tenantsPricedBy,
  versionForEstimate,
} from './deps.ts';
import { runEngine, type UsageRow } from './engine.ts';
import { buildModelView, type Increase, increasedItem, type TenantModelInput } from './increase.ts';
import type {
  CalculateBody,
  EstimateBody,
  PriceIncreaseApplyBody,
  PriceIncreaseModelBody,
} from './pricing-tools.schema.ts';

type ModelBody = z.infer<typeof PriceIncreaseModelBody>;
type ApplyBody = z.infer<typeof PriceIncreaseApplyBody>;
type EstimateInput = z.infer<typeof EstimateBody>;
type CalculateInput = z.infer<typeof CalculateBody>;

/** The current month in the Platform Time Zone: the earliest month a price increase may start. */
async function currentMonth(ctx: RequestContext): Promise<string> {
  const timeZone = String(await getSetting(ctx, 'platform.timeZone'));
  return localPeriodOf(ctx.app.clock(), timeZone);
}

// ---------------------------------------------------------------------------------------------
// Price increase

function increaseOf(body: ModelBody | ApplyBody): Increase {
  return { type: body.increaseType, amount: body.amount };
}

/** The lists of the scope, each with its source version (checked: it belongs to the list). */
async function scopeLists(ctx: RequestContext, body: ModelBody | ApplyBody): Promise<IncreaseList[]> {
  const required = (field: 'priceListId' | 'regionId' | 'tenantId') => {
    const value = body[field];
    if (value === undefined) {
      throw AppError.invalidField(`body.${field}`, `Required with scope ${body.scope}.`);
    }
    return value;
  };
  // A source version names its list: with scope priceList either field will do.
  let versionList: string | undefined;
  if (body.sourceVersionId !== undefined && body.scope === 'priceList') {
    versionList = await listOfVersion(ctx, body.sourceVersionId);
    if (versionList === undefined) throw notFoundField('body.sourceVersionId', 'Price list version');
    if (body.priceListId !== undefined && body.priceListId !== versionList) {
      throw AppError.invalidField('body.sourceVersionId', 'Not a version of this price list.');
    }
  }
  for (const field of ['priceListId', 'regionId', 'tenantId'] as const) {
    const needed = { priceList: 'priceListId', region: 'regionId', tenant: 'tenantId', allRegionLists: null }[
      body.scope
    ];
    if (body[field] !== undefined && field !== needed) {
      throw AppError.invalidField(`body.${field}`, `Not used with scope ${body.scope}.`);
    }
  }
  if (body.sourceVersionId !== undefined && body.scope !== 'priceList') {
    throw AppError.invalidField('body.sourceVersionId', 'Only with scope priceList (one list).');
  }
  const month = await currentMonth(ctx);
  const scope =
    body.scope === 'priceList'
      ? { kind: 'priceList' as const, priceListId: versionList ?? required('priceListId') }
      : body.scope === 'region'
        ? { kind: 'region' as const, regionId: required('regionId') }
        : body.scope === 'tenant'
          ? { kind: 'tenant' as const, tenantId: required('tenantId') }
          : { kind: 'allRegionLists' as const };
  const lists = await listsInScope(ctx, scope, month, body.sourceVersionId);
  if (lists.length === 0) {
    const field = scope.kind === 'allRegionLists' ? 'body.scope' : `body.${Object.keys(scope)[1]}`;
    throw AppError.invalidField(
      field,
      'No price list with a version that rates the current month is in this scope.',
      'invalid_request',
    );
  }
  return lists;
}

export async function modelPriceIncrease(ctx: RequestContext, body: ModelBody) {
  const increase = increaseOf(body);
  const lists = await scopeLists(ctx, body);
  const inScope = new Set(lists.map((l) => l.priceListId));
  const sources = new Map(lists.map((l) => [l.priceListId, l.sourceVersionId]));
  const raise = (item: Parameters<typeof increasedItem>[0]) =>
    inScope.has(item.priceListId) ? increasedItem(item, increase) : item;
  const tenantIds = await tenantsPricedBy(ctx, lists);
  const names = await organisationNames(ctx, tenantIds);
  const rows: TenantModelInput[] = [];
  for (const tenantId of tenantIds) {
    const before = await runEngine(ctx, tenantId, body.period);
    const after = await runEngine(ctx, tenantId, body.period, { versions: sources, mapItem: raise });
    const touched = (after.result?.lines ?? []).some(
      (l) => l.kind === 'usage' && l.priceListId && inScope.has(l.priceListId),
    );
    const rated = before.result !== null && after.result !== null;
    if (rated && !touched) continue;
    rows.push({
      tenantId,
      name: names.get(tenantId) ?? tenantId,
      currency: before.input.currency,
      before: rated ? before.result : null,
      after: rated ? after.result : null,
    });
  }
  return {
    period: body.period,
    increaseType: increase.type,
    amount: increase.amount,
    lists: lists.map((l) => ({
      priceListId: l.priceListId,
      displayName: l.displayName,
      scopeType: l.scopeType,
      currency: l.currency,
      sourceVersionId: l.sourceVersionId,
      sourceVersion: l.sourceVersion,
      items: l.items,
    })),
    ...buildModelView(rows),
  };
}

export async function applyPriceIncrease(ctx: RequestContext, body: ApplyBody) {
  const increase = increaseOf(body);
  const month = await currentMonth(ctx);
  if (body.effectiveFrom < month) {
    throw AppError.invalidField(
      'body.effectiveFrom',
      `Must be the current month (${month}) or later: earlier months keep the prices they were rated with.`,
      'invalid_request',
    );
  }
  const lists = await scopeLists(ctx, body);
  const notes =
    body.notes ??
    (increase.type === 'percentage'
      ? `Price increase of ${increase.amount} % from ${body.effectiveFrom}`
      : `Price increase of ${increase.amount} per unit from ${body.effectiveFrom}`);
  const versions = await transaction(ctx.app.db, async (trx) => {
    const made = [];
    for (const list of lists) {
      const version = await createIncreasedVersion(trx, ctx, {
        list,
        increase,
        effectiveFrom: body.effectiveFrom,
        activate: body.activate,
        notes,
      });
      await recordAudit(trx, ctx, {
        action: 'priceList.priceIncrease',
        targetType: 'priceList',
        targetId: list.priceListId,
        orgId: PLATFORM_ORG_ID,
        before: { versionId: list.sourceVersionId, version: list.sourceVersion },
        after: {
          supersededVersionId: version.supersededId,
          versionId: version.versionId,
          version: version.version,
          state: version.state,
          effectiveFrom: body.effectiveFrom,
          increaseType: increase.type,
          amount: increase.amount,
        },
      });
      const { supersededId: _s, ...shown } = version;
      made.push({ ...shown, sourceVersionId: list.sourceVersionId });
    }
    // The new prices change open periods from effectiveFrom on: rating re-rates them.
    if (body.activate) await requestReratingIn(trx, ctx);
    return made;
  });
  if (body.activate) ctx.app.jobs.wake();
  return { versions };
}

// ---------------------------------------------------------------------------------------------
// Estimator and calculator

interface Subject {
  tenantId: string;
  subscriptionId: string | null;
}

/** The tenant and subscription asked about, inside the caller's branch (404 outside it). */
async function subjectOf(ctx: RequestContext, body: CalculateInput): Promise<Subject> {
  if ((body.tenantId === undefined) === (body.subscriptionId === undefined)) {
    throw AppError.invalidField(
      body.tenantId === undefined ? 'body.tenantId' : 'body.subscriptionId',
      'Give either tenantId or subscriptionId.',
    );
  }
  if (body.subscriptionId !== undefined) {
    const subscription = await subscriptionInScope(ctx, body.subscriptionId);
    if (!subscription) throw notFoundField('body.subscriptionId', 'Subscription');
    return { tenantId: subscription.tenantId, subscriptionId: subscription.id };
  }
  const tenant = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, body.tenantId!, 'tenant');
  if (!tenant) throw notFoundField('body.tenantId', 'Tenant');
  return { tenantId: tenant.id, subscriptionId: null };
}

/** A quantity as the engine takes it: exact, plain. */
const exact = (row: { quantity: string }) => toDecimalString(decimal(row.quantity));

/**
 * The quantities as usage rows of the tenant's subscriptions: a subscription's estimate prices
 * every row for it; a tenant's row names one of its subscriptions, or needs none when the tenant
 * has exactly one. The subscription must be on a region: its region's time zone and price list
 * are part of the price, as in rating (which rates nothing of a subscription on no region). A
 * tenant with no subscription at all is priced as one new subscription on no region (deps.ts
 * NO_SUBSCRIPTION: its tenant list or the chosen list, the Platform Time Zone's month).
 */
async function usageRows(ctx: RequestContext, subject: Subject, body: CalculateInput): Promise<UsageRow[]> {
  const own = await subscriptionsOfTenant(ctx, subject.tenantId);
  const byId = new Map(own.map((s) => [s.id, s]));
  const none = subject.subscriptionId === null && own.length === 0;
  return body.quantities.map((row, i) => {
    const field = `body.quantities.${i}`;
    const meterId = normaliseSourceMeterId(row.meterId);
    if (meterId === null) throw AppError.invalidField(`${field}.meterId`, 'Not a meter id.');
    let subscriptionId: string;
    let where = `${field}.subscriptionId`;
    if (subject.subscriptionId !== null) {
      if (row.subscriptionId !== undefined && row.subscriptionId !== subject.subscriptionId) {
        throw AppError.invalidField(where, 'Must be the subscription of the request (or left out).');
      }
      subscriptionId = subject.subscriptionId;
      where = 'body.subscriptionId';
    } else if (row.subscriptionId !== undefined) {
      if (!byId.has(row.subscriptionId))
        throw AppError.invalidField(where, 'Not a subscription of this tenant.');
      subscriptionId = row.subscriptionId;
    } else if (none) {
      return {
        subscriptionId: NO_SUBSCRIPTION,
        meterId,
        sku: row.sku ? row.sku : null,
        quantity: exact(row),
      };
    } else if (own.length === 1) {
      subscriptionId = own[0]!.id;
      where = 'body.tenantId';
    } else {
      throw AppError.invalidField(where, 'This tenant has several subscriptions: name the one that uses it.');
    }
    if (!byId.get(subscriptionId)?.regionId) {
      throw AppError.invalidField(
        where,
        'This subscription is on no region, so nothing prices its usage (a region decides its price list and month).',
        'invalid_request',
      );
    }
    return { subscriptionId, meterId, sku: row.sku ? row.sku : null, quantity: exact(row) };
  });
}

/** The day an invoice for the period is issued at the earliest: the first of the next month. */
function issueDateOf(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
  return `${next}-01`;
}

function lineView(line: RatedLine) {
  return {
    kind: line.kind,
    subscriptionId: line.subscriptionId || null,
    meterId: line.meterId,
    sku: line.sku || null,
    quantity: line.quantity,
    priceUnit: line.priceUnit,
    rate: line.rate,
    tierMode: line.tierMode,
    slices: line.slices,
    amount: line.amount,
    unpriced: line.unpriced,
    priceListId: line.priceListId,
    versionId: line.versionId,
    description: line.description,
  };
}

async function priceQuantities(ctx: RequestContext, body: EstimateInput, options: { allowList: boolean }) {
  const period = body.period ?? (await currentMonth(ctx));
  if (!options.allowList && (body.priceListId !== undefined || body.versionId !== undefined)) {
    throw AppError.invalidField('body.priceListId', 'The calculator prices with the lists that apply.');
  }
  // The chosen list first (a version names its list), then whom it prices for.
  let listId = body.priceListId;
  if (body.versionId !== undefined) {
    const ofVersion = await listOfVersion(ctx, body.versionId);
    if (ofVersion === undefined) throw notFoundField('body.versionId', 'Price list version');
    listId ??= ofVersion;
  }
  const onlyVersion =
    listId === undefined ? undefined : await versionForEstimate(ctx, listId, body.versionId, period);
  const subject = await subjectOf(ctx, body);
  const usage = await usageRows(ctx, subject, body);
  const run = await runEngine(ctx, subject.tenantId, period, {
    usage,
    ...(onlyVersion ? { onlyVersion } : {}),
  });
  const currency = run.input.currency;
  if (run.result === null) {
    return {
      tenantId: subject.tenantId,
      subscriptionId: subject.subscriptionId,
      period,
      currency,
      status: 'missing_exchange_rate' as const,
      missingCurrency: run.missingCurrency,
      lines: [],
      subtotal: '0',
      taxes: [],
      tax: '0',
      total: '0',
      exchangeRates: {},
    };
  }
  const rates = await taxRatesFor(ctx, subject.tenantId, issueDateOf(period));
  const taxRates: TaxRateInput[] = rates.exempt ? [] : rates.rates;
  const tax = taxLines(run.result.subtotal, taxRates, run.result.currency);
  return {
    tenantId: subject.tenantId,
    subscriptionId: subject.subscriptionId,
    period,
    currency: run.result.currency,
    status: 'rated' as const,
    missingCurrency: null,
    lines: run.result.lines.map(lineView),
    subtotal: run.result.subtotal,
    taxes: tax.lines,
    tax: tax.tax,
    total: tax.total,
    exchangeRates: run.result.appliedExchangeRates,
  };
}

export function estimate(ctx: RequestContext, body: EstimateInput) {
  return priceQuantities(ctx, body, { allowList: true });
}

export function calculate(ctx: RequestContext, body: CalculateInput) {
  return priceQuantities(ctx, body, { allowList: false });
}
