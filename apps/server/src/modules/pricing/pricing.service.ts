import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { isForeignKeyViolation, isUniqueViolation } from '../../db/errors.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, PriceItemPricing, PriceListScope, PriceUnit } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { findOrganisationInScope, organisationNames } from '../organisations/organisations.service.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import { getRegion, regionNamesById } from '../regions/regions.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { getSubscription, subscriptionNames } from '../subscriptions/subscriptions.service.ts';
import { normaliseSourceMeterId } from '../usage/meters.ids.ts';
import {
  deleteItemRows,
  deleteListRows,
  deleteVersionRows,
  findItem,
  findItemByKey,
  findList,
  findMeterIn,
  findVersion,
  firstClosedPeriod,
  type ItemRow,
  type ItemWithMeter,
  insertItem,
  insertList,
  insertVersion,
  itemsOfVersion,
  type ListReach,
  listListRows,
  lockList,
  nextVersionNumber,
  type PriceListFilter,
  type PriceListRow,
  ratedPeriodsOfList,
  reachHasUsageSince,
  replaceTiers,
  scopeKeyTaken,
  type TierRow,
  tiersOfItems,
  updateItemRow,
  updateListRow,
  updateVersionRow,
  type VersionRow,
  versionsOfLists,
} from './pricing.repository.ts';
import { checkTiers, type TierInput } from './tier-rules.ts';

// ---------------------------------------------------------------------------------------------
// Inputs

export interface ScopeInput {
  scopeType: PriceListScope;
  regionId?: string | undefined;
  tenantId?: string | undefined;
  subscriptionId?: string | undefined;
}

export interface ListInput extends ScopeInput {
  displayName: string;
  description?: string | null | undefined;
  currency?: string | undefined;
}

export interface ListPatch {
  displayName?: string | undefined;
  description?: string | null | undefined;
  currency?: string | undefined;
}

export interface CloneInput extends ScopeInput {
  displayName?: string | undefined;
  description?: string | null | undefined;
  currency?: string | undefined;
  versionId?: string | undefined;
}

export interface VersionInput {
  effectiveFrom: string;
  notes?: string | null | undefined;
  copyFromVersionId?: string | undefined;
}

export interface VersionPatch {
  effectiveFrom?: string | undefined;
  notes?: string | null | undefined;
}

export interface ItemInput {
  meterId: string;
  sku?: string | undefined;
  priceUnit: PriceUnit;
  pricing: PriceItemPricing;
  rate?: string | undefined;
  tiers?: TierInput[] | undefined;
  description?: string | null | undefined;
}

export interface ItemPatch {
  sku?: string | undefined;
  priceUnit?: PriceUnit | undefined;
  pricing?: PriceItemPricing | undefined;
  rate?: string | null | undefined;
  tiers?: TierInput[] | undefined;
  description?: string | null | undefined;
}

// ---------------------------------------------------------------------------------------------
// Presentation

/** Decimals as the API shows them: exact, in plain notation, without the engine's padding zeros. */
export const plain = (value: string | null): string | null =>
  value === null ? null : toDecimalString(decimal(value));

const activated = (v: VersionRow) => v.state !== 'draft';

