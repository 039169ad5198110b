import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { CreditTable, Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { holdOrganisation } from '../../tenancy/chain.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { priceItemIdentity } from '../pricing/items-lookup.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import { findSubscriptionInScope } from '../subscriptions/subscriptions.service.ts';
import {
  type AdjustmentFilter,
  type CreditFilter,
  deleteCreditRow,
  findCredit,
  insertCredit,
  listCreditRows,
  lockCredit,
  lockTenantCurrencyCredits,
  updateCreditRow,
} from './adjustments.repository.ts';

export interface CreditInput {
  priceItemId?: string | undefined;
  subscriptionId?: string | undefined;
  tenantId?: string | undefined;
  amount: string;
  fromPeriod: string;
  toPeriod?: string | null | undefined;
  oneOff?: boolean | undefined;
  description: string;
}

export interface CreditPatch {
  amount?: string | undefined;
  fromPeriod?: string | undefined;
  toPeriod?: string | null | undefined;
  oneOff?: boolean | undefined;
  description?: string | undefined;
}

function present(row: CreditTable) {
  return {
    id: row.id,
    scope: row.scope_type,
    priceListId: row.price_list_id,
    meterId: row.meter_id,
    sku: row.sku,
    subscriptionId: row.subscription_id,
    tenantId: row.tenant_id,
    amount: toDecimalString(decimal(row.amount)),
    currency: row.currency,
    fromPeriod: row.from_period,
    toPeriod: row.to_period,
    oneOff: row.to_period === row.from_period,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditView(row: CreditTable) {
  const { id: _i, createdAt: _c, updatedAt: _u, oneOff: _o, ...view } = present(row);
  return view;
}

const platformOnly = (ctx: RequestContext) => ctx.actor.scope.level === 'platform';

// ---------------------------------------------------------------------------------------------
// Reads

export async function isCreditVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return platformOnly(ctx) && (await findCredit(ctx.app.db.kysely, id)) !== undefined;
}

export async function getCredit(ctx: RequestContext, id: string) {
  const row = platformOnly(ctx) ? await findCredit(ctx.app.db.kysely, id) : undefined;
  if (!row) throw AppError.notFound('Credit');
  return present(row);
}

export async function listCredits(
  ctx: RequestContext,
  filter: AdjustmentFilter & { priceListId?: string | undefined; priceItemId?: string | undefined },
  page: PageRequest,
) {
  const empty = { items: [], nextCursor: null, ...(page.includeTotal ? { total: 0 } : {}) };
  if (!platformOnly(ctx)) return empty;
  const { priceListId, priceItemId, ...rest } = filter;
  let item: CreditFilter['item'];
  if (priceItemId !== undefined) {
    // An item's credits are those of its list, meter and SKU (in any version of the list).
    const found = await priceItemIdentity(ctx.app.db.kysely, priceItemId);
    if (!found || (priceListId !== undefined && found.priceListId !== priceListId)) return empty;
    item = { priceListId: found.priceListId, meterId: found.meterId, sku: found.sku };
  } else if (priceListId !== undefined) {
    item = { priceListId };
  }
  const result = await listCreditRows(ctx.app.db.kysely, { ...rest, item }, page);
  return { ...result, items: result.items.map(present) };
}

// ---------------------------------------------------------------------------------------------
// Writes

/**
 * The last period of a credit. `oneOff` true is "for the first period only" (to = from) and cannot
 * come with another end; false with to = from is a contradiction. Without either, an edit keeps
 * the end, and a one-off credit moves its end with its start (it stays one-off). Never before the start.
 */
function resolveEnd(options: {
  from: string;
  to: string | null | undefined;
  oneOff: boolean | undefined;
  previous?: { from: string; to: string | null };
}): string | null {
  const { from, to, oneOff, previous } = options;
  if (oneOff === true) {
    if (to !== undefined && to !== from) {
      throw AppError.invalidField(
        'body.toPeriod',
        'A one-off credit is for its first period only; leave toPeriod out or equal to fromPeriod.',
        'invalid_request',
      );
    }
    return from;
  }
  const wasOneOff = previous !== undefined && previous.to === previous.from;
  if (oneOff === false && (to === undefined ? wasOneOff : to === from)) {
    throw AppError.invalidField(
      'body.toPeriod',
      'Not one-off: give a last period after fromPeriod, or null for no end.',
      'invalid_request',
    );
  }
  const end = to !== undefined ? to : previous === undefined ? null : wasOneOff ? from : previous.to;
  if (end !== null && end < from) {
    throw AppError.invalidField(
      'body.toPeriod',
      `The last period (${end}) is before the first (${from}).`,
      'invalid_request',
    );
  }
  return end;
}

const SCOPE_FIELDS = ['tenantId', 'subscriptionId', 'priceItemId'] as const;

export async function createCredit(ctx: RequestContext, input: CreditInput) {
  const given = SCOPE_FIELDS.filter((f) => input[f] !== undefined);
  if (given.length !== 1) {
    throw AppError.invalidField(
      `body.${given[1] ?? 'tenantId'}`,
      'Give exactly one of priceItemId (an item credit), subscriptionId or tenantId.',
    );
  }
  const from = input.fromPeriod;
  const to = resolveEnd({ from, to: input.toPeriod, oneOff: input.oneOff });
  const result = await transaction(ctx.app.db, async (trx) => {
    let scope: CreditTable['scope_type'];
    let tenantId: string | null = null;
    let currency: string;
    let item: { priceListId: string; meterId: string; sku: string } | null = null;
    if (input.priceItemId !== undefined) {
      // Share-locked until the commit: the item is not deleted meanwhile. The credit keeps its
      // list, meter and SKU, not the row: it offsets that item in every version of the list.
      const found = await priceItemIdentity(trx, input.priceItemId);
      if (!found) throw AppError.invalidField('body.priceItemId', 'No such price item.', 'invalid_request');
      scope = 'item';
      currency = found.currency;
      item = { priceListId: found.priceListId, meterId: found.meterId, sku: found.sku };
    } else {
      let subscriptionTenant: string | undefined;
      if (input.subscriptionId !== undefined) {
        const subscription = await findSubscriptionInScope(trx, ctx.actor.scope, input.subscriptionId);
        if (!subscription) {
          throw AppError.invalidField('body.subscriptionId', 'No such subscription.', 'invalid_request');
        }
        subscriptionTenant = subscription.tenant_id;
      }
      const field = subscriptionTenant !== undefined ? 'body.subscriptionId' : 'body.tenantId';
      // Held (shared) until the commit: its currency is the credit's and it stays live.
      const tenant = await holdOrganisation(
        trx,
        ctx.actor.scope,
        subscriptionTenant ?? input.tenantId!,
        'tenant',
      );
      if (!tenant) throw AppError.invalidField(field, 'No such tenant.', 'invalid_request');
      scope = subscriptionTenant !== undefined ? 'subscription' : 'tenant';
      tenantId = tenant.id;
      currency = tenant.currency;
    }
    const now = nowIso(ctx.app.clock);
    const row: CreditTable = {
      id: newId('crd'),
      scope_type: scope,
      price_list_id: item?.priceListId ?? null,
      meter_id: item?.meterId ?? null,
      sku: item?.sku ?? null,
      subscription_id: input.subscriptionId ?? null,
      tenant_id: tenantId,
      amount: toDecimalString(decimal(input.amount)),
      currency,
      from_period: from,
      to_period: to,
      description: input.description,
      created_at: now,
      updated_at: now,
    };
    await ctx.app.pause('credit.create');
    await insertCredit(trx, row);
    await recordAudit(trx, ctx, {
      action: 'credit.create',
      targetType: 'credit',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: auditView(row),
    });
    await requestRerating(
      trx,
      ctx,
      'credit.create',
      row.tenant_id === null ? {} : { tenantId: row.tenant_id },
    );
    return present(row);
  });
  ctx.app.jobs.wake();
  return result;
}

export async function updateCredit(ctx: RequestContext, id: string, patch: CreditPatch) {
  const result = await transaction(ctx.app.db, async (trx) => {
    const row = platformOnly(ctx) ? await lockCredit(trx, id) : undefined;
    if (!row) throw AppError.notFound('Credit');
    const from = patch.fromPeriod ?? row.from_period;
    const to = resolveEnd({
      from,
      to: patch.toPeriod,
      oneOff: patch.oneOff,
      previous: { from: row.from_period, to: row.to_period },
    });
    const next: CreditTable = {
      ...row,
      amount: patch.amount === undefined ? row.amount : toDecimalString(decimal(patch.amount)),
      from_period: from,
      to_period: to,
      description: patch.description ?? row.description,
      updated_at: nowIso(ctx.app.clock),
    };
    await ctx.app.pause('credit.update');
    await updateCreditRow(trx, id, {
      amount: next.amount,
      from_period: next.from_period,
      to_period: next.to_period,
      description: next.description,
      updated_at: next.updated_at,
    });
    await recordAudit(trx, ctx, {
      action: 'credit.update',
      targetType: 'credit',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(auditView(row), auditView(next)),
    });
    await requestRerating(
      trx,
      ctx,
      'credit.update',
      row.tenant_id === null ? {} : { tenantId: row.tenant_id },
    );
    return present(next);
  });
  ctx.app.jobs.wake();
  return result;
}

export async function deleteCredit(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = platformOnly(ctx) ? await lockCredit(trx, id) : undefined;
    if (!row) throw AppError.notFound('Credit');
    await deleteCreditRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'credit.delete',
      targetType: 'credit',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row),
    });
    await requestRerating(
      trx,
      ctx,
      'credit.delete',
      row.tenant_id === null ? {} : { tenantId: row.tenant_id },
    );
  });
  ctx.app.jobs.wake();
}

/**
 * A tenant's currency changed (possible until its first invoice; semantics.md "Currencies"). Its
 * subscription and tenant credits are stated in the tenant's currency, so they follow it: the same
 * amount per period, now in the new currency, each change audited. Item credits stay in their
 * price list's currency. Runs in the tenant update's transaction, after its row lock, so a credit
 * created meanwhile (which holds the tenant) either commits first and is changed here, or waits
 * and reads the new currency. The caller re-rates the tenant (its lines change currency too).
 */
export async function creditsFollowTenantCurrency(
  trx: Kysely<Database>,
  ctx: RequestContext,
  tenantId: string,
  currency: string,
): Promise<void> {
  const now = nowIso(ctx.app.clock);
  for (const row of await lockTenantCurrencyCredits(trx, tenantId)) {
    if (row.currency === currency) continue;
    const next: CreditTable = { ...row, currency, updated_at: now };
    await updateCreditRow(trx, row.id, { currency, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'credit.update',
      targetType: 'credit',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(auditView(row), auditView(next)),
    });
  }
}
