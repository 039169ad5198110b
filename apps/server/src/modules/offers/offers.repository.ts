import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type {
  Database,
  OfferPlanTable,
  OfferPublication,
  OfferTable,
  PlanTable,
  QuotaTable,
} from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { containsText, type PageRequest, paginate, parseSort } from '../../http/pagination.ts';
import { chainColumn } from '../../tenancy/scope.ts';

/**
 * Plans, quotas and offers as each region holds them, and the CMS's publishing of offers.
 *
 * Plans and quotas belong to the platform: below it they do not exist. An offer is seen by
 * platform users always; below the platform only while it is `public` and published to the
 * viewer's chain: visibility `all`, or an `offer_visibility` row naming an organisation of the
 * viewer's chain (itself or above it: publishing to a distributor or partner covers its branch) or
 * one below the viewer (a partner sees what is published to its tenants: it sells it to them).
 * The organisation of a visibility row is read in a subquery with its current chain, so a move
 * carries what a branch sees along without rewriting any row.
 */

type OfferQuery<O> = SelectQueryBuilder<Database, 'offers', O>;

/** The chain of a viewer (or of a tenant a subscription is for). */
export type Chain = Pick<Scope, 'level' | 'orgId' | 'distributorId' | 'partnerId' | 'tenantId'>;

/** Offers published to the chain (visibility `all`, or chosen for it), whatever their publication. */
function publishedTo(chain: Chain) {
  return (eb: ExpressionBuilder<Database, 'offers'>) => {
    const column = chainColumn(chain);
    const above = [chain.distributorId, chain.partnerId, chain.tenantId].filter((id): id is string => !!id);
    const chosen = eb
      .selectFrom('offer_visibility')
      .select('offer_visibility.offer_id')
      .where((inner) =>
        inner.or([
          ...(above.length > 0 ? [inner('offer_visibility.organisation_id', 'in', above)] : []),
          ...(column === null
            ? []
            : [
                inner(
                  'offer_visibility.organisation_id',
                  'in',
                  inner
                    .selectFrom('organisations')
                    .select('organisations.id')
                    .where(sql.ref(`organisations.${column}`), '=', chain.orgId),
                ),
              ]),
        ]),
      );
    return eb.or([eb('offers.visibility', '=', 'all'), eb('offers.id', 'in', chosen)]);
  };
}

/** The offers a viewer may see (see the module comment): below the platform, live public ones published to it. */
function visibleTo(scope: Chain) {
  return <O>(qb: OfferQuery<O>): OfferQuery<O> =>
    scope.level === 'platform'
      ? qb
      : qb
          .where('offers.publication', '=', 'public')
          .where('offers.region_deleted_at', 'is', null)
          .where(publishedTo(scope));
}

/** Plans and quotas: the platform's only (below it, no row matches). */
const platformOnly = (scope: Scope) => sql<boolean>`${sql.lit(scope.level === 'platform' ? 1 : 0)} = 1`;

// ---------------------------------------------------------------------------------------------
// Offers

export interface OfferFilter {
  regionId?: string | undefined;
  publication?: OfferPublication | undefined;
  q?: string | undefined;
  /** Offers gone from their region are listed only when asked for (platform users). */
  includeDeleted?: boolean | undefined;
}

export function findOffer(db: Kysely<Database>, scope: Scope, id: string) {
  return db.selectFrom('offers').selectAll().$call(visibleTo(scope)).where('id', '=', id).executeTakeFirst();
}

/** An offer by id (no scope: for callers that already hold it, and for locks). */
export function findOfferRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('offers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The offer, locked until the commit (after the region's row: one order of locks). */
export function lockOffer(trx: Kysely<Database>, id: string) {
  return trx.selectFrom('offers').selectAll().where('id', '=', id).$call(forUpdate(trx)).executeTakeFirst();
}

/**
 * Whether the offer is published to the chain (visibility `all`, or chosen for it), whatever its
 * publication: the platform's chain has every offer.
 */
