import type { Kysely } from 'kysely';
import type { AppContext, RequestContext, Scope } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { ID_PREFIXES, newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { BillingMode, Database, OrganisationKind, OrganisationRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { csvDocument } from '../../http/csv.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { holdOrganisation, lockOrganisation, moveUnder } from '../../tenancy/chain.ts';
import { visibleIds } from '../../tenancy/scope.ts';
import { creditsFollowTenantCurrency } from '../adjustments/credits.service.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { tenantCurrencyLocked } from '../invoices/currency-lock.ts';
import { requestRerating } from '../rating/rating.jobs.ts';
import { getSetting } from '../settings/settings.service.ts';
import { countLiveSubscriptions } from '../subscriptions/subscriptions.service.ts';
import { holdTaxProfile } from '../taxes/tax-profile-hold.ts';
import { withNewAdministrators } from '../users/activation.service.ts';
import {
  administratorsOf,
  type CreatedUser,
  deleteUsersOfOrganisation,
  insertUser,
  type NewUserInput,
} from '../users/users.service.ts';
import { auditOrganisation, presentOrganisation } from './organisations.presenter.ts';
import {
  countLiveChildren,
  countTenantsByTaxProfile,
  findOrganisation,
  findOrganisationAnyKind,
  findOrganisationNames,
  findOrganisationSummaryRow,
  findPlatformRow,
  findTenantTaxProfileId,
  insertOrganisationRow,
  listOrganisations as listRows,
  liveTenantIds,
  markOrganisationDeleted,
  nameTakenUnderParent,
  type OrganisationFilter,
  tenantRowsInScope,
  updateOrganisationColumns,
} from './organisations.repository.ts';

type ChildKind = Exclude<OrganisationKind, 'platform'>;

interface ContactInput {
  name?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
}
interface AddressInput {
  line1?: string | null | undefined;
  line2?: string | null | undefined;
  city?: string | null | undefined;
  region?: string | null | undefined;
  postalCode?: string | null | undefined;
  country?: string | null | undefined;
}
type PersonInput = Omit<NewUserInput, 'role'>;

export interface OrganisationInput {
  name: string;
  contact?: ContactInput | undefined;
  billingContact?: ContactInput | undefined;
  address?: AddressInput | undefined;
  currency?: string | undefined;
  administrators: PersonInput[];
  distributorId?: string | undefined;
  partnerId?: string | undefined;
  directoryId?: string | null | undefined;
  billingMode?: BillingMode | undefined;
  paymentTermsDays?: number | null | undefined;
  taxProfileId?: string | null | undefined;
}

export type OrganisationPatch = Partial<
  Omit<OrganisationInput, 'administrators' | 'distributorId' | 'partnerId'>
> & {
  addAdministrators?: PersonInput[] | undefined;
};

const PARENT_KIND: Record<ChildKind, OrganisationKind> = {
  distributor: 'platform',
  partner: 'distributor',
  tenant: 'partner',
};
const LABEL: Record<ChildKind, string> = { distributor: 'Distributor', partner: 'Partner', tenant: 'Tenant' };

/**
 * Finds and locks the parent a new organisation goes under (defaulting to the caller's own
 * organisation): the new chain is copied from it, and it cannot be deleted or moved before the
 * commit. The platform is neither, so distributors do not serialise on it.
 */
async function resolveParent(
  trx: Kysely<Database>,
  ctx: RequestContext,
  kind: ChildKind,
  input: OrganisationInput,
): Promise<OrganisationRow> {
  const scope = ctx.actor.scope;
  if (kind === 'distributor') {
    const platform = await findPlatformRow(trx);
    if (!platform) throw new Error('The platform organisation is missing; run migrations and bootstrap');
    return platform;
  }
  const parentKind = PARENT_KIND[kind];
  const field = kind === 'partner' ? 'distributorId' : 'partnerId';
  const parentId = input[field] ?? (scope.level === parentKind ? scope.orgId : undefined);
  if (!parentId) {
    throw AppError.invalidField(
      `body.${field}`,
      `Required: choose the ${parentKind} this ${kind} belongs to.`,
    );
  }
  const parent = await holdOrganisation(trx, scope, parentId, parentKind);
  if (!parent) {
    throw AppError.invalidField(`body.${field}`, `No such ${parentKind}.`, 'not_found');
  }
  return parent;
}

function chainFor(kind: ChildKind, id: string, parent: OrganisationRow) {
  switch (kind) {
    case 'distributor':
      return { distributor_id: id, partner_id: null, tenant_id: null };
    case 'partner':
      return { distributor_id: parent.id, partner_id: id, tenant_id: null };
    case 'tenant':
      return { distributor_id: parent.distributor_id, partner_id: parent.id, tenant_id: id };
  }
}

function nameConflict(): AppError {
  return AppError.invalidField(
    'body.name',
    'Another organisation under the same parent has this name.',
    'conflict',
  );
}

async function assertNameFree(trx: Kysely<Database>, parentId: string, name: string, exceptId?: string) {
  if (await nameTakenUnderParent(trx, parentId, name, exceptId)) throw nameConflict();
}

/**
 * Runs a write of the organisation's row, answering 409 when a sibling took the name since
 * `assertNameFree` looked (the unique (parent_id, name_key) index decides between two writers).
 */
async function claimingName(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict();
    throw error;
  }
}

/**
 * A tenant's own tax profile is the platform's choice (it decides what the tenant is charged): only
 * platform administrators set it, and it must exist, held until the commit so it is not deleted
 * meanwhile (the delete locks it and then counts the tenants that have it).
 */
async function checkTaxProfile(
  trx: Kysely<Database>,
  ctx: RequestContext,
  taxProfileId: string | null | undefined,
): Promise<void> {
  if (taxProfileId === undefined) return;
  if (ctx.actor.scope.level !== 'platform') {
    throw AppError.forbidden(
      "body.taxProfileId: only platform administrators choose a tenant's tax profile.",
    );
  }
  if (taxProfileId !== null && !(await holdTaxProfile(trx, taxProfileId))) {
    throw AppError.invalidField('body.taxProfileId', 'No such tax profile.', 'invalid_request');
  }
}

/**
 * One organisation as its page shows it: the view, its administrators and the name of the parent
 * the viewer is shown (a tenant's partner, a partner's distributor), so the page need not ask.
 */
async function detailView(db: Kysely<Database>, ctx: RequestContext, row: OrganisationRow) {
  const view = presentOrganisation(row, ctx.actor.scope);
  const parentId =
    row.kind === 'tenant' ? view.partnerId : row.kind === 'partner' ? view.distributorId : undefined;
  const parentName =
    parentId === undefined
      ? undefined
      : (await findOrganisationNames(db, ctx.actor.scope, [parentId])).get(parentId);
  return {
    ...view,
    ...(parentName === undefined
      ? {}
      : row.kind === 'tenant'
        ? { partnerName: parentName }
        : { distributorName: parentName }),
    administrators: await administratorsOf(db, row.id),
  };
}

export async function createOrganisation(ctx: RequestContext, kind: ChildKind, input: OrganisationInput) {
  const currency = input.currency ?? String(await getSetting(ctx, 'tenants.defaultCurrency'));
  const { view, created } = await transaction(ctx.app.db, async (trx) => {
    // Before the parent: a tax profile it may not set or that does not exist is the fault to name.
    if (kind === 'tenant') await checkTaxProfile(trx, ctx, input.taxProfileId);
    const parent = await resolveParent(trx, ctx, kind, input);
    await ctx.app.pause('organisation.create');
    await assertNameFree(trx, parent.id, input.name);
    const id = newId(ID_PREFIXES[kind]);
    const now = nowIso(ctx.app.clock);
    const row: OrganisationRow = {
      id,
      kind,
      parent_id: parent.id,
      ...chainFor(kind, id, parent),
      name: input.name,
      name_key: input.name.toLowerCase(),
      contact_name: input.contact?.name ?? null,
      contact_email: input.contact?.email ?? null,
      contact_phone: input.contact?.phone ?? null,
      billing_contact_name: input.billingContact?.name ?? null,
      billing_email: input.billingContact?.email ?? null,
      billing_phone: input.billingContact?.phone ?? null,
      address_line1: input.address?.line1 ?? null,
      address_line2: input.address?.line2 ?? null,
      city: input.address?.city ?? null,
      region: input.address?.region ?? null,
      postal_code: input.address?.postalCode ?? null,
      country: input.address?.country ?? null,
      currency,
      directory_id: kind === 'tenant' ? (input.directoryId ?? null) : null,
      billing_mode: kind === 'tenant' ? (input.billingMode ?? 'chargeback') : null,
      payment_terms_days: kind === 'tenant' ? (input.paymentTermsDays ?? null) : null,
      tax_profile_id: kind === 'tenant' ? (input.taxProfileId ?? null) : null,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await claimingName(() => insertOrganisationRow(trx, row));
    await recordAudit(trx, ctx, {
      action: `${kind}.create`,
      targetType: kind,
      targetId: id,
      orgId: id,
      after: auditOrganisation(row),
    });
    const created: CreatedUser[] = [];
    for (const [i, person] of input.administrators.entries()) {
      created.push(
        await insertUser(trx, ctx, row, { ...person, role: 'admin' }, { field: `body.administrators.${i}` }),
      );
    }
    return { view: await detailView(trx, ctx, row), created };
  });
  // The invitations were queued with the administrators; the outbox sends them now.
  return withNewAdministrators(ctx, view, created);
}

export async function getOrganisation(ctx: RequestContext, kind: ChildKind, id: string) {
  const db = ctx.app.db.kysely;
  const row = await findOrganisation(db, ctx.actor.scope, kind, id);
  if (!row) throw AppError.notFound(LABEL[kind]);
  return detailView(db, ctx, row);
}

export async function isOrganisationVisible(
  ctx: RequestContext,
  kind: ChildKind,
  id: string,
): Promise<boolean> {
  return (await findOrganisation(ctx.app.db.kysely, ctx.actor.scope, kind, id)) !== undefined;
}

/** The names of those of the given organisations the caller may see (the audit log shows them). */
export function organisationNames(ctx: RequestContext, ids: string[]): Promise<Map<string, string>> {
  return findOrganisationNames(ctx.app.db.kysely, ctx.actor.scope, ids);
}

export function filterVisibleOrganisationIds(ctx: RequestContext, ids: string[]): Promise<Set<string>> {
  return visibleIds(ctx.app.db.kysely, 'organisations', ctx.actor.scope, ids);
}

export async function listOrganisations(
  ctx: RequestContext,
  kind: ChildKind,
  filter: OrganisationFilter,
  page: PageRequest,
) {
  const scope = ctx.actor.scope;
  const result = await listRows(ctx.app.db.kysely, scope, kind, filter, page);
  return { ...result, items: result.items.map((row) => presentOrganisation(row, scope)) };
}

const EXPORT_LIMIT = 100_000;
const EXPORT_PAGE = 1_000;

/**
 * The whole filtered list as CSV, in the list's order and scope: what the list shows across all
 * its pages, with the parents' names beside their ids (ids the viewer may not see are left out,
 * as in the list). At most 100,000 rows.
 */
export async function exportOrganisationsCsv(
  ctx: RequestContext,
  kind: ChildKind,
  filter: OrganisationFilter,
  sort: string,
): Promise<string> {
  const db = ctx.app.db.kysely;
  const scope = ctx.actor.scope;
  const views = [];
  let cursor: string | undefined;
  do {
    const page = await listRows(db, scope, kind, filter, {
      limit: EXPORT_PAGE,
      cursor,
      sort,
      includeTotal: false,
    });
    views.push(...page.items.map((row) => presentOrganisation(row, scope)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor && views.length < EXPORT_LIMIT);
  const parentIds = [...new Set(views.flatMap((v) => [v.distributorId, v.partnerId]))].filter(
    (id): id is string => id !== undefined,
  );
  const names = await findOrganisationNames(db, scope, parentIds);
  // The parent columns the list shows this viewer (presentOrganisation leaves out the levels above it).
  const parents = [
    ...(scope.level === 'platform' && kind !== 'distributor' ? (['distributor'] as const) : []),
    ...((scope.level === 'platform' || scope.level === 'distributor') && kind === 'tenant'
      ? (['partner'] as const)
      : []),
  ];
  const header = [
    'id',
    'name',
    ...parents.flatMap((p) => [`${p}Id`, `${p}Name`]),
    'currency',
    'contactName',
    'contactEmail',
    'contactPhone',
    'billingContactName',
    'billingContactEmail',
    'billingContactPhone',
    'addressLine1',
    'addressLine2',
    'city',
    'region',
    'postalCode',
    'country',
    ...(kind === 'tenant' ? ['directoryId', 'billingMode', 'paymentTermsDays'] : []),
    'createdAt',
  ];
  const rows = views.map((v) => {
    const parentIdOf = (p: 'distributor' | 'partner') =>
      p === 'distributor' ? v.distributorId : v.partnerId;
    return [
      v.id,
      v.name,
      ...parents.flatMap((p) => {
        const id = parentIdOf(p);
        return [id, id ? names.get(id) : undefined];
      }),
      v.currency,
      v.contact.name,
      v.contact.email,
      v.contact.phone,
      v.billingContact.name,
      v.billingContact.email,
      v.billingContact.phone,
      v.address.line1,
      v.address.line2,
      v.address.city,
      v.address.region,
      v.address.postalCode,
      v.address.country,
      ...(kind === 'tenant' ? [v.directoryId, v.billingMode, v.paymentTermsDays] : []),
      v.createdAt,
    ];
  });
  return csvDocument(header, rows);
}

/** The organisation columns a patch sets: only those it names, so a concurrent move is never undone. */
function patchedColumns(kind: ChildKind, patch: OrganisationPatch): Partial<OrganisationRow> {
  const set: Partial<OrganisationRow> = {};
  const put = <K extends keyof OrganisationRow>(column: K, value: OrganisationRow[K] | undefined) => {
    if (value !== undefined) set[column] = value;
  };
  if (patch.name !== undefined) {
    set.name = patch.name;
    set.name_key = patch.name.toLowerCase();
  }
  put('contact_name', patch.contact?.name);
  put('contact_email', patch.contact?.email);
  put('contact_phone', patch.contact?.phone);
  put('billing_contact_name', patch.billingContact?.name);
  put('billing_email', patch.billingContact?.email);
  put('billing_phone', patch.billingContact?.phone);
  put('address_line1', patch.address?.line1);
  put('address_line2', patch.address?.line2);
  put('city', patch.address?.city);
  put('region', patch.address?.region);
  put('postal_code', patch.address?.postalCode);
  put('country', patch.address?.country);
  put('currency', patch.currency);
  if (kind === 'tenant') {
    put('directory_id', patch.directoryId);
    put('billing_mode', patch.billingMode);
    put('payment_terms_days', patch.paymentTermsDays);
    put('tax_profile_id', patch.taxProfileId);
  }
  return set;
}

export async function updateOrganisation(
  ctx: RequestContext,
  kind: ChildKind,
  id: string,
  patch: OrganisationPatch,
) {
  const { view, created, currencyChanged } = await transaction(ctx.app.db, async (trx) => {
    const row = await lockOrganisation(trx, ctx.actor.scope, id, kind);
    if (!row) throw AppError.notFound(LABEL[kind]);
    if (kind === 'tenant') await checkTaxProfile(trx, ctx, patch.taxProfileId);
    if (
      kind === 'tenant' &&
      patch.currency !== undefined &&
      patch.currency !== row.currency &&
      (await tenantCurrencyLocked(trx, id))
    ) {
      throw AppError.invalidField(
        'body.currency',
        'The tenant has been invoiced in its currency, which can no longer change.',
        'conflict',
      );
    }
    if (patch.name !== undefined) await assertNameFree(trx, row.parent_id!, patch.name, id);
    await ctx.app.pause('organisation.update');
    const changes = { ...patchedColumns(kind, patch), updated_at: nowIso(ctx.app.clock) };
    const next: OrganisationRow = { ...row, ...changes };
    await claimingName(() => updateOrganisationColumns(trx, id, changes));
    await recordAudit(trx, ctx, {
      action: `${kind}.update`,
      targetType: kind,
      targetId: id,
      orgId: id,
      ...changedFields(auditOrganisation(row), auditOrganisation(next)),
    });
    const currencyChanged =
      kind === 'tenant' && patch.currency !== undefined && patch.currency !== row.currency;
    if (currencyChanged) {
      // Its subscription and tenant credits are in its currency, and so are its rated lines.
      await creditsFollowTenantCurrency(trx, ctx, id, patch.currency!);
      await requestRerating(trx, ctx, 'tenant.currency', { tenantId: id });
    }
    const created: CreatedUser[] = [];
    for (const [i, person] of (patch.addAdministrators ?? []).entries()) {
      created.push(
        await insertUser(
          trx,
          ctx,
          next,
          { ...person, role: 'admin' },
          { field: `body.addAdministrators.${i}` },
        ),
      );
    }
    return { view: await detailView(trx, ctx, next), created, currencyChanged };
  });
  if (currencyChanged) ctx.app.jobs.wake();
  return withNewAdministrators(ctx, view, created);
}

/**
 * Soft-deletes an organisation and removes its users. Refused while it still has live children
 * or subscriptions: nothing that others depend on disappears underneath them.
 */
export async function deleteOrganisation(ctx: RequestContext, kind: ChildKind, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    // Locked: a create under it waits (and then finds it gone), a second delete finds it deleted.
    const row = await lockOrganisation(trx, ctx.actor.scope, id, kind);
    if (!row) throw AppError.notFound(LABEL[kind]);
    const children = await countLiveChildren(trx, id);
    if (children > 0) {
      const what = `${kind === 'distributor' ? 'partner' : 'tenant'}${children === 1 ? '' : 's'}`;
      throw new AppError(
        'has_dependents',
        `${LABEL[kind]} still has ${children} ${what}; delete or move ${children === 1 ? 'it' : 'them'} first.`,
      );
    }
    if (kind === 'tenant') {
      const subscriptions = await countLiveSubscriptions(trx, id);
      if (subscriptions > 0) {
        throw new AppError(
          'has_dependents',
          subscriptions === 1
            ? 'Tenant still has 1 subscription; delete it first.'
            : `Tenant still has ${subscriptions} subscriptions; delete them first.`,
        );
      }
    }
    await ctx.app.pause('organisation.delete');
    const now = nowIso(ctx.app.clock);
    await markOrganisationDeleted(trx, id, now);
    await deleteUsersOfOrganisation(trx, ctx, id);
    await recordAudit(trx, ctx, {
      action: `${kind}.delete`,
      targetType: kind,
      targetId: id,
      orgId: id,
      before: auditOrganisation(row),
    });
  });
}

/**
 * Moves a partner to another distributor, or a tenant to another partner. The chain columns of
 * the organisation and of everything under it follow in the same transaction, so the old chain
 * loses sight of it and the new one gains it at the commit.
 */
export async function moveOrganisation(
  ctx: RequestContext,
  kind: 'partner' | 'tenant',
  id: string,
  newParentId: string,
) {
  const scope = ctx.actor.scope;
  const parentKind = kind === 'partner' ? 'distributor' : 'partner';
  const field = kind === 'partner' ? 'distributorId' : 'partnerId';
  return transaction(ctx.app.db, async (trx) => {
    // Top down: the new parent, then the moved organisation (moveUnder locks what lies below).
    const parent = await holdOrganisation(trx, scope, newParentId, parentKind);
    const row = await lockOrganisation(trx, scope, id, kind);
    if (!row) throw AppError.notFound(LABEL[kind]);
    if (!parent) throw AppError.invalidField(`body.${field}`, `No such ${parentKind}.`, 'not_found');
    await ctx.app.pause('organisation.move');
    if (parent.id === row.parent_id) return detailView(trx, ctx, row);
    await assertNameFree(trx, parent.id, row.name, id);
    const now = nowIso(ctx.app.clock);
    await claimingName(() => moveUnder(trx, row, parent, now));
    await recordAudit(trx, ctx, {
      action: `${kind}.move`,
      targetType: kind,
      targetId: id,
      orgId: id,
      before: { [field]: row.parent_id },
      after: { [field]: parent.id },
    });
    const moved: OrganisationRow = {
      ...row,
      parent_id: parent.id,
      distributor_id: kind === 'partner' ? parent.id : parent.distributor_id,
      partner_id: kind === 'partner' ? row.partner_id : parent.id,
      updated_at: now,
    };
    return detailView(trx, ctx, moved);
  });
}

/** An organisation's id, kind and name, deleted or not (the caller's own, for "who am I"). */
export function findOrganisationSummary(db: Kysely<Database>, id: string) {
  return findOrganisationSummaryRow(db, id);
}

/**
 * A live organisation inside the scope (of this kind, when given), or undefined, in the caller's
 * transaction.
 */
export function findOrganisationInScope(
  db: Kysely<Database>,
  scope: Scope,
  id: string,
  kind?: OrganisationKind,
): Promise<OrganisationRow | undefined> {
  return kind === undefined ? findOrganisationAnyKind(db, scope, id) : findOrganisation(db, scope, kind, id);
}

/** Every live tenant inside the scope (reports), by name then id. */
export function tenantsInScope(db: Kysely<Database>, scope: Scope) {
  return tenantRowsInScope(db, scope);
}

/** Every live tenant's id, for system jobs (no scope). */
export function allLiveTenantIds(db: Kysely<Database>): Promise<string[]> {
  return liveTenantIds(db);
}

/** The platform organisation, the root of every chain; undefined only before first start made it. */
export function findPlatformOrganisation(db: Kysely<Database>): Promise<OrganisationRow | undefined> {
  return findPlatformRow(db);
}

/** Creates the platform organisation at first start, when it does not exist yet. */
export async function ensurePlatformOrganisation(app: AppContext): Promise<void> {
  if (await findPlatformRow(app.db.kysely)) return;
  const now = nowIso(app.clock);
  await insertOrganisationRow(app.db.kysely, {
    id: PLATFORM_ORG_ID,
    kind: 'platform',
    parent_id: null,
    distributor_id: null,
    partner_id: null,
    tenant_id: null,
    name: 'Platform',
    name_key: 'platform',
    contact_name: null,
    contact_email: null,
    contact_phone: null,
    billing_contact_name: null,
    billing_email: null,
    billing_phone: null,
    address_line1: null,
    address_line2: null,
    city: null,
    region: null,
    postal_code: null,
    country: null,
    currency: String(await getSetting(app, 'tenants.defaultCurrency')),
    directory_id: null,
    billing_mode: null,
    payment_terms_days: null,
    tax_profile_id: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
}

/** Live tenants per tax profile, for the taxes module (tax profiles are the platform's: no scope). */
export function tenantCountsByTaxProfile(db: Kysely<Database>, profileIds: string[]) {
  return countTenantsByTaxProfile(db, profileIds);
}

/** A tenant's own tax profile id (null: the default applies), unscoped: for tax computations. */
export function tenantTaxProfileId(db: Kysely<Database>, tenantId: string) {
  return findTenantTaxProfileId(db, tenantId);
}