function presentVersion(row: VersionRow, itemCount: number, editable: boolean) {
  return {
    id: row.id,
    priceListId: row.price_list_id,
    version: row.version,
    state: row.state,
    effectiveFrom: row.effective_from,
    notes: row.notes,
    activatedAt: row.activated_at,
    supersededAt: row.superseded_at,
    itemCount,
    editable,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function presentTiers(tiers: TierRow[]) {
  return tiers.map((t) => ({
    from: plain(t.from_quantity)!,
    to: plain(t.to_quantity),
    rate: plain(t.rate)!,
  }));
}

export function presentItem(row: ItemWithMeter, tiers: TierRow[]) {
  return {
    id: row.id,
    versionId: row.version_id,
    meterId: row.meter_id,
    meterName: row.meter_name,
    meterUnit: row.meter_unit,
    sku: row.sku,
    priceUnit: row.price_unit,
    pricing: row.pricing,
    rate: plain(row.rate),
    tiers: presentTiers(tiers),
    description: row.description,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function listAuditView(row: PriceListRow) {
  return {
    scopeType: row.scope_type,
    regionId: row.region_id,
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    displayName: row.display_name,
    description: row.description,
    currency: row.currency,
  };
}

function itemAuditView(row: ItemRow, tiers: TierRow[]) {
  return {
    versionId: row.version_id,
    meterId: row.meter_id,
    sku: row.sku,
    priceUnit: row.price_unit,
    pricing: row.pricing,
    rate: plain(row.rate),
    tiers: presentTiers(tiers),
    description: row.description,
  };
}

/** The names of the lists' scopes (regions, tenants, subscriptions), through their modules. */
async function scopeNames(ctx: RequestContext, rows: PriceListRow[]): Promise<Map<string, string>> {
  const ids = (pick: (r: PriceListRow) => string | null) => [
    ...new Set(rows.map(pick).filter((id): id is string => id !== null)),
  ];
  const [regions, tenants, subscriptions] = await Promise.all([
    regionNamesById(
      ctx.app.db.kysely,
      ids((r) => r.region_id),
    ),
    organisationNames(
      ctx,
      ids((r) => r.tenant_id),
    ),
    subscriptionNames(
      ctx,
      ids((r) => r.subscription_id),
    ),
  ]);
  return new Map([...regions, ...tenants, ...subscriptions]);
}

function scopeIdOf(row: PriceListRow): string {
  return (row.region_id ?? row.tenant_id ?? row.subscription_id)!;
}

async function presentLists(ctx: RequestContext, rows: PriceListRow[]) {
  const names = await scopeNames(ctx, rows);
  const versions = await versionsOfLists(
    ctx.app.db.kysely,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const active = versions.find((v) => v.price_list_id === row.id && v.state === 'active');
    return {
      id: row.id,
      scopeType: row.scope_type,
      regionId: row.region_id,
      tenantId: row.tenant_id,
      subscriptionId: row.subscription_id,
      scopeName: names.get(scopeIdOf(row)) ?? null,
      displayName: row.display_name,
      description: row.description,
      currency: row.currency,
      activeVersion: active
        ? { id: active.id, version: active.version, effectiveFrom: active.effective_from }
        : null,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Where a list applies, and the rule of editing in place

/** The region, tenant and subscription a list's prices reach (what usage and closed periods name). */
async function reachOf(
  ctx: RequestContext,
  row: Pick<PriceListRow, 'scope_type' | 'region_id' | 'tenant_id' | 'subscription_id'>,
): Promise<ListReach & { tenantOfSub: string | null }> {
  if (row.scope_type === 'subscription') {
    const sub = await getSubscription(ctx, row.subscription_id!).catch(() => null);
    return {
      regionId: sub?.regionId ?? null,
      tenantId: null,
      subscriptionId: row.subscription_id,
      tenantOfSub: sub?.tenantId ?? null,
    };
  }
  return { regionId: row.region_id, tenantId: row.tenant_id, subscriptionId: null, tenantOfSub: null };
}

type Reach = Awaited<ReturnType<typeof reachOf>>;

/**
 * A change that alters prices of an activated version: the open periods of the list's scope are
 * rated again (the whole platform for a region list). Called in the change's transaction; the
 * caller wakes the runner after the commit.
 */
async function rerateScope(trx: Kysely<Database>, ctx: RequestContext, reach: Reach, reason: string) {
  const tenantId = reach.subscriptionId !== null ? reach.tenantOfSub : reach.tenantId;
  await requestRerating(trx, ctx, reason, tenantId === null ? {} : { tenantId });
}

/**
 * The months an activated version rates: from its effective month up to the effective month of
 * the next activated version (issue13-design: greatest effective_from ≤ P wins, ties the highest
 * number). null when a later-numbered version of the same month hides it entirely.
 */
function ratingWindow(
  version: VersionRow,
  siblings: VersionRow[],
): { from: string; before: string | null } | null {
  const others = siblings.filter((v) => v.id !== version.id && activated(v));
  if (others.some((v) => v.effective_from === version.effective_from && v.version > version.version))
    return null;
  const later = others
    .map((v) => v.effective_from)
    .filter((p) => p > version.effective_from)
    .sort();
  return { from: version.effective_from, before: later[0] ?? null };
}

/**
 * The closed period that used this version, if any (semantics.md: a version is editable in place
 * only while no issued period used it). Conservative: a closed period of the list's reach inside
 * the version's rating window counts, whether or not that tenant's lines came from this list.
 */
async function closedPeriodUsing(
  db: Kysely<Database>,
  reach: Reach,
  version: VersionRow,
  siblings: VersionRow[],
): Promise<string | undefined> {
  if (!activated(version)) return undefined;
  const window = ratingWindow(version, siblings);
  if (window === null) return undefined;
  const tenantId = reach.subscriptionId !== null ? reach.tenantOfSub : reach.tenantId;
  if (reach.subscriptionId !== null && tenantId === null) return undefined;
  return firstClosedPeriod(db, { regionId: reach.regionId, tenantId }, window.from, window.before);
}

/**
 * Runs a list's delete, answering 409 when item credits (modules/adjustments) still name the list,
 * instead of the engine's foreign-key error. Versions and items are not named by anything outside
 * the module: an item credit names its list, meter and SKU, not an item row.
 */
async function refusingCredited(remove: () => Promise<void>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (isForeignKeyViolation(error)) {
      throw new AppError(
        'has_dependents',
        'Item credits are given on this price list (GET /api/v1/credits?priceListId=…): delete them first.',
      );
    }
    throw error;
  }
}

function newVersionNeeded(period: string): AppError {
  return new AppError(
    'conflict',
    `This version rated ${period}, which is closed (invoiced): it cannot change in place; create a new version.`,
  );
}

// ---------------------------------------------------------------------------------------------
// Visibility

export async function isListVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findList(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function isVersionVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findVersion(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function isItemVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findItem(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

async function visibleList(ctx: RequestContext, id: string): Promise<PriceListRow> {
  const row = await findList(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Price list');
  return row;
}

async function visibleVersion(ctx: RequestContext, id: string): Promise<VersionRow> {
  const row = await findVersion(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Price list version');
  return row;
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function listPriceLists(ctx: RequestContext, filter: PriceListFilter, page: PageRequest) {
  const result = await listListRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: await presentLists(ctx, result.items) };
}

async function versionSummaries(ctx: RequestContext, row: PriceListRow) {
  const db = ctx.app.db.kysely;
  const versions = await versionsOfLists(db, [row.id]);
  const reach = await reachOf(ctx, row);
  const out = [];
  for (const v of versions) {
    const closed = await closedPeriodUsing(db, reach, v, versions);
    out.push(presentVersion(v, v.item_count, closed === undefined));
  }
  return out;
}

export async function getPriceList(ctx: RequestContext, id: string) {
  const row = await visibleList(ctx, id);
  const [summary] = await presentLists(ctx, [row]);
  return { ...summary!, versions: await versionSummaries(ctx, row) };
}

export async function getVersion(ctx: RequestContext, id: string) {
  const version = await visibleVersion(ctx, id);
  const list = (await findList(ctx.app.db.kysely, ctx.actor.scope, version.price_list_id))!;
  const summaries = await versionSummaries(ctx, list);
  const summary = summaries.find((v) => v.id === id)!;
  const catalogs = await catalogsOf(ctx, list);
  const items = await itemsOfVersion(ctx.app.db.kysely, id);
  const tiers = await tiersOfItems(
    ctx.app.db.kysely,
    items.map((i) => i.id),
  );
  return {
    ...summary,
    priceList: {
      id: list.id,
      displayName: list.display_name,
      scopeType: list.scope_type,
      currency: list.currency,
      catalogs: catalogs === 'any' ? null : catalogs,
    },
    items: items.map((item) => presentItem(item, tiers.get(item.id) ?? [])),
  };
}

// ---------------------------------------------------------------------------------------------
// Scopes

interface ResolvedScope {
  scope_type: PriceListScope;
  region_id: string | null;
  tenant_id: string | null;
  subscription_id: string | null;
  scope_key: string;
  /** The tenant whose currency an override must use (subscription scope), else null. */
  overrideTenantId: string | null;
}

const SCOPE_FIELDS = { region: 'regionId', tenant: 'tenantId', subscription: 'subscriptionId' } as const;

/**
 * The scope a create or clone names: exactly the id field of its scope type, of an object the
 * caller sees (read before the transaction: these modules read through their own connection).
 */
async function resolveScope(ctx: RequestContext, input: ScopeInput): Promise<ResolvedScope> {
  const wanted = SCOPE_FIELDS[input.scopeType];
  for (const [type, field] of Object.entries(SCOPE_FIELDS)) {
    if (type !== input.scopeType && input[field] !== undefined) {
      throw AppError.invalidField(`body.${field}`, `Only for scopeType ${type}.`, 'invalid_request');
    }
  }
  const id = input[wanted];
  if (id === undefined) {
    throw AppError.invalidField(
      `body.${wanted}`,
      `Required for scopeType ${input.scopeType}.`,
      'invalid_request',
    );
  }
  const missing = () => AppError.invalidField(`body.${wanted}`, `No such ${input.scopeType}.`, 'not_found');
  const base = { scope_type: input.scopeType, region_id: null, tenant_id: null, subscription_id: null };
  if (input.scopeType === 'region') {
    await getRegion(ctx, id).catch(() => {
      throw missing();
    });
    return { ...base, region_id: id, scope_key: `region:${id}`, overrideTenantId: null };
  }
  if (input.scopeType === 'tenant') {
    const tenant = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, id, 'tenant');
    if (!tenant) throw missing();
    return { ...base, tenant_id: id, scope_key: `tenant:${id}`, overrideTenantId: null };
  }
  const subscription = await getSubscription(ctx, id).catch(() => {
    throw missing();
  });
  return {
    ...base,
    subscription_id: id,
    scope_key: `subscription:${id}`,
    overrideTenantId: subscription.tenantId,
  };
}

/** The currency of a new list: given, or its default; an override must use its tenant's. */
async function currencyFor(
  ctx: RequestContext,
  trx: Kysely<Database>,
  scope: ResolvedScope,
  given: string | undefined,
  fallback: string | undefined,
): Promise<string> {
  const tenantId = scope.overrideTenantId ?? scope.tenant_id;
  const tenant =
    tenantId === null ? undefined : await findOrganisationInScope(trx, ctx.actor.scope, tenantId, 'tenant');
  if (scope.scope_type === 'subscription') {
    const currency = tenant?.currency;
    if (currency === undefined)
      throw AppError.invalidField('body.subscriptionId', 'No such subscription.', 'not_found');
    if (given !== undefined && given !== currency) {
      throw AppError.invalidField(
        'body.currency',
        `A subscription's price override is in its tenant's currency (${currency}).`,
        'invalid_request',
      );
    }
    return currency;
  }
  if (given !== undefined) return given;
  if (fallback !== undefined) return fallback;
  if (tenant) return tenant.currency;
  return String(await getSetting(ctx, 'billing.platformCurrency', trx));
}

function scopeTaken(existing: PriceListRow): AppError {
  return new AppError(
    'conflict',
    `This ${existing.scope_type} already has a price list ("${existing.display_name}", ${existing.id}): one list per scope.`,
    [{ field: `body.${SCOPE_FIELDS[existing.scope_type]}`, message: 'Already has a price list.' }],
  );
}

async function claimingScope(write: () => Promise<unknown>, key: string, trx: Kysely<Database>) {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) {
      const existing = await scopeKeyTaken(trx, key);
      if (existing) throw scopeTaken(existing);
    }
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Lists: writes

export async function createPriceList(ctx: RequestContext, input: ListInput) {
  const scope = await resolveScope(ctx, input);
  const row = await transaction(ctx.app.db, async (trx) => {
    const existing = await scopeKeyTaken(trx, scope.scope_key);
    if (existing) throw scopeTaken(existing);
    const currency = await currencyFor(ctx, trx, scope, input.currency, undefined);
    await ctx.app.pause('priceList.create');
    const now = nowIso(ctx.app.clock);
    const { overrideTenantId: _t, ...columns } = scope;
    const row: PriceListRow = {
      id: newId('prl'),
      ...columns,
      display_name: input.displayName,
      description: input.description ?? null,
      currency,
      created_at: now,
      updated_at: now,
    };
    await claimingScope(() => insertList(trx, row), scope.scope_key, trx);
    await recordAudit(trx, ctx, {
      action: 'priceList.create',
      targetType: 'priceList',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: listAuditView(row),
    });
    return row;
  });
  return getPriceList(ctx, row.id);
}

export async function updatePriceList(ctx: RequestContext, id: string, patch: ListPatch) {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockList(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Price list');
    if (patch.currency !== undefined && patch.currency !== row.currency) {
      if (row.scope_type === 'subscription') {
        throw AppError.invalidField(
          'body.currency',
          `A subscription's price override is in its tenant's currency (${row.currency}).`,
          'invalid_request',
        );
      }
      const versions = await versionsOfLists(trx, [id]);
      if (versions.some(activated)) {
        throw new AppError(
          'conflict',
          'The list has activated versions, whose prices are in its currency: clone it into a new list in the other currency instead.',
          [{ field: 'body.currency', message: 'Locked once a version was activated.' }],
        );
      }
    }
    const next: PriceListRow = {
      ...row,
      display_name: patch.displayName ?? row.display_name,
      description: patch.description === undefined ? row.description : patch.description,
      currency: patch.currency ?? row.currency,
      updated_at: nowIso(ctx.app.clock),
    };
    await updateListRow(trx, id, {
      display_name: next.display_name,
      description: next.description,
      currency: next.currency,
      updated_at: next.updated_at,
    });
    await recordAudit(trx, ctx, {
      action: 'priceList.update',
      targetType: 'priceList',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(listAuditView(row), listAuditView(next)),
    });
  });
  return getPriceList(ctx, id);
}

/** The first month of every zone's current month, and the latest current month anywhere (±14 h). */
function currentMonths(now: number): { firstDay: string; latestMonth: string } {
  const earliest = new Date(now - 14 * 3_600_000).toISOString();
  const latest = new Date(now + 14 * 3_600_000).toISOString();
  return { firstDay: `${earliest.slice(0, 7)}-01`, latestMonth: latest.slice(0, 7) };
}

/**
 * Deletes a list that prices nothing: refused (409) while rated lines name it (money of record of
 * some period traces to it), or while one of its activated versions takes effect by the current
 * month and its scope has usage this month (the next rating run would price that usage with it).
 */
export async function deletePriceList(ctx: RequestContext, id: string): Promise<void> {
  const before = await visibleList(ctx, id);
  const reach = await reachOf(ctx, before);
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockList(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Price list');
    const versions = await versionsOfLists(trx, [id]);
    if (versions.some(activated)) {
      const periods = await ratedPeriodsOfList(trx, id);
      if (periods.length > 0) {
        throw new AppError(
          'has_dependents',
          `This price list priced rated usage (${periods.join(', ')}): its lines trace to it, so it cannot be deleted. Activate a new version instead.`,
        );
      }
      const { firstDay, latestMonth } = currentMonths(ctx.app.clock());
      const current = versions.some((v) => activated(v) && v.effective_from <= latestMonth);
      if (current && (await reachHasUsageSince(trx, reach, firstDay))) {
        throw new AppError(
          'has_dependents',
          'This price list prices the current month, in which its scope has usage: the next rating would use it. Activate a new version instead.',
        );
      }
    }
    await ctx.app.pause('priceList.delete');
    await refusingCredited(() => deleteListRows(trx, id));
    await recordAudit(trx, ctx, {
      action: 'priceList.delete',
      targetType: 'priceList',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: { ...listAuditView(row), versions: versions.length },
    });
  });
}

/**
 * Copies a list into a new list of another scope: every version (numbers, states and months kept)
 * or only the chosen one (as version 1, a draft). Items are copied as they are; meters that the
 * target scope's catalog lacks are copied too (a tenant list may price any catalog's meters).
 */
export async function clonePriceList(ctx: RequestContext, sourceId: string, input: CloneInput) {
  const source = await visibleList(ctx, sourceId);
  if (input.versionId !== undefined) {
    const chosen = await findVersion(ctx.app.db.kysely, ctx.actor.scope, input.versionId);
    if (!chosen || chosen.price_list_id !== sourceId) {
      throw AppError.invalidField('body.versionId', 'Not a version of this price list.', 'invalid_request');
    }
  }
  const scope = await resolveScope(ctx, input);
  const targetReach = await reachOf(ctx, scope);
  const newListId = await transaction(ctx.app.db, async (trx) => {
    const row = await lockList(trx, ctx.actor.scope, sourceId);
    if (!row) throw AppError.notFound('Price list');
    const existing = await scopeKeyTaken(trx, scope.scope_key);
    if (existing) throw scopeTaken(existing);
    const currency = await currencyFor(ctx, trx, scope, input.currency, source.currency);
    let versions = await versionsOfLists(trx, [sourceId]);
    if (input.versionId !== undefined) {
      versions = versions.filter((v) => v.id === input.versionId);
      if (versions.length === 0) {
        throw AppError.invalidField('body.versionId', 'Not a version of this price list.', 'invalid_request');
      }
    }
    const now = nowIso(ctx.app.clock);
    const list: PriceListRow = {
      id: newId('prl'),
      scope_type: scope.scope_type,
      region_id: scope.region_id,
      tenant_id: scope.tenant_id,
      subscription_id: scope.subscription_id,
      scope_key: scope.scope_key,
      display_name: input.displayName ?? row.display_name,
      description: input.description === undefined ? row.description : input.description,
      currency,
      created_at: now,
      updated_at: now,
    };
    await claimingScope(() => insertList(trx, list), scope.scope_key, trx);
    const single = input.versionId !== undefined;
    for (const v of versions) {
      const copy: VersionRow = {
        ...v,
        id: newId('plv'),
        price_list_id: list.id,
        version: single ? 1 : v.version,
        state: single ? 'draft' : v.state,
        activated_at: single ? null : v.activated_at,
        superseded_at: single ? null : v.superseded_at,
        created_at: now,
        updated_at: now,
      };
      const { item_count: _n, ...columns } = copy as VersionRow & { item_count?: number };
      await insertVersion(trx, columns);
      await copyItems(trx, v.id, copy.id, now);
    }
    await recordAudit(trx, ctx, {
      action: 'priceList.clone',
      targetType: 'priceList',
      targetId: list.id,
      orgId: PLATFORM_ORG_ID,
      after: {
        ...listAuditView(list),
        sourceId,
        versionId: input.versionId ?? null,
        versions: versions.length,
      },
    });
    // Activated versions copied keep their months: they price the target scope from now on.
    if (!single && versions.some(activated)) await rerateScope(trx, ctx, targetReach, 'priceList.clone');
    return list.id;
  });
  ctx.app.jobs.wake();
  return getPriceList(ctx, newListId);
}

async function copyItems(trx: Kysely<Database>, fromVersion: string, toVersion: string, now: string) {
  const items = await itemsOfVersion(trx, fromVersion);
  const tiers = await tiersOfItems(
    trx,
    items.map((i) => i.id),
  );
  for (const item of items) {
    const { meter_name: _n, meter_unit: _u, ...columns } = item;
    const id = newId('pri');
    await insertItem(
      trx,
      { ...columns, id, version_id: toVersion, created_at: now, updated_at: now },
      (tiers.get(item.id) ?? []).map((t) => ({ ...t, item_id: id })),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Versions: writes

/** The list of a version, locked, and the version re-read under that lock. */
async function lockVersion(trx: Kysely<Database>, ctx: RequestContext, id: string) {
  const found = await findVersion(trx, ctx.actor.scope, id);
  if (!found) throw AppError.notFound('Price list version');
  const list = await lockList(trx, ctx.actor.scope, found.price_list_id);
  const version = list && (await findVersion(trx, ctx.actor.scope, id));
  if (!list || !version) throw AppError.notFound('Price list version');
  return { list, version };
}

export async function createVersion(ctx: RequestContext, listId: string, input: VersionInput) {
  const id = await transaction(ctx.app.db, async (trx) => {
    const list = await lockList(trx, ctx.actor.scope, listId);
    if (!list) throw AppError.notFound('Price list');
    if (input.copyFromVersionId !== undefined) {
      const from = await findVersion(trx, ctx.actor.scope, input.copyFromVersionId);
      if (!from || from.price_list_id !== listId) {
        throw AppError.invalidField(
          'body.copyFromVersionId',
          'Not a version of this price list (to copy another list, clone it).',
          'invalid_request',
        );
      }
    }
    const now = nowIso(ctx.app.clock);
    const row: VersionRow = {
      id: newId('plv'),
      price_list_id: listId,
      version: await nextVersionNumber(trx, listId),
      state: 'draft',
      effective_from: input.effectiveFrom,
      notes: input.notes ?? null,
      activated_at: null,
      superseded_at: null,
      created_at: now,
      updated_at: now,
    };
    await insertVersion(trx, row);
    if (input.copyFromVersionId !== undefined) await copyItems(trx, input.copyFromVersionId, row.id, now);
    await recordAudit(trx, ctx, {
      action: 'priceListVersion.create',
      targetType: 'priceListVersion',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: {
        priceListId: listId,
        version: row.version,
        effectiveFrom: row.effective_from,
        notes: row.notes,
        copyFromVersionId: input.copyFromVersionId ?? null,
      },
    });
    return row.id;
  });
  return getVersion(ctx, id);
}

export async function updateVersion(ctx: RequestContext, id: string, patch: VersionPatch) {
  await transaction(ctx.app.db, async (trx) => {
    const { version } = await lockVersion(trx, ctx, id);
    if (
      patch.effectiveFrom !== undefined &&
      patch.effectiveFrom !== version.effective_from &&
      activated(version)
    ) {
      throw new AppError(
        'conflict',
        'An activated version keeps its effective month (the months before it are rated by the previous version): create a new version.',
        [{ field: 'body.effectiveFrom', message: 'Drafts only.' }],
      );
    }
    const next = {
      effective_from: patch.effectiveFrom ?? version.effective_from,
      notes: patch.notes === undefined ? version.notes : patch.notes,
    };
    await updateVersionRow(trx, id, { ...next, updated_at: nowIso(ctx.app.clock) });
    await recordAudit(trx, ctx, {
      action: 'priceListVersion.update',
      targetType: 'priceListVersion',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(
        { effectiveFrom: version.effective_from, notes: version.notes },
        { effectiveFrom: next.effective_from, notes: next.notes },
      ),
    });
  });
  return getVersion(ctx, id);
}

export async function deleteVersion(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const { version } = await lockVersion(trx, ctx, id);
    if (version.state !== 'draft') {
      throw new AppError(
        'conflict',
        `Version ${version.version} is ${version.state}: only drafts can be deleted (an activated version rates its months).`,
      );
    }
    await deleteVersionRows(trx, id);
    await recordAudit(trx, ctx, {
      action: 'priceListVersion.delete',
      targetType: 'priceListVersion',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: {
        priceListId: version.price_list_id,
        version: version.version,
        effectiveFrom: version.effective_from,
      },
    });
  });
}

/**
 * Activates a draft: it becomes the active version and the one active before becomes superseded
 * (it still rates the months before the new one's effective month). The list row is locked first,
 * so of two activations of one list the second waits and then sees the first's result.
 *
 * RE-RATING: open periods from the version's effective month on change price; the rating module
 * re-rates them (this is one of the two hooks named in the pricing report).
 */
export async function activateVersion(ctx: RequestContext, id: string) {
  const before = await visibleVersion(ctx, id);
  const listBefore = (await findList(ctx.app.db.kysely, ctx.actor.scope, before.price_list_id))!;
  const reach = await reachOf(ctx, listBefore);
  const result = await transaction(ctx.app.db, async (trx) => {
    const { version } = await lockVersion(trx, ctx, id);
    if (version.state !== 'draft') {
      throw new AppError(
        'conflict',
        `Version ${version.version} is already ${version.state}; only a draft can be activated.`,
      );
    }
    const versions = await versionsOfLists(trx, [version.price_list_id]);
    const current = versions.find((v) => v.state === 'active');
    if (current && version.effective_from < current.effective_from) {
      throw new AppError(
        'conflict',
        `The active version ${current.version} takes effect from ${current.effective_from}; a new version must take effect from that month or later.`,
        [{ field: 'effectiveFrom', message: `From ${current.effective_from} or later.` }],
      );
    }
    const tenantId = reach.subscriptionId !== null ? reach.tenantOfSub : reach.tenantId;
    const closed =
      reach.subscriptionId !== null && tenantId === null
        ? undefined
        : await firstClosedPeriod(trx, { regionId: reach.regionId, tenantId }, version.effective_from, null);
    if (closed !== undefined) {
      throw new AppError(
        'conflict',
        `${closed} is closed (invoiced) for this list's scope: a new version cannot take effect before a closed period; choose a later month.`,
        [{ field: 'effectiveFrom', message: `After ${closed}.` }],
      );
    }
    // Checks made, nothing written yet: where a concurrent activation would do harm without the lock.
    await ctx.app.pause('priceListVersion.activate');
    const now = nowIso(ctx.app.clock);
    if (current) {
      await updateVersionRow(trx, current.id, { state: 'superseded', superseded_at: now, updated_at: now });
    }
    await updateVersionRow(trx, id, { state: 'active', activated_at: now, updated_at: now });
    await recordAudit(trx, ctx, {
      action: 'priceListVersion.activate',
      targetType: 'priceListVersion',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: { state: 'draft', supersededVersionId: null },
      after: {
        state: 'active',
        priceListId: version.price_list_id,
        effectiveFrom: version.effective_from,
        supersededVersionId: current?.id ?? null,
      },
    });
    await rerateScope(trx, ctx, reach, 'priceListVersion.activate');
    return { supersededId: current?.id ?? null };
  });
  ctx.app.jobs.wake();
  const list = await getPriceList(ctx, before.price_list_id);
  return {
    version: list.versions.find((v) => v.id === id)!,
    superseded: list.versions.find((v) => v.id === result.supersededId) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Items

/**
 * The version locked for an item change: its list locked, and refused (409) when it is activated
 * and a closed period used it (semantics.md: then changes make a new version).
 *
 * RE-RATING: a change to an item of an active or superseded version changes the price of the open
 * periods it rates; the rating module re-rates them (the second hook named in the pricing report).
 */
async function lockEditableVersion(
  trx: Kysely<Database>,
  ctx: RequestContext,
  versionId: string,
  reach: Reach | null,
) {
  const { list, version } = await lockVersion(trx, ctx, versionId);
  if (activated(version)) {
    const versions = await versionsOfLists(trx, [list.id]);
    const closed = await closedPeriodUsing(trx, reach ?? (await reachOf(ctx, list)), version, versions);
    if (closed !== undefined) throw newVersionNeeded(closed);
  }
  return { list, version };
}

/** The meter catalogs an item of this list may name: its region's, or any for a tenant list. */
async function catalogsOf(ctx: RequestContext, list: PriceListRow): Promise<string[] | 'any'> {
  let regionId = list.region_id;
  if (list.scope_type === 'subscription') {
    const sub = await getSubscription(ctx, list.subscription_id!).catch(() => null);
    regionId = sub?.regionId ?? null;
  }
  if (regionId === null) return 'any';
  const region = await getRegion(ctx, regionId).catch(() => null);
  if (!region) return 'any';
  return [region.kind === 'import' ? region.id : 'azure-stack'];
}

/** An hour-metered meter (its unit counts hours, or Azure Stack reports it as month fractions). */
export function hourMetered(meter: { unit: string; month_fraction: number }): boolean {
  return meter.month_fraction === 1 || /hours?$/i.test(meter.unit.trim());
}

interface ItemShape {
  priceUnit: PriceUnit;
  pricing: PriceItemPricing;
  rate: string | null;
  tiers: TierInput[];
}

/** Checks the pricing fields together: a flat rate xor tiers, tiers valid (field `body.tiers[i].x`). */
export function checkItemShape(shape: ItemShape, fieldPrefix = 'body'): void {
  if (shape.pricing === 'flat') {
    if (shape.rate === null) {
      throw AppError.invalidField(`${fieldPrefix}.rate`, 'Required for a flat item.', 'invalid_request');
    }
    if (shape.tiers.length > 0) {
      throw AppError.invalidField(
        `${fieldPrefix}.tiers`,
        'A flat item has no tiers (use pricing graduated or volume).',
        'invalid_request',
      );
    }
    return;
  }
  if (shape.rate !== null) {
    throw AppError.invalidField(
      `${fieldPrefix}.rate`,
      'A tiered item has no flat rate: its tiers hold the rates.',
      'invalid_request',
    );
  }
  checkTiers(shape.tiers, `${fieldPrefix}.tiers`);
}

function tierRows(itemId: string, tiers: TierInput[]): TierRow[] {
  return tiers.map((t, position) => ({
    item_id: itemId,
    position,
    from_quantity: t.from,
    to_quantity: t.to,
    rate: t.rate,
  }));
}

async function checkMeter(
  trx: Kysely<Database>,
  catalogs: string[] | 'any',
  meterId: string,
  priceUnit: PriceUnit,
  field = 'body.meterId',
) {
  const meter = await findMeterIn(trx, catalogs, meterId);
  if (!meter) {
    throw AppError.invalidField(
      field,
      catalogs === 'any'
        ? 'No meter of any catalog has this id (GET /api/v1/meters).'
        : `No meter of this list's catalog (${catalogs.join(', ')}) has this id.`,
      'invalid_request',
    );
  }
  if (priceUnit === 'month' && !hourMetered(meter)) {
    throw AppError.invalidField(
      field === 'body.meterId' ? 'body.priceUnit' : field,
      `Per month is only for a meter metered in hours; this meter counts ${meter.unit}.`,
      'invalid_request',
    );
  }
  return meter;
}

function duplicateItem(meterId: string, sku: string): AppError {
  return new AppError(
    'conflict',
    `The version already prices meter ${meterId}${sku ? ` with SKU ${sku}` : ' (meter-wide)'}: edit that item.`,
    [{ field: 'body.meterId', message: 'Already priced in this version.' }],
  );
}

export async function createItem(ctx: RequestContext, versionId: string, input: ItemInput) {
  const meterId = normaliseSourceMeterId(input.meterId);
  const sku = input.sku ?? '';
  const shape: ItemShape = {
    priceUnit: input.priceUnit,
    pricing: input.pricing,
    rate: input.rate ?? null,
    tiers: input.tiers ?? [],
  };
  // An unknown version is a 404 before anything about the body.
  const version = await visibleVersion(ctx, versionId);
  checkItemShape(shape);
  const listBefore = (await findList(ctx.app.db.kysely, ctx.actor.scope, version.price_list_id))!;
  const [catalogs, reach] = await Promise.all([catalogsOf(ctx, listBefore), reachOf(ctx, listBefore)]);
  const id = await transaction(ctx.app.db, async (trx) => {
    const { version: locked } = await lockEditableVersion(trx, ctx, versionId, reach);
    if (meterId === null) throw AppError.invalidField('body.meterId', 'Not a meter id.', 'invalid_request');
    await checkMeter(trx, catalogs, meterId, shape.priceUnit);
    if (await findItemByKey(trx, versionId, meterId, sku)) throw duplicateItem(meterId, sku);
    const now = nowIso(ctx.app.clock);
    const row: ItemRow = {
      id: newId('pri'),
      version_id: versionId,
      meter_id: meterId,
      sku,
      price_unit: shape.priceUnit,
      pricing: shape.pricing,
      rate: shape.rate,
      description: input.description ?? null,
      created_at: now,
      updated_at: now,
    };
    const tiers = tierRows(row.id, shape.tiers);
    try {
      await insertItem(trx, row, tiers);
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateItem(meterId, sku);
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'priceItem.create',
      targetType: 'priceItem',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: itemAuditView(row, tiers),
    });
    if (activated(locked)) await rerateScope(trx, ctx, reach, 'priceItem.create');
    return row.id;
  });
  ctx.app.jobs.wake();
  return getItem(ctx, id);
}

async function getItem(ctx: RequestContext, id: string) {
  const found = await findItem(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!found) throw AppError.notFound('Price item');
  const item = (await itemsOfVersion(ctx.app.db.kysely, found.version_id)).find((i) => i.id === id)!;
  const tiers = await tiersOfItems(ctx.app.db.kysely, [id]);
  return presentItem(item, tiers.get(id) ?? []);
}

/** The shape after a patch: switching to flat drops the tiers, switching to tiers drops the rate. */
function shapeAfter(row: ItemRow, tiers: TierRow[], patch: ItemPatch): ItemShape {
  const pricing = patch.pricing ?? row.pricing;
  const current = presentTiers(tiers);
  const switched = patch.pricing !== undefined && (patch.pricing === 'flat') !== (row.pricing === 'flat');
  return {
    priceUnit: patch.priceUnit ?? row.price_unit,
    pricing,
    rate: patch.rate !== undefined ? patch.rate : switched && pricing !== 'flat' ? null : plain(row.rate),
    tiers: patch.tiers ?? (switched && pricing === 'flat' ? [] : current),
  };
}

export async function updateItem(ctx: RequestContext, id: string, patch: ItemPatch) {
  const found = await findItem(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!found) throw AppError.notFound('Price item');
  const listBefore = (await findList(ctx.app.db.kysely, ctx.actor.scope, found.price_list_id))!;
  const [catalogs, reach] = await Promise.all([catalogsOf(ctx, listBefore), reachOf(ctx, listBefore)]);
  await transaction(ctx.app.db, async (trx) => {
    const { version: locked } = await lockEditableVersion(trx, ctx, found.version_id, reach);
    const row = await findItem(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Price item');
    const { price_list_id: _l, ...item } = row;
    const tiers = (await tiersOfItems(trx, [id])).get(id) ?? [];
    const shape = shapeAfter(item, tiers, patch);
    checkItemShape(shape);
    if (shape.priceUnit !== item.price_unit)
      await checkMeter(trx, catalogs, item.meter_id, shape.priceUnit, 'body.priceUnit');
    const sku = patch.sku ?? item.sku;
    if (sku !== item.sku && (await findItemByKey(trx, item.version_id, item.meter_id, sku))) {
      throw duplicateItem(item.meter_id, sku);
    }
    const next: ItemRow = {
      ...item,
      sku,
      price_unit: shape.priceUnit,
      pricing: shape.pricing,
      rate: shape.rate,
      description: patch.description === undefined ? item.description : patch.description,
      updated_at: nowIso(ctx.app.clock),
    };
    const nextTiers = tierRows(id, shape.tiers);
    await updateItemRow(trx, id, {
      sku: next.sku,
      price_unit: next.price_unit,
      pricing: next.pricing,
      rate: next.rate,
      description: next.description,
      updated_at: next.updated_at,
    });
    await replaceTiers(trx, id, nextTiers);
    await recordAudit(trx, ctx, {
      action: 'priceItem.update',
      targetType: 'priceItem',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(itemAuditView(item, tiers), itemAuditView(next, nextTiers)),
    });
    if (activated(locked)) await rerateScope(trx, ctx, reach, 'priceItem.update');
  });
  ctx.app.jobs.wake();
  return getItem(ctx, id);
}

export async function deleteItem(ctx: RequestContext, id: string): Promise<void> {
  const found = await findItem(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!found) throw AppError.notFound('Price item');
  const listBefore = (await findList(ctx.app.db.kysely, ctx.actor.scope, found.price_list_id))!;
  const reach = await reachOf(ctx, listBefore);
  await transaction(ctx.app.db, async (trx) => {
    const { version: locked } = await lockEditableVersion(trx, ctx, found.version_id, reach);
    const row = await findItem(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Price item');
    const { price_list_id: _l, ...item } = row;
    const tiers = (await tiersOfItems(trx, [id])).get(id) ?? [];
    await deleteItemRows(trx, id);
    await recordAudit(trx, ctx, {
      action: 'priceItem.delete',
      targetType: 'priceItem',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: itemAuditView(item, tiers),
    });
    if (activated(locked)) await rerateScope(trx, ctx, reach, 'priceItem.delete');
  });
  ctx.app.jobs.wake();
}

// For the CSV import (price-csv.service.ts), which applies its changes through the same rules.
export { catalogsOf, checkMeter, lockEditableVersion, reachOf, tierRows, visibleVersion };

// ---------------------------------------------------------------------------------------------
// For the pricing tools (modules/pricing-tools; written by the pricing-tools helper): reads of the
// lists a price increase scopes, and the increase's new version, in the caller's transaction.

export interface ListForIncrease {
  id: string;
  scopeType: PriceListScope;
  regionId: string | null;
  tenantId: string | null;
  subscriptionId: string | null;
  displayName: string;
  currency: string;
  versions: {
    id: string;
    version: number;
    state: VersionRow['state'];
    effectiveFrom: string;
    items: number;
  }[];
}

/**
 * Lists (by id, or every region list, or the list of one region or tenant) with their versions,
 * inside the caller's scope (a platform user's: all). Item counts per version come along, so the
 * tools can say how many rates an increase changes.
 */
export async function listsForIncrease(
  ctx: RequestContext,
  scope:
    | { kind: 'priceList'; priceListId: string }
    | { kind: 'region'; regionId: string }
    | { kind: 'tenant'; tenantId: string }
    | { kind: 'allRegionLists' },
): Promise<ListForIncrease[]> {
  const db = ctx.app.db.kysely;
  let rows: PriceListRow[];
  if (scope.kind === 'priceList') {
    const row = await findList(db, ctx.actor.scope, scope.priceListId);
    rows = row ? [row] : [];
  } else if (scope.kind === 'allRegionLists') {
    rows = [];
    let cursor: string | undefined;
    // Every region list, page by page (the list API's own keyset paging).
    for (;;) {
      const page = await listListRows(
        db,
        ctx.actor.scope,
        { scopeType: 'region' },
        { limit: 200, cursor, sort: 'createdAt', includeTotal: false },
      );
      rows.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
  } else {
    const key = scope.kind === 'region' ? `region:${scope.regionId}` : `tenant:${scope.tenantId}`;
    const row = await scopeKeyTaken(db, key);
    rows = row && (await findList(db, ctx.actor.scope, row.id)) ? [row] : [];
  }
  const versions = await versionsOfLists(
    db,
    rows.map((r) => r.id),
  );
  const out: ListForIncrease[] = [];
  for (const row of rows) {
    const own = versions.filter((v) => v.price_list_id === row.id);
    const counted = [];
    for (const v of own) {
      counted.push({
        id: v.id,
        version: Number(v.version),
        state: v.state,
        effectiveFrom: v.effective_from,
        items: (await itemsOfVersion(db, v.id)).length,
      });
    }
    out.push({
      id: row.id,
      scopeType: row.scope_type,
      regionId: row.region_id,
      tenantId: row.tenant_id,
      subscriptionId: row.subscription_id,
      displayName: row.display_name,
      currency: row.currency,
      versions: counted,
    });
  }
  return out;
}

/**
 * A price increase's new version of one list, in the caller's transaction (the tools change every
 * list of their scope in one): a copy of `sourceVersionId`'s items with every flat and tier rate
 * passed through `newRate`, effective from `effectiveFrom`; activated at once when asked, with the
 * same rules as activateVersion (not before the active version's month, not before a closed
 * period; the active version becomes superseded). The caller audits the increase (one row per
 * list says what it did) and asks for the re-rating.
 */
export async function createVersionWithNewRates(
  trx: Kysely<Database>,
  ctx: RequestContext,
  input: {
    listId: string;
    sourceVersionId: string;
    effectiveFrom: string;
    notes: string;
    activate: boolean;
    newRate: (rate: string) => string;
  },
): Promise<{
  versionId: string;
  version: number;
  state: 'draft' | 'active';
  items: number;
  supersededId: string | null;
}> {
  const list = await lockList(trx, ctx.actor.scope, input.listId);
  if (!list) throw AppError.notFound('Price list');
  const from = await findVersion(trx, ctx.actor.scope, input.sourceVersionId);
  if (!from || from.price_list_id !== list.id) {
    throw AppError.invalidField(
      'body.sourceVersionId',
      'Not a version of this price list.',
      'invalid_request',
    );
  }
  const versions = await versionsOfLists(trx, [list.id]);
  const current = versions.find((v) => v.state === 'active');
  if (input.activate) {
    if (current && input.effectiveFrom < current.effective_from) {
      throw new AppError(
        'conflict',
        `${list.display_name}: the active version ${current.version} takes effect from ${current.effective_from}; the increase must take effect from that month or later.`,
        [{ field: 'body.effectiveFrom', message: `From ${current.effective_from} or later.` }],
      );
    }
    const reach = await reachOf(ctx, list);
    const tenantId = reach.subscriptionId !== null ? reach.tenantOfSub : reach.tenantId;
    const closed =
      reach.subscriptionId !== null && tenantId === null
        ? undefined
        : await firstClosedPeriod(trx, { regionId: reach.regionId, tenantId }, input.effectiveFrom, null);
    if (closed !== undefined) {
      throw new AppError(
        'conflict',
        `${closed} is closed (invoiced) for ${list.display_name}: an increase cannot take effect before a closed period; choose a later month.`,
        [{ field: 'body.effectiveFrom', message: `After ${closed}.` }],
      );
    }
  }
  const now = nowIso(ctx.app.clock);
  const row: VersionRow = {
    id: newId('plv'),
    price_list_id: list.id,
    version: await nextVersionNumber(trx, list.id),
    state: input.activate ? 'active' : 'draft',
    effective_from: input.effectiveFrom,
    notes: input.notes,
    activated_at: input.activate ? now : null,
    superseded_at: null,
    created_at: now,
    updated_at: now,
  };
  if (input.activate && current) {
    await updateVersionRow(trx, current.id, { state: 'superseded', superseded_at: now, updated_at: now });
  }
  await insertVersion(trx, row);
  const items = await itemsOfVersion(trx, from.id);
  const tiers = await tiersOfItems(
    trx,
    items.map((i) => i.id),
  );
  for (const item of items) {
    const { meter_name: _n, meter_unit: _u, ...columns } = item;
    const id = newId('pri');
    await insertItem(
      trx,
      {
        ...columns,
        id,
        version_id: row.id,
        rate: columns.rate === null ? null : input.newRate(plain(columns.rate)!),
        created_at: now,
        updated_at: now,
      },
      (tiers.get(item.id) ?? []).map((t) => ({ ...t, item_id: id, rate: input.newRate(plain(t.rate)!) })),
    );
  }
  return {
    versionId: row.id,
    version: row.version,
    state: input.activate ? 'active' : 'draft',
    items: items.length,
    supersededId: input.activate ? (current?.id ?? null) : null,
  };
}

/** The list a version belongs to, inside the caller's scope (undefined: no such version there). */
export async function listOfVersion(ctx: RequestContext, versionId: string): Promise<string | undefined> {
  return (await findVersion(ctx.app.db.kysely, ctx.actor.scope, versionId))?.price_list_id;
}