export async function offerPublishedTo(db: Kysely<Database>, chain: Chain, id: string): Promise<boolean> {
  let query = db.selectFrom('offers').select('id').where('id', '=', id);
  if (chain.level !== 'platform') query = query.where(publishedTo(chain));
  const row = await query.executeTakeFirst();
  return row !== undefined;
}

export function findOfferByArmKey(db: Kysely<Database>, regionId: string, armKey: string) {
  return db
    .selectFrom('offers')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('arm_key', '=', armKey)
    .executeTakeFirst();
}

const OFFER_SORT = { name: 'offers.display_name', createdAt: 'offers.created_at' };

export async function listOfferRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: OfferFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('offers').$call(visibleTo(scope));
    if (filter.regionId) query = query.where('offers.region_id', '=', filter.regionId);
    if (filter.publication) query = query.where('offers.publication', '=', filter.publication);
    if (!filter.includeDeleted) query = query.where('offers.region_deleted_at', 'is', null);
    if (filter.q) query = query.where(containsText('offers.display_name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, OFFER_SORT, 'offers.id'), {
    ...page,
    sortValue: (row) => (byName ? row.display_name : row.created_at),
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export async function insertOffer(trx: Kysely<Database>, row: OfferTable): Promise<void> {
  await trx.insertInto('offers').values(row).execute();
}

export async function updateOfferRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<OfferTable>,
): Promise<void> {
  await trx.updateTable('offers').set(changes).where('id', '=', id).execute();
}

export function offersOfRegion(db: Kysely<Database>, regionId: string) {
  return db.selectFrom('offers').selectAll().where('region_id', '=', regionId).execute();
}

// ---------------------------------------------------------------------------------------------
// Offer plans and visibility

export function offerPlanLinks(db: Kysely<Database>, offerIds: string[]) {
  if (offerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('offer_plans')
    .innerJoin('plans', 'plans.id', 'offer_plans.plan_id')
    .select([
      'offer_plans.offer_id',
      'offer_plans.plan_id',
      'offer_plans.link_type',
      'offer_plans.max_acquisition_count',
      'plans.name',
      'plans.resource_group',
      'plans.display_name',
      'plans.description',
      'plans.region_deleted_at',
    ])
    .where('offer_plans.offer_id', 'in', offerIds)
    .orderBy('plans.display_name')
    .orderBy('plans.id')
    .execute();
}

export async function replaceOfferPlans(
  trx: Kysely<Database>,
  offerId: string,
  links: readonly Omit<OfferPlanTable, 'offer_id'>[],
): Promise<void> {
  await trx.deleteFrom('offer_plans').where('offer_id', '=', offerId).execute();
  if (links.length === 0) return;
  await trx
    .insertInto('offer_plans')
    .values(links.map((link) => ({ ...link, offer_id: offerId })))
    .execute();
}

/** The offers that bundle a plan (live ones: not gone from the region). */
export async function offersUsingPlan(db: Kysely<Database>, planId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('offer_plans')
    .innerJoin('offers', 'offers.id', 'offer_plans.offer_id')
    .select('offers.display_name')
    .where('offer_plans.plan_id', '=', planId)
    .where('offers.region_deleted_at', 'is', null)
    .orderBy('offers.display_name')
    .execute();
  return rows.map((row) => row.display_name);
}

export async function visibilityOf(db: Kysely<Database>, offerIds: string[]) {
  if (offerIds.length === 0) return [];
  return db
    .selectFrom('offer_visibility')
    .select(['offer_id', 'organisation_id'])
    .where('offer_id', 'in', offerIds)
    .orderBy('organisation_id')
    .execute();
}

export async function replaceVisibility(
  trx: Kysely<Database>,
  offerId: string,
  organisationIds: readonly string[],
): Promise<void> {
  await trx.deleteFrom('offer_visibility').where('offer_id', '=', offerId).execute();
  if (organisationIds.length === 0) return;
  await trx
    .insertInto('offer_visibility')
    .values(organisationIds.map((organisation_id) => ({ offer_id: offerId, organisation_id })))
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Plans

export interface CatalogFilter {
  regionId?: string | undefined;
  q?: string | undefined;
  /** Rows gone from the region are listed only when asked for. */
  includeDeleted?: boolean | undefined;
}

export function findPlan(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('plans')
    .selectAll()
    .where(platformOnly(scope))
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findPlanRow(db: Kysely<Database>, id: string) {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPlansById(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('plans')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findPlanByArmKey(db: Kysely<Database>, regionId: string, armKey: string) {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('arm_key', '=', armKey)
    .executeTakeFirst();
}

const PLAN_SORT = { name: 'plans.display_name', createdAt: 'plans.created_at' };

export async function listPlanRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: CatalogFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('plans').where(platformOnly(scope));
    if (filter.regionId) query = query.where('plans.region_id', '=', filter.regionId);
    if (!filter.includeDeleted) query = query.where('plans.region_deleted_at', 'is', null);
    if (filter.q) query = query.where(containsText('plans.display_name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, PLAN_SORT, 'plans.id'), {
    ...page,
    sortValue: (row) => (byName ? row.display_name : row.created_at),
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export function plansOfRegion(db: Kysely<Database>, regionId: string) {
  return db.selectFrom('plans').selectAll().where('region_id', '=', regionId).execute();
}

export async function insertPlan(trx: Kysely<Database>, row: PlanTable): Promise<void> {
  await trx.insertInto('plans').values(row).execute();
}

export async function updatePlanRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<PlanTable>,
): Promise<void> {
  await trx.updateTable('plans').set(changes).where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Quotas

export function findQuota(db: Kysely<Database>, scope: Scope, id: string) {
  return db
    .selectFrom('quotas')
    .selectAll()
    .where(platformOnly(scope))
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findQuotasById(db: Kysely<Database>, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('quotas')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
}

export function findQuotasByArmKey(db: Kysely<Database>, regionId: string, armKeys: readonly string[]) {
  if (armKeys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('quotas')
    .selectAll()
    .where('region_id', '=', regionId)
    .where('arm_key', 'in', [...armKeys])
    .execute();
}

export interface QuotaFilter extends CatalogFilter {
  provider?: string | undefined;
}

const QUOTA_SORT = { name: 'quotas.name', createdAt: 'quotas.created_at' };

export async function listQuotaRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: QuotaFilter,
  page: PageRequest,
) {
  const filtered = () => {
    let query = db.selectFrom('quotas').where(platformOnly(scope));
    if (filter.regionId) query = query.where('quotas.region_id', '=', filter.regionId);
    if (filter.provider) query = query.where('quotas.provider', '=', filter.provider);
    if (!filter.includeDeleted) query = query.where('quotas.region_deleted_at', 'is', null);
    if (filter.q) query = query.where(containsText('quotas.name', filter.q));
    return query;
  };
  const byName = page.sort.replace(/^-/, '') === 'name';
  const result = await paginate(filtered().selectAll(), parseSort(page.sort, QUOTA_SORT, 'quotas.id'), {
    ...page,
    sortValue: (row) => (byName ? row.name : row.created_at),
  });
  if (!page.includeTotal) return { items: result.items, nextCursor: result.nextCursor };
  const total = await filtered()
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return { items: result.items, nextCursor: result.nextCursor, total: toCount(total.n) };
}

export function quotasOfRegion(db: Kysely<Database>, regionId: string) {
  return db.selectFrom('quotas').selectAll().where('region_id', '=', regionId).execute();
}

export async function insertQuota(trx: Kysely<Database>, row: QuotaTable): Promise<void> {
  await trx.insertInto('quotas').values(row).execute();
}

export async function updateQuotaRow(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<QuotaTable>,
): Promise<void> {
  await trx.updateTable('quotas').set(changes).where('id', '=', id).execute();
}
