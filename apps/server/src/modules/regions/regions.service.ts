import type { Kysely } from 'kysely';
import { type AppContext, type RequestContext, type Scope, systemContext } from '../../context.ts';
import { decryptSecret, encryptSecret, MASKED_SECRET } from '../../crypto/secrets.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, IdentitySystem, RegionKind, RegionRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { countLiveSubscriptionsOnRegion } from '../subscriptions/subscriptions.service.ts';
import { regionUsageHealth } from '../usage/usage-reads.service.ts';
import {
  adminClientForRegion,
  type Discovered,
  discoverRegion,
  type RegionCredentials,
  testRegionConnection,
} from './region-connection.ts';
import { collectionHealth, removeCollectionSchedule, syncCollectionSchedule } from './region-schedule.ts';
import {
  allRegionsLocked,
  deleteRegionRow,
  findRegion,
  holdRegion,
  insertRegion,
  listRegionRows,
  lockRegion,
  type RegionFilter,
  regionHasPriceList,
  regionNames,
  regionNameTaken,
  regionsWithUsage,
  updateRegionRow,
} from './regions.repository.ts';
import { COLLECTION_WINDOW, DEFAULT_SCHEDULE } from './regions.schema.ts';

export interface RegionInput {
  kind: RegionKind;
  name: string;
  description?: string | null | undefined;
  timeZone: string;
  armEndpoint?: string | undefined;
  directoryTenant?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  providerSubscriptionId?: string | undefined;
  collectionWindowHours?: number | undefined;
  schedule?: string | undefined;
  enabled?: boolean | undefined;
}

export interface RegionPatch {
  name?: string | undefined;
  description?: string | null | undefined;
  timeZone?: string | undefined;
  armEndpoint?: string | undefined;
  directoryTenant?: string | null | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  providerSubscriptionId?: string | null | undefined;
  collectionWindowHours?: number | undefined;
  schedule?: string | undefined;
  enabled?: boolean | undefined;
}

/** Fields that only an Azure Stack Hub region has: an import source refuses each. */
const STAMP_FIELDS = [
  'armEndpoint',
  'directoryTenant',
  'clientId',
  'clientSecret',
  'providerSubscriptionId',
  'collectionWindowHours',
  'schedule',
  'enabled',
] as const;

const nameKey = (name: string) => name.toLowerCase();

// ---------------------------------------------------------------------------------------------
// Presentation

