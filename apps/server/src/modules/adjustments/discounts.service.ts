import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, DiscountTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { lockOrganisation } from '../../tenancy/chain.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { findSubscriptionInScope } from '../subscriptions/subscriptions.service.ts';
import { normaliseSourceMeterId } from '../usage/meters.ids.ts';
import { knownMeterIds } from '../usage/meters.service.ts';
import {
  type AdjustmentFilter,
  deleteDiscountRow,
  discountsOfScope,
  findDiscount,
  insertDiscount,
  listDiscountRows,
  lockDiscount,
  updateDiscountRow,
} from './adjustments.repository.ts';

export interface DiscountInput {
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
  percentage: string;
  meterIds?: string[] | null | undefined;
  fromPeriod?: string | null | undefined;
  toPeriod?: string | null | undefined;
  description?: string | null | undefined;
}

export type DiscountPatch = Partial<Omit<DiscountInput, 'tenantId' | 'subscriptionId'>>;

function present(row: DiscountTable) {
  return {
    id: row.id,
    scope: row.scope_type,
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    percentage: toDecimalString(decimal(row.percentage)),
    meterIds: row.meter_ids === null ? null : (JSON.parse(row.meter_ids) as string[]),
    fromPeriod: row.from_period,
    toPeriod: row.to_period,
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditView(row: DiscountTable) {
  const { id: _i, createdAt: _c, updatedAt: _u, ...view } = present(row);
  return view;
}

const platformOnly = (ctx: RequestContext) => ctx.actor.scope.level === 'platform';

// ---------------------------------------------------------------------------------------------
// Reads

export async function isDiscountVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return platformOnly(ctx) && (await findDiscount(ctx.app.db.kysely, id)) !== undefined;
}

export async function getDiscount(ctx: RequestContext, id: string) {
  const row = platformOnly(ctx) ? await findDiscount(ctx.app.db.kysely, id) : undefined;
  if (!row) throw AppError.notFound('Discount');
  return present(row);
}

export async function listDiscounts(ctx: RequestContext, filter: AdjustmentFilter, page: PageRequest) {
  if (!platformOnly(ctx)) return { items: [], nextCursor: null };
  const result = await listDiscountRows(ctx.app.db.kysely, filter, page);
  return { ...result, items: result.items.map(present) };
}

// ---------------------------------------------------------------------------------------------
// Rules

const EARLIEST = '0000-00';
const LATEST = '9999-99';

/** Whether two period ranges (null: open) share a month. 'YYYY-MM' sorts as text. */
function overlaps(
  a: { from: string | null; to: string | null },
  b: { from: string | null; to: string | null },
): boolean {
  return (a.from ?? EARLIEST) <= (b.to ?? LATEST) && (b.from ?? EARLIEST) <= (a.to ?? LATEST);
}

function checkPeriods(from: string | null, to: string | null, field: string): void {
  if (from !== null && to !== null && to < from) {
    throw AppError.invalidField(
      field,
      `The last period (${to}) is before the first (${from}).`,
      'invalid_request',
    );
  }
}

/** The meters in stored form, each known to the catalog; null stays null (every meter). */
async function checkedMeterIds(db: Kysely<Database>, ids: string[] | null): Promise<string | null> {
  if (ids === null) return null;
  const stored = ids.map((raw, i) => {
    const id = normaliseSourceMeterId(raw);
    if (id === null) throw AppError.invalidField(`body.meterIds.${i}`, 'Not a meter id.');
    return id;
  });
  const known = await knownMeterIds(db, stored);
  const missing = stored.findIndex((id) => !known.has(id));
  if (missing >= 0) {
    throw AppError.invalidField(
      `body.meterIds.${missing}`,
      `No meter ${ids[missing]} in any meter catalog.`,
      'invalid_request',
    );
  }
  return JSON.stringify([...new Set(stored)]);
}

/**
 * semantics.md: a subscription's discount replaces its tenant's, and at most one discount of a
 * scope is valid in a period, so a second one whose periods meet an existing one is refused
 * naming it. The caller holds the tenant's lock, which every discount write of that tenant takes.
 */
async function checkNoOverlap(trx: Kysely<Database>, row: DiscountTable): Promise<void> {
  const others = await discountsOfScope(
    trx,
    row.scope_type === 'tenant'
      ? { type: 'tenant', tenantId: row.tenant_id }
      : { type: 'subscription', subscriptionId: row.subscription_id! },
  );
  const clash = others.find(
    (o) =>
      o.id !== row.id &&
      overlaps({ from: o.from_period, to: o.to_period }, { from: row.from_period, to: row.to_period }),
  );
  if (clash) {
    const range = `${clash.from_period ?? 'open'} to ${clash.to_period ?? 'open'}`;
    const message = `Discount ${clash.id} (${range}) already applies to this ${row.scope_type} in these periods; change or delete it first.`;
    throw new AppError('conflict', `body.fromPeriod: ${message}`, [{ field: 'body.fromPeriod', message }]);
  }
}

/**
 * Every discount write of a tenant (its own or its subscriptions') takes the tenant's row lock
 * first, so two writers cannot both pass the overlap check; undefined when the tenant is gone.
 */
function lockTenant(trx: Kysely<Database>, ctx: RequestContext, tenantId: string) {
  return lockOrganisation(trx, ctx.actor.scope, tenantId, 'tenant');
}

// ---------------------------------------------------------------------------------------------
// Writes

export async function createDiscount(ctx: RequestContext, input: DiscountInput) {
  if ((input.tenantId === undefined) === (input.subscriptionId === undefined)) {
    throw AppError.invalidField(
      input.tenantId === undefined ? 'body.tenantId' : 'body.subscriptionId',
      'Give either tenantId (a tenant discount) or subscriptionId (a subscription discount), not both.',
    );
  }
  const from = input.fromPeriod ?? null;
  const to = input.toPeriod ?? null;
  checkPeriods(from, to, 'body.toPeriod');
  const meterIds = await checkedMeterIds(ctx.app.db.kysely, input.meterIds ?? null);
  return transaction(ctx.app.db, async (trx) => {
    let tenantId = input.tenantId;
    if (input.subscriptionId !== undefined) {
      const subscription = await findSubscriptionInScope(trx, ctx.actor.scope, input.subscriptionId);
      if (!subscription) {
        throw AppError.invalidField('body.subscriptionId', 'No such subscription.', 'invalid_request');
      }
      tenantId = subscription.tenant_id;
    }
    if (!(await lockTenant(trx, ctx, tenantId!))) {
      const field = input.subscriptionId !== undefined ? 'body.subscriptionId' : 'body.tenantId';
      throw AppError.invalidField(field, 'No such tenant.', 'invalid_request');
    }
    if (input.subscriptionId !== undefined) {
      // Read again under the tenant's lock: still live, still this tenant's.
      const again = await findSubscriptionInScope(trx, ctx.actor.scope, input.subscriptionId);
      if (!again || again.tenant_id !== tenantId) {
        throw AppError.invalidField('body.subscriptionId', 'No such subscription.', 'invalid_request');
      }
    }
    const now = nowIso(ctx.app.clock);
    const row: DiscountTable = {
      id: newId('dsc'),
      scope_type: input.subscriptionId !== undefined ? 'subscription' : 'tenant',
      tenant_id: tenantId!,
      subscription_id: input.subscriptionId ?? null,
      percentage: toDecimalString(decimal(input.percentage)),
      meter_ids: meterIds,
      from_period: from,
      to_period: to,
      description: input.description ?? null,
      created_at: now,
      updated_at: now,
    };
    await checkNoOverlap(trx, row);
    await ctx.app.pause('discount.create');
    await insertDiscount(trx, row);
    await recordAudit(trx, ctx, {
      action: 'discount.create',
      targetType: 'discount',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: auditView(row),
    });
    return present(row);
  });
}

export async function updateDiscount(ctx: RequestContext, id: string, patch: DiscountPatch) {
  const first = platformOnly(ctx) ? await findDiscount(ctx.app.db.kysely, id) : undefined;
  if (!first) throw AppError.notFound('Discount');
  const meterIds =
    patch.meterIds === undefined ? undefined : await checkedMeterIds(ctx.app.db.kysely, patch.meterIds);
  return transaction(ctx.app.db, async (trx) => {
    // Top down: the tenant, then the discount (re-read under the lock).
    await lockTenant(trx, ctx, first.tenant_id);
    const row = await lockDiscount(trx, id);
    if (!row) throw AppError.notFound('Discount');
    const next: DiscountTable = {
      ...row,
      percentage:
        patch.percentage === undefined ? row.percentage : toDecimalString(decimal(patch.percentage)),
      meter_ids: meterIds === undefined ? row.meter_ids : meterIds,
      from_period: patch.fromPeriod === undefined ? row.from_period : patch.fromPeriod,
      to_period: patch.toPeriod === undefined ? row.to_period : patch.toPeriod,
      description: patch.description === undefined ? row.description : patch.description,
      updated_at: nowIso(ctx.app.clock),
    };
    checkPeriods(
      next.from_period,
      next.to_period,
      patch.toPeriod !== undefined ? 'body.toPeriod' : 'body.fromPeriod',
    );
    await checkNoOverlap(trx, next);
    await ctx.app.pause('discount.update');
    await updateDiscountRow(trx, id, {
      percentage: next.percentage,
      meter_ids: next.meter_ids,
      from_period: next.from_period,
      to_period: next.to_period,
      description: next.description,
      updated_at: next.updated_at,
    });
    await recordAudit(trx, ctx, {
      action: 'discount.update',
      targetType: 'discount',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(auditView(row), auditView(next)),
    });
    return present(next);
  });
}

export async function deleteDiscount(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = platformOnly(ctx) ? await lockDiscount(trx, id) : undefined;
    if (!row) throw AppError.notFound('Discount');
    await deleteDiscountRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'discount.delete',
      targetType: 'discount',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row),
    });
  });
}
