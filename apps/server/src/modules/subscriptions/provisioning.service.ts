import { createHmac, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type AnyContext,
  type AppContext,
  type RequestContext,
  type SystemContext,
  systemContext,
} from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database, SubscriptionRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import {
  type AdminSubscription,
  AzureStackError,
  type AzureStackErrorKind,
} from '../../integrations/azure-stack/index.ts';
import { chainOf, holdOrganisation } from '../../tenancy/chain.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isTenantId, lookUpEntraDomain } from '../identity-providers/entra-directory.ts';
import { registerJobType, upsertSchedule } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { addonPlanOfOffer, offerForNewSubscription } from '../offers/offers.service.ts';
import { findOrganisationInScope } from '../organisations/organisations.service.ts';
import { regionBasics } from '../regions/platform-subscriptions.service.ts';
import { adminClientForRegion, holdRegionForSubscription } from '../regions/regions.service.ts';
import {
  countAcquisitions,
  findAcquisition,
  findByLinkKey,
  findSubscriptionForSystem,
  insertAcquisition,
  leaveProvisioning,
  listAcquisitions,
  type SubscriptionPlanRow,
  staleAcquisitions,
  staleProvisioningRows,
  updateAcquisition,
} from './provisioning.repository.ts';
import { PLATFORM_SCOPE } from './subscription-links.service.ts';
import {
  findSubscription,
  insertSubscription,
  lockSubscription,
  updateSubscriptionRow,
} from './subscriptions.repository.ts';
import {
  createSubscription,
  presentSubscription,
  subscriptionAuditView,
  updateSubscription,
} from './subscriptions.service.ts';

const HOUR_MS = 3_600_000;

/**
 * Subscriptions the CMS provisions on their region (product.md §4, issue 12), and their lifecycle
 * there. ARCHITECTURE.md "Provisioning" tells the whole story; in short:
 *
 * - **Id first, record first.** The Azure Stack subscription id is chosen before anything else and
 *   a `provisioning` row holding it (its link key, unique) is committed before the region is asked.
 *   With an Idempotency-Key the id is derived from (caller, key), so a retry of a create whose
 *   outcome was unknown computes the same id, finds its row and resumes it: the region's PUT is
 *   create-or-update, so the region never holds two.
 * - **Outcome unknown** (unreachable, timeout, 5xx, dropped connection): the row stays
 *   `provisioning` and the caller gets 503 `region_unavailable` naming the subscription. The
 *   reconciler (`subscriptions.reconcile`, every few minutes and at worker start) settles rows
 *   older than the grace period by asking the region: present → **finished** (`provisioned`),
 *   absent → `failed`. Finishing rather than undoing: the caller was never told it failed, only
 *   that it was not known yet; the row was listed as `provisioning` all along; and the subscription
 *   on the region may already be in its owner's hands (undoing would delete what they see).
 * - **Refused** (the stamp answered 4xx: offer not found, owner invalid, credentials refused):
 *   nothing exists on the region; the row is marked `failed` and deleted (never listed, its link
 *   released) and the caller gets 422 naming the field, or 503 for the region's credentials.
 * - **Lifecycle**: the region first, then the database; a region failure changes nothing in the
 *   CMS. Suspend = Disabled, resume = Enabled, cancel = Disabled + cancelled, deletion on the region
 *   only after the subscription's name is typed back; the CMS record always stays.
 */

/** How long a `provisioning` row is left to its own request before the reconciler settles it. */
export const PROVISIONING_GRACE_MS = 10 * 60_000;
export const RECONCILE_JOB = 'subscriptions.reconcile';

/** Kinds after which the region certainly did not carry out a write: it refused, or was never asked. */
const NOT_DONE: ReadonlySet<AzureStackErrorKind> = new Set([
  'bad-request',
  'not-found',
  'not-direct-tenant',
  'forbidden',
  'unauthorized',
  'token-audience',
  'token-refused',
  'invalid-client',
  'invalid-tenant',
  'invalid-resource',
  'tls',
  'provider-subscription-unknown',
]);
/** Of those, the ones where the stamp refused the request itself (not the CMS's credentials). */
const REFUSED: ReadonlySet<AzureStackErrorKind> = new Set(['bad-request', 'not-found']);