/** The API view. The client secret never leaves the server: only whether one is set. */
function present(row: RegionRow, hasUsage: boolean) {
  const stamp = row.kind === 'azure_stack';
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    description: row.description,
    armEndpoint: row.arm_endpoint,
    identitySystem: row.identity_system,
    directoryTenant: row.directory_tenant,
    clientId: row.client_id,
    clientSecretSet: row.client_secret !== null,
    providerSubscriptionId: row.provider_subscription_id,
    timeZone: row.time_zone,
    timeZoneLocked: hasUsage,
    collectionWindowHours: stamp ? row.collection_window_hours : null,
    schedule: row.schedule,
    enabled: stamp && row.enabled === 1,
    lastRunAt: row.last_run_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The audit form: the settings an operator changes, never the secret (whose change is recorded
 * as `clientSecretChanged`) and never the collector's own bookkeeping (runs, watermark).
 */
function auditView(row: RegionRow) {
  return {
    kind: row.kind,
    name: row.name,
    description: row.description,
    armEndpoint: row.arm_endpoint,
    identitySystem: row.identity_system,
    directoryTenant: row.directory_tenant,
    clientId: row.client_id,
    providerSubscriptionId: row.provider_subscription_id,
    timeZone: row.time_zone,
    collectionWindowHours: row.collection_window_hours,
    schedule: row.schedule,
    enabled: row.enabled === 1,
  };
}

async function hasUsage(db: Kysely<Database>, id: string): Promise<boolean> {
  return (await regionsWithUsage(db, [id])).has(id);
}

// ---------------------------------------------------------------------------------------------
// Reads

export async function isRegionVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findRegion(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

async function visibleRegion(ctx: RequestContext, id: string): Promise<RegionRow> {
  const row = await findRegion(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Region');
  return row;
}

export async function getRegion(ctx: RequestContext, id: string) {
  const row = await visibleRegion(ctx, id);
  return present(row, await hasUsage(ctx.app.db.kysely, id));
}

export async function listRegions(ctx: RequestContext, filter: RegionFilter, page: PageRequest) {
  const db = ctx.app.db.kysely;
  const result = await listRegionRows(db, ctx.actor.scope, filter, page);
  const used = await regionsWithUsage(
    db,
    result.items.map((r) => r.id),
  );
  return { ...result, items: result.items.map((row) => present(row, used.has(row.id))) };
}

// ---------------------------------------------------------------------------------------------
// Writes

function refuse(field: string, message: string): AppError {
  return AppError.invalidField(`body.${field}`, message, 'invalid_request');
}

function nameConflict(): AppError {
  return AppError.invalidField('body.name', 'A region with this name already exists.', 'conflict');
}

/** Runs a write of the region's row, answering 409 when another writer took the name since the check. */
async function claimingName(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict();
    throw error;
  }
}

/** The fields an import source refuses, and the fields a stamp cannot do without. */
function checkKindFields(input: RegionInput): void {
  if (input.kind === 'import') {
    for (const field of STAMP_FIELDS) {
      if (input[field] !== undefined) {
        throw refuse(
          field,
          'Only for Azure Stack Hub regions (kind azure_stack); an import source has no endpoint.',
        );
      }
    }
    return;
  }
  for (const field of ['armEndpoint', 'clientId', 'clientSecret'] as const) {
    if (input[field] === undefined) throw refuse(field, 'Required for an Azure Stack Hub region.');
  }
  if (input.clientSecret === MASKED_SECRET) {
    throw refuse('clientSecret', `"${MASKED_SECRET}" stands for a stored secret; enter the secret itself.`);
  }
}

export async function createRegion(ctx: RequestContext, input: RegionInput) {
  checkKindFields(input);
  // Asked before the transaction: no locks are held while the stamp answers.
  const discovered =
    input.kind === 'azure_stack'
      ? await discoverRegion(ctx.app, {
          armEndpoint: input.armEndpoint!,
          directoryTenant: input.directoryTenant ?? null,
          clientId: input.clientId!,
          clientSecret: input.clientSecret!,
          providerSubscriptionId: input.providerSubscriptionId ?? null,
        })
      : undefined;
  return transaction(ctx.app.db, async (trx) => {
    if (await regionNameTaken(trx, nameKey(input.name))) throw nameConflict();
    await ctx.app.pause('region.create');
    const now = nowIso(ctx.app.clock);
    const stamp = input.kind === 'azure_stack';
    const row: RegionRow = {
      id: newId('reg'),
      kind: input.kind,
      name: input.name,
      name_key: nameKey(input.name),
      description: input.description ?? null,
      arm_endpoint: input.armEndpoint ?? null,
      identity_system: discovered?.identitySystem ?? null,
      directory_tenant: input.directoryTenant ?? null,
      client_id: input.clientId ?? null,
      client_secret: stamp ? encryptSecret(ctx.app.encryptionKey, input.clientSecret!) : null,
      provider_subscription_id: discovered?.providerSubscriptionId ?? null,
      location: null,
      time_zone: input.timeZone,
      collection_window_hours: input.collectionWindowHours ?? COLLECTION_WINDOW.default,
      schedule: stamp ? (input.schedule ?? DEFAULT_SCHEDULE) : null,
      enabled: stamp && (input.enabled ?? true) ? 1 : 0,
      usage_watermark: null,
      last_run_at: null,
      last_success_at: null,
      last_error: null,
      last_error_at: null,
      created_at: now,
      updated_at: now,
    };
    await claimingName(() => insertRegion(trx, row));
    await syncCollectionSchedule(trx, ctx, row);
    await recordAudit(trx, ctx, {
      action: 'region.create',
      targetType: 'region',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: { ...auditView(row), clientSecretChanged: row.client_secret !== null },
    });
    return present(row, false);
  });
}

/** The connection a saved region would have after the patch (the secret decrypted when kept). */
function credentialsAfter(app: AppContext, row: RegionRow, patch: RegionPatch): RegionCredentials {
  const keepsSecret = patch.clientSecret === undefined || patch.clientSecret === MASKED_SECRET;
  let clientSecret = patch.clientSecret ?? '';
  if (keepsSecret) {
    if (row.client_secret === null) throw refuse('clientSecret', 'Required for an Azure Stack Hub region.');
    try {
      clientSecret = decryptSecret(app.encryptionKey, row.client_secret);
    } catch {
      throw refuse(
        'clientSecret',
        'The stored secret cannot be read (the encryption key changed); enter it again.',
      );
    }
  }
  const endpointChanged = patch.armEndpoint !== undefined && patch.armEndpoint !== row.arm_endpoint;
  return {
    armEndpoint: patch.armEndpoint ?? row.arm_endpoint!,
    directoryTenant: patch.directoryTenant === undefined ? row.directory_tenant : patch.directoryTenant,
    clientId: patch.clientId ?? row.client_id!,
    clientSecret,
    // Another stamp has another provider subscription: a new endpoint discovers it again unless given.
    providerSubscriptionId:
      patch.providerSubscriptionId !== undefined
        ? patch.providerSubscriptionId
        : endpointChanged
          ? null
          : row.provider_subscription_id,
  };
}

/** The columns the connection depends on: a concurrent save that changed them invalidates a discovery. */
const connectionOf = (row: RegionRow) =>
  JSON.stringify([
    row.arm_endpoint,
    row.directory_tenant,
    row.client_id,
    row.client_secret,
    row.provider_subscription_id,
  ]);

/** Whether the patch changes how the stamp is reached (then the stamp is asked again at save). */
function changesConnection(row: RegionRow, patch: RegionPatch): boolean {
  return (
    (patch.armEndpoint !== undefined && patch.armEndpoint !== row.arm_endpoint) ||
    (patch.directoryTenant !== undefined && patch.directoryTenant !== row.directory_tenant) ||
    (patch.clientId !== undefined && patch.clientId !== row.client_id) ||
    (patch.clientSecret !== undefined && patch.clientSecret !== MASKED_SECRET) ||
    (patch.providerSubscriptionId !== undefined &&
      patch.providerSubscriptionId !== row.provider_subscription_id) ||
    row.identity_system === null
  );
}

export async function updateRegion(ctx: RequestContext, id: string, patch: RegionPatch) {
  const before = await visibleRegion(ctx, id);
  if (before.kind === 'import') {
    for (const field of STAMP_FIELDS) {
      if (patch[field] !== undefined) {
        throw refuse(
          field,
          'Only for Azure Stack Hub regions (kind azure_stack); an import source has no endpoint.',
        );
      }
    }
  }
  let discovered: { credentials: RegionCredentials; found: Discovered } | undefined;
  if (before.kind === 'azure_stack' && changesConnection(before, patch)) {
    const credentials = credentialsAfter(ctx.app, before, patch);
    discovered = { credentials, found: await discoverRegion(ctx.app, credentials) };
  }
  return transaction(ctx.app.db, async (trx) => {
    const row = await lockRegion(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Region');
    if (discovered && connectionOf(row) !== connectionOf(before)) {
      throw new AppError('conflict', 'The region changed while its stamp was asked; reload and try again.');
    }
    if (patch.name !== undefined && nameKey(patch.name) !== row.name_key) {
      if (await regionNameTaken(trx, nameKey(patch.name), id)) throw nameConflict();
    }
    if (patch.timeZone !== undefined && patch.timeZone !== row.time_zone && (await hasUsage(trx, id))) {
      throw AppError.invalidField(
        'body.timeZone',
        `Locked: the region has usage, whose local days are in ${row.time_zone}.`,
        'invalid_request',
      );
    }
    await ctx.app.pause('region.update');
    const secretChanged = patch.clientSecret !== undefined && patch.clientSecret !== MASKED_SECRET;
    const next: RegionRow = {
      ...row,
      name: patch.name ?? row.name,
      name_key: nameKey(patch.name ?? row.name),
      description: patch.description === undefined ? row.description : patch.description,
      time_zone: patch.timeZone ?? row.time_zone,
      arm_endpoint: patch.armEndpoint ?? row.arm_endpoint,
      directory_tenant: patch.directoryTenant === undefined ? row.directory_tenant : patch.directoryTenant,
      client_id: patch.clientId ?? row.client_id,
      client_secret: secretChanged
        ? encryptSecret(ctx.app.encryptionKey, patch.clientSecret!)
        : row.client_secret,
      identity_system: discovered?.found.identitySystem ?? row.identity_system,
      provider_subscription_id: discovered?.found.providerSubscriptionId ?? row.provider_subscription_id,
      collection_window_hours: patch.collectionWindowHours ?? row.collection_window_hours,
      schedule: patch.schedule ?? row.schedule,
      enabled: patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0,
      updated_at: nowIso(ctx.app.clock),
    };
    // The collector's bookkeeping stays out: a run may record its outcome meanwhile.
    const {
      id: _id,
      kind: _k,
      location: _l,
      usage_watermark: _w,
      last_run_at: _r,
      last_success_at: _s,
      last_error: _e,
      last_error_at: _ea,
      created_at: _c,
      ...changes
    } = next;
    await claimingName(() => updateRegionRow(trx, id, changes));
    await syncCollectionSchedule(trx, ctx, next);
    const diff = changedFields(auditView(row), auditView(next));
    if (secretChanged) diff.after.clientSecretChanged = true;
    await recordAudit(trx, ctx, {
      action: 'region.update',
      targetType: 'region',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...diff,
    });
    return present(next, await hasUsage(trx, id));
  });
}

export async function deleteRegion(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockRegion(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Region');
    if (await hasUsage(trx, id)) {
      throw new AppError(
        'has_dependents',
        'This region has usage and cannot be deleted: its usage is billed and must stay traceable to it. Disable it instead.',
      );
    }
    if (await regionHasPriceList(trx, id)) {
      throw new AppError(
        'has_dependents',
        'This region has a price list; delete the price list first (or keep the region).',
      );
    }
    const subscriptions = await countLiveSubscriptionsOnRegion(trx, id);
    if (subscriptions > 0) {
      throw new AppError(
        'has_dependents',
        `This region has ${subscriptions} subscription(s); delete them or place them on another region first.`,
      );
    }
    await ctx.app.pause('region.delete');
    await removeCollectionSchedule(trx, id);
    await deleteRegionRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'region.delete',
      targetType: 'region',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Connection test and health

/** Tests a saved region's connection as saved (nothing is written). */
export async function testSavedConnection(ctx: RequestContext, id: string) {
  const row = await visibleRegion(ctx, id);
  if (row.kind !== 'azure_stack') {
    throw new AppError('invalid_request', 'An import source has no connection to test.');
  }
  let credentials: RegionCredentials;
  try {
    credentials = regionConnection(ctx.app, row);
  } catch {
    throw new AppError(
      'invalid_request',
      'The stored client secret cannot be read (the encryption key changed); enter it again.',
    );
  }
  return testRegionConnection(ctx.app, credentials);
}

/** Tests the connection of a form that has not been saved (the create body; nothing is written). */
export async function testDraftConnection(ctx: RequestContext, input: RegionInput) {
  checkKindFields(input);
  return testRegionConnection(ctx.app, {
    armEndpoint: input.armEndpoint!,
    directoryTenant: input.directoryTenant ?? null,
    clientId: input.clientId!,
    clientSecret: input.clientSecret!,
    providerSubscriptionId: input.providerSubscriptionId ?? null,
  });
}

export async function regionHealth(ctx: RequestContext, id: string) {
  const row = await visibleRegion(ctx, id);
  const [collection, usage] = await Promise.all([
    collectionHealth(ctx, id),
    regionUsageHealth(ctx.app, row.id),
  ]);
  return {
    regionId: row.id,
    kind: row.kind,
    enabled: row.kind === 'azure_stack' && row.enabled === 1,
    lastRunAt: row.last_run_at,
    lastSuccessAt: row.last_success_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    ...collection,
    usage,
  };
}

// ---------------------------------------------------------------------------------------------
// For other modules

/** A client for a region's admin API (plans, offers, quotas, provisioning): see region-connection.ts. */
export { adminClientForRegion };

/**
 * How the collector reaches a region's stamp: the saved connection with its secret decrypted.
 * Throws when the secret cannot be decrypted (the encryption key changed) or the region is an
 * import source. Never log or return the result.
 */
export function regionConnection(
  app: AppContext,
  row: RegionRow,
): RegionCredentials & { identitySystem: IdentitySystem | null } {
  if (row.kind !== 'azure_stack' || row.client_secret === null) {
    throw new Error(`Region ${row.id} is not an Azure Stack Hub region with credentials`);
  }
  return {
    armEndpoint: row.arm_endpoint!,
    directoryTenant: row.directory_tenant,
    clientId: row.client_id!,
    clientSecret: decryptSecret(app.encryptionKey, row.client_secret),
    providerSubscriptionId: row.provider_subscription_id,
    identitySystem: row.identity_system,
  };
}

/**
 * The region a subscription is placed on, share-locked until the commit so it is not deleted
 * meanwhile; undefined when it does not exist or the caller may not see it.
 */
/**
 * At boot: every region has the schedules its current settings call for. A region saved by an
 * earlier version lacks the ones added since (the offers sync); upsertSchedule keeps the next run
 * of a schedule that is already right, so this changes nothing on an up-to-date database.
 */
export async function ensureRegionSchedules(app: AppContext): Promise<void> {
  const ctx = systemContext(app, 'bootstrap');
  await transaction(app.db, async (trx) => {
    for (const row of await allRegionsLocked(trx)) await syncCollectionSchedule(trx, ctx, row);
  });
}

export function holdRegionForSubscription(trx: Kysely<Database>, scope: Scope, id: string) {
  return holdRegion(trx, scope, id);
}

/** Names of regions by id, for resources that show their region (no scope: the id is already theirs). */
export function regionNamesById(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  return regionNames(db, ids);
}
