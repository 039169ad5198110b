import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import { toCount } from '../../db/database.ts';
import type { Database, SubscriptionPlanTable, SubscriptionRow } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

/**
 * Provisioning on a region: the state changes of a subscription are conditional on the state the
 * writer read (`provisioning` → `provisioned` | `failed`), so a request finishing its own create
 * and the reconciler finishing the same row cannot both win.
 */

/** The live subscription holding this link key, in the caller's scope (a retried create finds its row). */
export function findByLinkKey(db: Kysely<Database>, scope: Scope, linkKey: string) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .$call(scopeWhere(scope))
    .where('azs_link_key', '=', linkKey)
    .where('deleted_at', 'is', null)
    .$call(forUpdate(db))
    .executeTakeFirst();
}

/**
 * Moves a row out of `provisioning` (to `provisioned`, or to `failed` with its deletion); true when
 * this writer made the move, false when someone else already had.
 */
export async function leaveProvisioning(
  trx: Kysely<Database>,
  id: string,
  changes: Partial<SubscriptionRow>,
): Promise<boolean> {
  const result = await trx
    .updateTable('subscriptions')
    .set(changes)
    .where('id', '=', id)
    .where('provisioning_state', '=', 'provisioning')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A subscription by id whatever its scope (the reconciler, a system job). */
export function findSubscriptionForSystem(db: Kysely<Database>, id: string) {
  return db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Rows still `provisioning` since before `startedBefore` (what the reconciler settles), oldest first. */
export function staleProvisioningRows(db: Kysely<Database>, startedBefore: string, limit: number) {
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('provisioning_state', '=', 'provisioning')
    .where('provisioning_started_at', '<', startedBefore)
    .orderBy('provisioning_started_at')
    .limit(limit)
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Acquired add-on plans (subscription_plans). Scoped through their subscription, which the
// service has already found in the caller's scope.

export type SubscriptionPlanRow = SubscriptionPlanTable;

/** The acquisitions of a subscription that are not removed, oldest first. */
export function listAcquisitions(db: Kysely<Database>, subscriptionId: string) {
  return db
    .selectFrom('subscription_plans')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('removed_at', 'is', null)
    .orderBy('acquired_at')
    .orderBy('acquisition_id')
    .execute();
}

export async function countAcquisitions(
  db: Kysely<Database>,
  subscriptionId: string,
  planId: string,
): Promise<number> {
  const row = await db
    .selectFrom('subscription_plans')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('subscription_id', '=', subscriptionId)
    .where('plan_id', '=', planId)
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toCount(row.n);
}

export function findAcquisition(db: Kysely<Database>, subscriptionId: string, acquisitionId: string) {
  return db
    .selectFrom('subscription_plans')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .where('acquisition_id', '=', acquisitionId)
    .where('removed_at', 'is', null)
    .$call(forUpdate(db))
    .executeTakeFirst();
}

export async function insertAcquisition(trx: Kysely<Database>, row: SubscriptionPlanRow): Promise<void> {
  await trx.insertInto('subscription_plans').values(row).execute();
}

/** Conditional on the state read: true when this writer made the change. */
export async function updateAcquisition(
  trx: Kysely<Database>,
  key: { subscriptionId: string; acquisitionId: string; state: SubscriptionPlanRow['state'] },
  changes: Partial<SubscriptionPlanRow>,
): Promise<boolean> {
  const result = await trx
    .updateTable('subscription_plans')
    .set(changes)
    .where('subscription_id', '=', key.subscriptionId)
    .where('acquisition_id', '=', key.acquisitionId)
    .where('state', '=', key.state)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Acquisitions still `provisioning` since before `acquiredBefore` (the reconciler's). */
export function staleAcquisitions(db: Kysely<Database>, acquiredBefore: string, limit: number) {
  return db
    .selectFrom('subscription_plans')
    .selectAll()
    .where('state', '=', 'provisioning')
    .where('removed_at', 'is', null)
    .where('acquired_at', '<', acquiredBefore)
    .orderBy('acquired_at')
    .limit(limit)
    .execute();
}
