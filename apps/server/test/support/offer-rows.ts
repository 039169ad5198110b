import type { AppContext } from '../../src/context.ts';
import { newId } from '../../src/db/ids.ts';
import type { OfferTable, PlanTable } from '../../src/db/schema.ts';

/**
 * Plans and offers written straight into the tables, as a sync would have stored them, for tests
 * of what reads them (publishing, visibility, the security and bad-input suites). The sync and the
 * write through that normally write them are tested against the emulator in offers.test.ts.
 */

const NOW = '2024-03-01T00:00:00.000Z';

export async function insertPlanRow(
  app: AppContext,
  regionId: string,
  fields: Partial<PlanTable> = {},
): Promise<string> {
  const name = fields.name ?? `plan-${newId('pln').slice(-8)}`;
  const row: PlanTable = {
    id: newId('pln'),
    region_id: regionId,
    resource_group: 'cms-offers',
    name,
    arm_key: `cms-offers/${name}`.toLowerCase(),
    display_name: `Plan ${name}`,
    description: null,
    quota_ids: '[]',
    subscription_count: 0,
    synced_at: NOW,
    region_deleted_at: null,
    created_at: NOW,
    updated_at: NOW,
    ...fields,
  };
  await app.db.kysely.insertInto('plans').values(row).execute();
  return row.id;
}

/** An offer (with one base plan) published as given; its id. */
export async function insertOfferRow(
  app: AppContext,
  regionId: string,
  publishing: {
    publication?: OfferTable['publication'];
    visibility?: OfferTable['visibility'];
    visibleTo?: string[];
    name?: string;
  } = {},
): Promise<string> {
  const name = publishing.name ?? `offer-${newId('off').slice(-8)}`;
  const planId = await insertPlanRow(app, regionId);
  const row: OfferTable = {
    id: newId('off'),
    region_id: regionId,
    resource_group: 'cms-offers',
    name,
    arm_key: `cms-offers/${name}`.toLowerCase(),
    display_name: `Offer ${name}`,
    description: null,
    region_state: 'Private',
    publication: publishing.publication ?? 'public',
    visibility: publishing.visibility ?? (publishing.visibleTo ? 'chosen' : 'all'),
    max_subscriptions_per_account: 0,
    subscription_count: 0,
    synced_at: NOW,
    region_deleted_at: null,
    created_at: NOW,
    updated_at: NOW,
  };
  const db = app.db.kysely;
  await db.insertInto('offers').values(row).execute();
  await db
    .insertInto('offer_plans')
    .values({ offer_id: row.id, plan_id: planId, link_type: 'base', max_acquisition_count: null })
    .execute();
  for (const organisation_id of publishing.visibleTo ?? []) {
    await db.insertInto('offer_visibility').values({ offer_id: row.id, organisation_id }).execute();
  }
  return row.id;
}

export async function insertQuotaRow(app: AppContext, regionId: string): Promise<string> {
  const id = newId('quo');
  const name = `Quota ${id.slice(-6)}`;
  await app.db.kysely
    .insertInto('quotas')
    .values({
      id,
      region_id: regionId,
      provider: 'Microsoft.Compute.Admin',
      location: 'local',
      name,
      arm_key: `microsoft.compute.admin/local/${name}`.toLowerCase(),
      limits: JSON.stringify({ coresLimit: 10 }),
      synced_at: NOW,
      region_deleted_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
  return id;
}