/** The stamp's refusal of a subscription, as the field of the request it concerns. */
function refusalField(error: AzureStackError): string {
  const text = `${error.code ?? ''} ${error.message}`.toLowerCase();
  if (text.includes('offer')) return 'body.offerId';
  if (text.includes('owner')) return 'body.initialOwner';
  if (text.includes('tenant') || text.includes('directory')) return 'body.directoryId';
  return 'body.offerId';
}

function regionUnavailable(detail: string, error: unknown): AppError {
  const why = error instanceof AzureStackError ? ` (${error.message})` : '';
  return new AppError('region_unavailable', `${detail}${why}`.slice(0, 1000));
}

/**
 * The Azure Stack subscription id of a new subscription: random, or with an Idempotency-Key the
 * same for every retry of the same caller's key (HMAC with the app's key, so nobody can predict
 * another caller's ids).
 */
export function newAzsSubscriptionId(ctx: RequestContext, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  const bytes = createHmac('sha256', ctx.app.encryptionKey)
    .update(`subscription\n${ctx.actor.userId}\n${idempotencyKey}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4 layout (random-looking to everyone else)
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A transaction: the app's own, or a job's fenced one (the reconciler writes nothing once it lost its job). */
type Write = <T>(work: (trx: Kysely<Database>) => Promise<T>) => Promise<T>;
const own =
  (app: AppContext): Write =>
  (work) =>
    transaction(app.db, work);

/** The region's admin client; a region the CMS cannot use (no credentials, an import source) is 503. */
async function client(app: AppContext, regionId: string) {
  try {
    return await adminClientForRegion(app, regionId);
  } catch (error) {
    if (error instanceof AppError) {
      throw new AppError('region_unavailable', `The CMS cannot use the region: ${error.message}`);
    }
    throw error;
  }
}

export interface ProvisionInput {
  tenantId?: string | undefined;
  name: string;
  directoryId?: string | null | undefined;
  initialOwner?: string | null | undefined;
  offerId: string;
  /** The request's Idempotency-Key, when it has one (the id of the subscription follows it). */
  idempotencyKey?: string | undefined;
}

interface Started {
  row: SubscriptionRow;
  offerArmId: string;
  /** A retry that found the row an earlier attempt left (the region may already have it). */
  resumed: boolean;
}

/**
 * The directory as the region takes it: its tenant id. The stamp records a subscription's
 * directory as a GUID (azure-stack-hub-api.md §6.1 `tenantId`) and reports it so, so a domain
 * (given, or recorded on the tenant) is resolved first through Microsoft Entra's discovery for
 * that domain (the look-up sign-in mappings use): 422 on `body.directoryId` when no directory has
 * it, 503 when Entra cannot be reached; nothing is written before. Undefined when there is none.
 */
async function directoryForRegion(
  ctx: RequestContext,
  input: ProvisionInput,
  tenantId: string,
): Promise<{ typed: string; tenantId: string } | undefined> {
  let typed = input.directoryId ?? undefined;
  if (!typed) {
    const tenant = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, tenantId, 'tenant');
    typed = tenant?.directory_id ?? undefined;
  }
  if (!typed) return undefined;
  if (isTenantId(typed)) return { typed, tenantId: typed };
  const found = await lookUpEntraDomain(ctx.app.config.entraAuthority, typed, 'body.directoryId');
  return { typed, tenantId: found.tenantId };
}

/** Creates a subscription from an offer and provisions it on the offer's region. */
export async function provisionSubscription(ctx: RequestContext, input: ProvisionInput) {
  const scope = ctx.actor.scope;
  const tenantId = input.tenantId ?? (scope.level === 'tenant' ? scope.orgId : undefined);
  if (!tenantId) throw AppError.invalidField('body.tenantId', 'Required: choose the tenant.');
  const azsId = newAzsSubscriptionId(ctx, input.idempotencyKey);
  // Resolved before the transaction: a network look-up holds no lock.
  const resolved = await directoryForRegion(ctx, input, tenantId);
  const started: Started = await transaction(ctx.app.db, async (trx) => {
    const tenant = await holdOrganisation(trx, scope, tenantId, 'tenant');
    if (!tenant) throw AppError.invalidField('body.tenantId', 'No such tenant.', 'not_found');
    const offer = await offerForNewSubscription(trx, ctx, input.offerId, tenant.id);
    if (!input.initialOwner) {
      throw AppError.invalidField(
        'body.initialOwner',
        'Required to provision the subscription on its region: the UPN or e-mail of its owner.',
        'invalid_request',
      );
    }
    const typed = input.directoryId ?? tenant.directory_id;
    if (!typed) {
      throw AppError.invalidField(
        'body.directoryId',
        'Required: the tenant has no Microsoft Entra directory recorded, so name the one for this subscription.',
        'invalid_request',
      );
    }
    if (resolved?.typed !== typed) {
      // The tenant's directory was changed while it was being looked up.
      throw new AppError('conflict', "The tenant's directory changed meanwhile; try again.");
    }
    const directory = resolved.tenantId;
    // The region stays while the row that points at it is written (a delete waits).
    await holdRegionForSubscription(trx, PLATFORM_SCOPE, offer.regionId);
    const linkKey = `${offer.regionId}:${azsId}`;
    const existing = await findByLinkKey(trx, scope, linkKey);
    if (existing) {
      // A retry of a create (same caller, same Idempotency-Key) whose first attempt left its row.
      if (
        existing.name !== input.name ||
        existing.tenant_id !== tenant.id ||
        existing.offer_id !== offer.id
      ) {
        throw new AppError(
          'idempotency_conflict',
          'This Idempotency-Key was already used for a different subscription.',
          [{ field: 'header.idempotency-key', message: 'Already used for a different request.' }],
        );
      }
      return { row: existing, offerArmId: offer.armId, resumed: true };
    }
    await ctx.app.pause('subscription.provision');
    const chain = chainOf(tenant);
    const now = nowIso(ctx.app.clock);
    const row: SubscriptionRow = {
      id: newId('sub'),
      tenant_id: tenant.id,
      partner_id: chain.partner_id!,
      distributor_id: chain.distributor_id!,
      name: input.name,
      status: 'active',
      directory_id: directory,
      initial_owner: input.initialOwner,
      created_at: now,
      updated_at: now,
      deleted_at: null,
      region_id: offer.regionId,
      azs_subscription_id: azsId,
      azs_link_key: linkKey,
      // The CMS made it: all its usage is billable, the hour it was created in included (usage
      // comes in whole UTC hours, the first one starting before the creation instant).
      billable_from: new Date(Math.floor(Date.parse(now) / HOUR_MS) * HOUR_MS).toISOString(),
      origin: 'manual',
      offer_id: offer.id,
      provisioning_state: 'provisioning',
      provisioning_error: null,
      provisioning_started_at: now,
      region_state: null,
      region_deleted_at: null,
    };
    await insertSubscription(trx, row);
    await scheduleReconciler(trx, ctx);
    await recordAudit(trx, ctx, {
      action: 'subscription.create',
      targetType: 'subscription',
      targetId: row.id,
      orgId: tenant.id,
      after: subscriptionAuditView(row),
    });
    return { row, offerArmId: offer.armId, resumed: false };
  });
  const { row } = started;
  if (row.provisioning_state === 'provisioned') return presentSubscription(ctx.app.db.kysely, row);
  let azs: Awaited<ReturnType<typeof client>>;
  try {
    azs = await client(ctx.app, row.region_id!);
  } catch (error) {
    // Nothing was sent by this attempt; an earlier one (resumed) may have reached the region.
    if (!started.resumed) await settleFailed(ctx, row, error instanceof Error ? error.message : 'No client.');
    throw error;
  }
  let answer: AdminSubscription;
  try {
    answer = await azs.putAdminSubscription({
      subscriptionId: azsId,
      displayName: row.name,
      owner: row.initial_owner!,
      tenantId: row.directory_id!,
      offerId: started.offerArmId,
      state: 'Enabled',
      externalReferenceId: row.id,
    });
  } catch (error) {
    if (error instanceof AzureStackError && NOT_DONE.has(error.kind)) {
      await settleFailed(ctx, row, error.message);
      if (REFUSED.has(error.kind)) {
        throw AppError.invalidField(
          refusalField(error),
          `The region refused it: ${error.message}`,
          'invalid_request',
        );
      }
      throw regionUnavailable('The region refused the CMS; nothing was created on it.', error);
    }
    throw regionUnavailable(
      `The region did not confirm subscription ${row.id}. It stays "provisioning" and is finished (or marked failed) once the region answers; retrying with the same Idempotency-Key resumes it.`,
      error,
    );
  }
  const settled = await settleProvisioned(ctx, row, answer);
  if (settled.provisioning_state !== 'provisioned') {
    // The reconciler gave up on it while the region was still working: take it off the region again.
    await removeFromRegion(ctx.app, settled);
    throw regionUnavailable(
      `Subscription ${row.id} could not be provisioned; nothing is left on the region.`,
      null,
    );
  }
  return presentSubscription(ctx.app.db.kysely, settled);
}

/** `provisioning` → `provisioned` with the region's state; the row as it is afterwards. */
async function settleProvisioned(
  ctx: RequestContext | SystemContext,
  row: SubscriptionRow,
  answer: AdminSubscription,
  write: Write = own(ctx.app),
): Promise<SubscriptionRow> {
  return write(async (trx) => {
    const now = nowIso(ctx.app.clock);
    const changes: Partial<SubscriptionRow> = {
      provisioning_state: 'provisioned',
      provisioning_error: null,
      region_state: answer.state ?? 'Enabled',
      updated_at: now,
    };
    if (await leaveProvisioning(trx, row.id, changes)) {
      await recordAudit(trx, ctx, {
        action: 'subscription.provisioned',
        targetType: 'subscription',
        targetId: row.id,
        orgId: row.tenant_id,
        after: { azs_subscription_id: row.azs_subscription_id, region_state: changes.region_state },
      });
      return { ...row, ...changes };
    }
    return (await findSubscriptionForSystem(trx, row.id))!;
  });
}

/** `provisioning` → `failed`: deleted (never listed), its link released; nothing is on the region. */
async function settleFailed(
  ctx: AnyContext,
  row: SubscriptionRow,
  reason: string,
  write: Write = own(ctx.app),
): Promise<boolean> {
  return write(async (trx) => {
    const now = nowIso(ctx.app.clock);
    const changes: Partial<SubscriptionRow> = {
      provisioning_state: 'failed',
      provisioning_error: reason.slice(0, 1000),
      deleted_at: now,
      updated_at: now,
      azs_link_key: null,
    };
    if (!(await leaveProvisioning(trx, row.id, changes))) return false;
    await recordAudit(trx, ctx, {
      action: 'subscription.provisionFailed',
      targetType: 'subscription',
      targetId: row.id,
      orgId: row.tenant_id,
      after: { provisioning_error: changes.provisioning_error },
    });
    return true;
  });
}

async function removeFromRegion(app: AppContext, row: SubscriptionRow): Promise<void> {
  await (await client(app, row.region_id!)).deleteAdminSubscription(row.azs_subscription_id!);
}

// ---------------------------------------------------------------------------------------------
// The reconciler

export interface ReconcileOutcome {
  finished: string[];
  failed: string[];
  unsettled: string[];
  acquisitions: { finished: number; removed: number; unsettled: number };
}

/**
 * Settles what requests left half-done on the regions: subscriptions still `provisioning` and
 * acquisitions of add-on plans still `provisioning`, older than the grace period. The region is
 * asked; what it has is finished, what it lacks is failed (removed). A region that does not answer
 * leaves its rows for the next run. `write` is the job's fenced transaction.
 */
export async function reconcileProvisioning(
  ctx: SystemContext,
  options: { write?: Write; signal?: AbortSignal; limit?: number } = {},
): Promise<ReconcileOutcome> {
  const write = options.write ?? own(ctx.app);
  const before = new Date(ctx.app.clock() - PROVISIONING_GRACE_MS).toISOString();
  const limit = options.limit ?? 200;
  const outcome: ReconcileOutcome = {
    finished: [],
    failed: [],
    unsettled: [],
    acquisitions: { finished: 0, removed: 0, unsettled: 0 },
  };
  for (const row of await staleProvisioningRows(ctx.app.db.kysely, before, limit)) {
    options.signal?.throwIfAborted();
    let found: AdminSubscription | null;
    try {
      found = await (await client(ctx.app, row.region_id!)).getAdminSubscription(row.azs_subscription_id!);
    } catch {
      outcome.unsettled.push(row.id);
      continue;
    }
    if (found) {
      const settled = await settleProvisioned(ctx, row, found, write);
      if (settled.provisioning_state === 'provisioned') outcome.finished.push(row.id);
    } else if (
      await settleFailed(ctx, row, 'The region never created it (settled by the reconciler).', write)
    ) {
      outcome.failed.push(row.id);
    }
  }
  for (const acquisition of await staleAcquisitions(ctx.app.db.kysely, before, limit)) {
    options.signal?.throwIfAborted();
    const subscription = await findSubscriptionForSystem(ctx.app.db.kysely, acquisition.subscription_id);
    if (!subscription?.region_id || !subscription.azs_subscription_id) continue;
    let present: boolean;
    try {
      const plans = await (await client(ctx.app, subscription.region_id)).listAcquiredPlans(
        subscription.azs_subscription_id,
      );
      present = plans.some((p) => p.acquisitionId.toLowerCase() === acquisition.acquisition_id);
    } catch {
      outcome.acquisitions.unsettled += 1;
      continue;
    }
    const done = await settleAcquisition(ctx, subscription, acquisition, present, write);
    if (done) outcome.acquisitions[present ? 'finished' : 'removed'] += 1;
  }
  return outcome;
}

// ---------------------------------------------------------------------------------------------
// The routes' entry points: one path for every change of status

type CreateInput = Parameters<typeof createSubscription>[1] &
  Omit<ProvisionInput, 'offerId'> & {
    offerId?: string | undefined;
  };

/** POST /subscriptions: from an offer, provisioned on its region; without one, a CMS record only. */
export function createAnySubscription(ctx: RequestContext, input: CreateInput) {
  const { offerId, idempotencyKey, ...rest } = input;
  if (offerId === undefined) return createSubscription(ctx, rest);
  if (input.regionId !== undefined || input.azsSubscriptionId !== undefined) {
    throw AppError.invalidField(
      input.regionId !== undefined ? 'body.regionId' : 'body.azsSubscriptionId',
      "Not with an offer: the subscription is created on the offer's region, under an id the CMS chooses.",
      'invalid_request',
    );
  }
  return provisionSubscription(ctx, { ...rest, offerId, idempotencyKey });
}

type PatchInput = Parameters<typeof updateSubscription>[2] & {
  status?: SubscriptionRow['status'] | undefined;
};

/**
 * PATCH /subscriptions/{id}: a change of `status` goes through the same lifecycle as the
 * suspension and cancellation routes (the region first), the other fields through the update.
 */
export async function patchSubscription(ctx: RequestContext, id: string, patch: PatchInput) {
  const { status, ...rest } = patch;
  let result: Awaited<ReturnType<typeof changeLifecycle>> | undefined;
  if (status !== undefined) {
    const row = await visibleRow(ctx, id);
    if (status !== row.status) {
      const action: LifecycleAction =
        status === 'suspended' ? 'suspend' : status === 'cancelled' ? 'cancel' : 'resume';
      result = await changeLifecycle(ctx, id, action);
    }
  }
  const more = Object.values(rest).some((value) => value !== undefined);
  return more || result === undefined ? updateSubscription(ctx, id, rest) : result;
}

// ---------------------------------------------------------------------------------------------
// Lifecycle on the region

export type LifecycleAction = 'suspend' | 'resume' | 'cancel';

const TRANSITIONS: Record<
  LifecycleAction,
  { from: SubscriptionRow['status'][]; to: SubscriptionRow['status']; regionState: 'Enabled' | 'Disabled' }
> = {
  suspend: { from: ['active'], to: 'suspended', regionState: 'Disabled' },
  resume: { from: ['suspended'], to: 'active', regionState: 'Enabled' },
  cancel: { from: ['active', 'suspended'], to: 'cancelled', regionState: 'Disabled' },
};

/**
 * Whether the subscription lives on an Azure Stack Hub region the CMS can write to (provisioned,
 * linked or auto-created there, not deleted there). Subscriptions from before regions, or on an
 * import source, change in the CMS only.
 */
async function onRegion(app: AppContext, row: SubscriptionRow): Promise<boolean> {
  if (row.provisioning_state === 'provisioning') {
    throw new AppError(
      'conflict',
      'The subscription is still being provisioned on its region; try again once it is provisioned.',
    );
  }
  if (row.region_id === null || row.azs_subscription_id === null || row.region_deleted_at !== null)
    return false;
  const region = await regionBasics(app, row.region_id);
  return region?.kind === 'azure_stack';
}

/** Reads the subscription (in scope) outside any transaction, for the region call. */
async function visibleRow(ctx: RequestContext, id: string): Promise<SubscriptionRow> {
  const row = await findSubscription(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Subscription');
  return row;
}

/** Sets the subscription's state on its region (GET for what a PUT must repeat, then PUT). */
async function setRegionState(app: AppContext, row: SubscriptionRow, state: 'Enabled' | 'Disabled') {
  try {
    const azs = await client(app, row.region_id!);
    const current = await azs.getAdminSubscription(row.azs_subscription_id!);
    if (!current) {
      throw new AppError('conflict', 'The region no longer has this subscription; nothing was changed.');
    }
    return await azs.putAdminSubscription({
      subscriptionId: row.azs_subscription_id!,
      displayName: current.displayName ?? row.name,
      owner: current.owner ?? row.initial_owner ?? '',
      tenantId: current.tenantId ?? row.directory_id ?? '',
      offerId: current.offerId ?? '',
      state,
      ...(current.externalReferenceId ? { externalReferenceId: current.externalReferenceId } : {}),
    });
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw regionUnavailable('The region did not take the change; nothing was changed in the CMS.', error);
  }
}

/** The state on its region that a subscription's status calls for. */
function regionStateFor(status: SubscriptionRow['status']): 'Enabled' | 'Disabled' {
  return status === 'active' ? 'Enabled' : 'Disabled';
}

/**
 * Suspend, resume or cancel: the region first (Disabled/Enabled), then the CMS record.
 *
 * The region call is made outside a transaction (SQLite would hold its one write lock through an
 * HTTP call), so two changes of one subscription can cross: each writes the region, then each
 * commits. The record is re-read under its lock before the commit; if another change committed
 * since it was read, this one writes nothing, puts the region back to the state the committed
 * record calls for (its own region write may have landed last) and is refused with a conflict.
 */
export async function changeLifecycle(ctx: RequestContext, id: string, action: LifecycleAction) {
  const rule = TRANSITIONS[action];
  const row = await visibleRow(ctx, id);
  if (!rule.from.includes(row.status)) {
    throw new AppError('conflict', `A ${row.status} subscription cannot be ${past(action)}.`);
  }
  const answer = (await onRegion(ctx.app, row)) ? await setRegionState(ctx.app, row, rule.regionState) : null;
  await ctx.app.pause('subscription.lifecycle');
  const outcome = await transaction(ctx.app.db, async (trx) => {
    const current = await lockSubscription(trx, ctx.actor.scope, id);
    if (!current) throw AppError.notFound('Subscription');
    if (current.updated_at !== row.updated_at) return { crossed: current };
    const now = nowIso(ctx.app.clock);
    const changes: Partial<SubscriptionRow> = { status: rule.to, updated_at: now };
    if (answer) changes.region_state = answer.state ?? rule.regionState;
    await updateSubscriptionRow(trx, id, changes);
    await recordAudit(trx, ctx, {
      action: `subscription.${action}`,
      targetType: 'subscription',
      targetId: id,
      orgId: current.tenant_id,
      before: { status: current.status, region_state: current.region_state },
      after: { status: rule.to, region_state: changes.region_state ?? current.region_state },
    });
    return { presented: await presentSubscription(trx, { ...current, ...changes }) };
  });
  const { crossed, presented } = outcome;
  if (crossed === undefined) return presented;
  if (answer && crossed.region_deleted_at === null) {
    await setRegionState(ctx.app, crossed, regionStateFor(crossed.status));
  }
  throw new AppError(
    'conflict',
    `The subscription changed while its region was being updated (it is now ${crossed.status}); nothing of this request was kept. Reload it and try again.`,
  );
}

function past(action: LifecycleAction): string {
  return action === 'suspend' ? 'suspended' : action === 'resume' ? 'resumed' : 'cancelled';
}

/**
 * Deletes the subscription on its region, which destroys the customer's resources there: only when
 * `confirm` repeats its name exactly. The CMS record stays (cancelled, `regionDeletedAt` set) for
 * billing history; usage the region still reports for before the deletion is billed.
 */
export async function deleteOnRegion(ctx: RequestContext, id: string, confirm: string) {
  const row = await visibleRow(ctx, id);
  if (confirm !== row.name) {
    throw AppError.invalidField(
      'body.confirm',
      "Type the subscription's name exactly to confirm deleting it and its resources on the region.",
      'invalid_request',
    );
  }
  if (row.region_deleted_at !== null) {
    throw new AppError('conflict', 'The subscription was already deleted on its region.');
  }
  if (!(await onRegion(ctx.app, row))) {
    throw new AppError(
      'conflict',
      'The subscription is not on an Azure Stack Hub region: there is nothing to delete there.',
    );
  }
  try {
    await removeFromRegion(ctx.app, row);
  } catch (error) {
    throw regionUnavailable(
      'The region did not delete the subscription; nothing was changed in the CMS.',
      error,
    );
  }
  return transaction(ctx.app.db, async (trx) => {
    const current = await lockSubscription(trx, ctx.actor.scope, id);
    if (!current) throw AppError.notFound('Subscription');
    const now = nowIso(ctx.app.clock);
    const changes: Partial<SubscriptionRow> = {
      status: 'cancelled',
      region_state: 'Deleted',
      region_deleted_at: now,
      updated_at: now,
    };
    await updateSubscriptionRow(trx, id, changes);
    await recordAudit(trx, ctx, {
      action: 'subscription.regionDelete',
      targetType: 'subscription',
      targetId: id,
      orgId: current.tenant_id,
      before: { status: current.status, region_state: current.region_state },
      after: { status: changes.status, region_state: changes.region_state, region_deleted_at: now },
    });
    return presentSubscription(trx, { ...current, ...changes });
  });
}

// ---------------------------------------------------------------------------------------------
// Add-on plans

function presentAcquisition(row: SubscriptionPlanRow) {
  return {
    acquisitionId: row.acquisition_id,
    planId: row.plan_id,
    state: row.state,
    acquiredAt: row.acquired_at,
  };
}

/** A subscription of an offer, live on its region, in scope (acquired plans need one). */
async function provisionedRow(
  trx: Kysely<Database>,
  ctx: RequestContext,
  id: string,
  withoutOffer: () => AppError,
) {
  const row = await lockSubscription(trx, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Subscription');
  if (row.offer_id === null) throw withoutOffer();
  if (
    row.provisioning_state === 'provisioning' ||
    row.region_id === null ||
    row.azs_subscription_id === null ||
    row.region_deleted_at !== null
  ) {
    throw new AppError(
      'conflict',
      'Add-on plans are acquired by a subscription of an offer that lives on its region (provisioned or linked).',
    );
  }
  return row;
}

export async function listSubscriptionPlans(ctx: RequestContext, id: string) {
  return transaction(ctx.app.db, async (trx) => {
    const row = await lockSubscription(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Subscription');
    return { items: (await listAcquisitions(trx, id)).map(presentAcquisition) };
  });
}

/**
 * Acquires an add-on plan of the subscription's offer: the acquisition id is chosen and its row
 * committed `provisioning` first, then the region is asked (the same pattern as a create).
 */
export async function acquirePlan(
  ctx: RequestContext,
  id: string,
  input: { planId: string; idempotencyKey?: string | undefined },
) {
  const acquisitionId = input.idempotencyKey
    ? newAzsSubscriptionId(ctx, `plan\n${id}\n${input.idempotencyKey}`)
    : randomUUID();
  const started = await transaction(ctx.app.db, async (trx) => {
    const row = await provisionedRow(trx, ctx, id, () =>
      AppError.invalidField(
        'body.planId',
        'The subscription has no offer, so it has no add-on plans to acquire.',
        'invalid_request',
      ),
    );
    const plan = await addonPlanOfOffer(trx, row.offer_id!, input.planId);
    const retried = await findAcquisition(trx, id, acquisitionId);
    if (retried) return { row, plan, acquisition: retried };
    if (
      plan.maxAcquisitionCount !== null &&
      (await countAcquisitions(trx, id, plan.id)) >= plan.maxAcquisitionCount
    ) {
      throw AppError.invalidField(
        'body.planId',
        `This add-on plan may be acquired at most ${plan.maxAcquisitionCount} time(s) by one subscription.`,
        'invalid_request',
      );
    }
    const acquisition: SubscriptionPlanRow = {
      subscription_id: id,
      plan_id: plan.id,
      acquisition_id: acquisitionId,
      state: 'provisioning',
      acquired_at: nowIso(ctx.app.clock),
      removed_at: null,
    };
    await insertAcquisition(trx, acquisition);
    await scheduleReconciler(trx, ctx);
    await recordAudit(trx, ctx, {
      action: 'subscription.planAcquire',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      after: { acquisition_id: acquisitionId, plan_id: plan.id },
    });
    return { row, plan, acquisition };
  });
  const { row, plan, acquisition } = started;
  if (acquisition.state !== 'provisioning') return presentAcquisition(acquisition);
  try {
    await (await client(ctx.app, row.region_id!)).putAcquiredPlan(row.azs_subscription_id!, {
      acquisitionId,
      planId: plan.armId,
    });
  } catch (error) {
    if (error instanceof AzureStackError && NOT_DONE.has(error.kind)) {
      await settleAcquisition(ctx, row, acquisition, false);
      if (REFUSED.has(error.kind)) {
        throw AppError.invalidField(
          'body.planId',
          `The region refused it: ${error.message}`,
          'invalid_request',
        );
      }
      throw regionUnavailable('The region refused the CMS; the plan was not acquired.', error);
    }
    throw regionUnavailable(
      `The region did not confirm acquisition ${acquisitionId}. It stays "provisioning" until the region answers; retrying with the same Idempotency-Key resumes it.`,
      error,
    );
  }
  await settleAcquisition(ctx, row, acquisition, true);
  return presentAcquisition({ ...acquisition, state: 'provisioned' });
}

/** `provisioning` → `provisioned` (the region has it) or removed (it does not). */
async function settleAcquisition(
  ctx: AnyContext,
  subscription: SubscriptionRow,
  acquisition: SubscriptionPlanRow,
  present: boolean,
  write: Write = own(ctx.app),
): Promise<boolean> {
  return write(async (trx) => {
    const now = nowIso(ctx.app.clock);
    const done = await updateAcquisition(
      trx,
      { subscriptionId: subscription.id, acquisitionId: acquisition.acquisition_id, state: 'provisioning' },
      present ? { state: 'provisioned' } : { removed_at: now },
    );
    if (done && !present) {
      await recordAudit(trx, ctx, {
        action: 'subscription.planAcquireFailed',
        targetType: 'subscription',
        targetId: subscription.id,
        orgId: subscription.tenant_id,
        before: { acquisition_id: acquisition.acquisition_id, plan_id: acquisition.plan_id },
      });
    }
    return done;
  });
}

/** Removes an acquired add-on plan: from the region first, then from the CMS. */
export async function removePlan(ctx: RequestContext, id: string, acquisitionId: string): Promise<void> {
  const { row, acquisition } = await transaction(ctx.app.db, async (trx) => {
    const row = await provisionedRow(trx, ctx, id, () => AppError.notFound('Acquired plan'));
    const acquisition = await findAcquisition(trx, id, acquisitionId);
    if (!acquisition) throw AppError.notFound('Acquired plan');
    return { row, acquisition };
  });
  if (acquisition.state === 'provisioning') {
    throw new AppError('conflict', 'This plan is still being acquired on the region; try again once it is.');
  }
  try {
    await (await client(ctx.app, row.region_id!)).deleteAcquiredPlan(row.azs_subscription_id!, acquisitionId);
  } catch (error) {
    throw regionUnavailable('The region did not remove the plan; nothing was changed in the CMS.', error);
  }
  await transaction(ctx.app.db, async (trx) => {
    const done = await updateAcquisition(
      trx,
      { subscriptionId: id, acquisitionId, state: acquisition.state },
      { removed_at: nowIso(ctx.app.clock) },
    );
    if (!done) return;
    await recordAudit(trx, ctx, {
      action: 'subscription.planRemove',
      targetType: 'subscription',
      targetId: id,
      orgId: row.tenant_id,
      before: { acquisition_id: acquisitionId, plan_id: acquisition.plan_id },
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The reconciler as a job

/** Registers `subscriptions.reconcile` with the job runner (once per process, at boot). */
export function registerProvisioningReconciler(): void {
  if (jobType(RECONCILE_JOB)) return;
  registerJobType<Record<string, never>, never>({
    type: RECONCILE_JOB,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    handler: async (job) => {
      await reconcileProvisioning(job.ctx, { write: (work) => job.fenced(work), signal: job.signal });
    },
  });
}

/**
 * The reconciler's schedule (every five minutes), created in the transaction that first leaves a
 * row `provisioning`: every such row implies the schedule, and a system that never provisioned
 * runs (and lists) no reconciler jobs.
 */
function scheduleReconciler(trx: Kysely<Database>, ctx: AnyContext) {
  return upsertSchedule(trx, ctx, RECONCILE_JOB, { type: RECONCILE_JOB, payload: {}, intervalSeconds: 300 });
}

/**
 * When a worker starts: one pass now, so rows a crashed process left `provisioning` are settled
 * without waiting for the next scheduled run. It runs beside the worker's start, not as a job;
 * concurrent passes of several workers are safe, every settlement being conditional.
 */
export function startProvisioningReconciler(app: AppContext, log: (message: string) => void): void {
  reconcileProvisioning(systemContext(app, 'worker-start')).catch((error: unknown) => {
    log(`The provisioning reconciler's start-up pass failed: ${(error as Error).message}`);
  });
}
