import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, RequestContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { Database, OrganisationRow, TaxProfileTable, TaxRateTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { tenantCountsByTaxProfile, tenantTaxProfileId } from '../organisations/organisations.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  deleteTaxProfileRow,
  findTaxProfile,
  insertTaxProfile,
  listTaxProfileRows,
  lockTaxProfile,
  ratesEffectiveOn,
  ratesOfProfiles,
  replaceTaxRates,
  taxProfileNameTaken,
  updateTaxProfileRow,
} from './taxes.repository.ts';

export const DEFAULT_TAX_PROFILE_SETTING = 'billing.defaultTaxProfileId';

export interface TaxRateInput {
  name: string;
  percentage: string;
  effectiveFrom: string;
}

export interface TaxProfileInput {
  name: string;
  exempt?: boolean | undefined;
  rates?: TaxRateInput[] | undefined;
}

export interface TaxProfilePatch {
  name?: string | undefined;
  exempt?: boolean | undefined;
  rates?: TaxRateInput[] | undefined;
}

const nameKey = (name: string) => name.toLowerCase();
/** Stored and shown in one canonical form, so "10.0" typed and DECIMAL's "10.0000000000" read alike. */
const canonical = (value: string) => toDecimalString(decimal(value));

type RateRow = Pick<TaxRateTable, 'id' | 'name' | 'percentage' | 'effective_from'>;

function presentRate(rate: RateRow) {
  return {
    id: rate.id,
    name: rate.name,
    percentage: canonical(rate.percentage),
    effectiveFrom: rate.effective_from,
  };
}

function present(row: TaxProfileTable, rates: RateRow[], defaultId: string, tenants: number) {
  return {
    id: row.id,
    name: row.name,
    exempt: row.exempt === 1,
    rates: rates.map(presentRate),
    isDefault: row.id === defaultId,
    tenantCount: tenants,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function auditView(row: TaxProfileTable, rates: RateRow[]) {
  return {
    name: row.name,
    exempt: row.exempt === 1,
    rates: rates.map((r) => ({
      name: r.name,
      percentage: canonical(r.percentage),
      effectiveFrom: r.effective_from,
    })),
  };
}

async function defaultProfileId(ctx: AnyContext | AppContext, db?: Kysely<Database>): Promise<string> {
  return String(await getSetting(ctx, DEFAULT_TAX_PROFILE_SETTING, db));
}

// ---------------------------------------------------------------------------------------------
// Reads

/** Tax profiles are the platform's: below it they do not exist. */
export async function isTaxProfileVisible(ctx: RequestContext, id: string): Promise<boolean> {
  if (ctx.actor.scope.level !== 'platform') return false;
  return (await findTaxProfile(ctx.app.db.kysely, id)) !== undefined;
}

async function viewsOf(ctx: RequestContext, db: Kysely<Database>, rows: TaxProfileTable[]) {
  const ids = rows.map((r) => r.id);
  const [rates, tenants, defaultId] = await Promise.all([
    ratesOfProfiles(db, ids),
    tenantCountsByTaxProfile(db, ids),
    defaultProfileId(ctx, db),
  ]);
  return rows.map((row) =>
    present(
      row,
      rates.filter((r) => r.tax_profile_id === row.id),
      defaultId,
      tenants.get(row.id) ?? 0,
    ),
  );
}

export async function getTaxProfile(ctx: RequestContext, id: string) {
  const db = ctx.app.db.kysely;
  const row = ctx.actor.scope.level === 'platform' ? await findTaxProfile(db, id) : undefined;
  if (!row) throw AppError.notFound('Tax profile');
  return (await viewsOf(ctx, db, [row]))[0]!;
}

export async function listTaxProfiles(ctx: RequestContext, q: string | undefined, page: PageRequest) {
  const db = ctx.app.db.kysely;
  if (ctx.actor.scope.level !== 'platform') return { items: [], nextCursor: null };
  const result = await listTaxProfileRows(db, q, page);
  return { ...result, items: await viewsOf(ctx, db, result.items) };
}

// ---------------------------------------------------------------------------------------------
// Writes

function nameConflict(): AppError {
  return AppError.invalidField('body.name', 'A tax profile with this name already exists.', 'conflict');
}

/**
 * An exempt profile has no rates; any other has at least one, and one rate name takes effect at
 * most once a day (two "GST" rates from the same date would leave the invoice two answers).
 */
function checkRates(exempt: boolean, rates: TaxRateInput[]): void {
  if (exempt && rates.length > 0) {
    throw AppError.invalidField(
      'body.rates',
      'An exempt profile has no rates; remove them.',
      'invalid_request',
    );
  }
  if (!exempt && rates.length === 0) {
    throw AppError.invalidField(
      'body.rates',
      'Give at least one rate, or mark the profile exempt.',
      'invalid_request',
    );
  }
  const seen = new Set<string>();
  for (const [i, rate] of rates.entries()) {
    const key = `${rate.name.toLowerCase()}|${rate.effectiveFrom}`;
    if (seen.has(key)) {
      throw AppError.invalidField(
        `body.rates.${i}.effectiveFrom`,
        `Another rate named "${rate.name}" already takes effect on ${rate.effectiveFrom}.`,
        'invalid_request',
      );
    }
    seen.add(key);
  }
}

function rateRows(profileId: string, rates: TaxRateInput[], now: string): TaxRateTable[] {
  return rates.map((rate) => ({
    id: newId('txr'),
    tax_profile_id: profileId,
    name: rate.name,
    percentage: canonical(rate.percentage),
    effective_from: rate.effectiveFrom,
    created_at: now,
  }));
}

async function claimingName(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameConflict();
    throw error;
  }
}

export async function createTaxProfile(ctx: RequestContext, input: TaxProfileInput) {
  const exempt = input.exempt ?? false;
  const rates = input.rates ?? [];
  checkRates(exempt, rates);
  return transaction(ctx.app.db, async (trx) => {
    if (await taxProfileNameTaken(trx, nameKey(input.name))) throw nameConflict();
    const now = nowIso(ctx.app.clock);
    const row: TaxProfileTable = {
      id: newId('txp'),
      name: input.name,
      name_key: nameKey(input.name),
      exempt: exempt ? 1 : 0,
      created_at: now,
      updated_at: now,
    };
    const rows = rateRows(row.id, rates, now);
    await claimingName(() => insertTaxProfile(trx, row, rows));
    await recordAudit(trx, ctx, {
      action: 'taxProfile.create',
      targetType: 'taxProfile',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: auditView(row, rows),
    });
    return (await viewsOf(ctx, trx, [row]))[0]!;
  });
}

export async function updateTaxProfile(ctx: RequestContext, id: string, patch: TaxProfilePatch) {
  return transaction(ctx.app.db, async (trx) => {
    const row = await lockTaxProfile(trx, id);
    if (!row) throw AppError.notFound('Tax profile');
    const before = await ratesOfProfiles(trx, [id]);
    const exempt = patch.exempt ?? row.exempt === 1;
    // Marking a profile exempt without naming rates drops its rates (exempt means none).
    const rates =
      patch.rates ??
      (exempt
        ? []
        : before.map((r) => ({ name: r.name, percentage: r.percentage, effectiveFrom: r.effective_from })));
    checkRates(exempt, rates);
    if (patch.name !== undefined && nameKey(patch.name) !== row.name_key) {
      if (await taxProfileNameTaken(trx, nameKey(patch.name), id)) throw nameConflict();
    }
    await ctx.app.pause('taxProfile.update');
    const now = nowIso(ctx.app.clock);
    const next: TaxProfileTable = {
      ...row,
      name: patch.name ?? row.name,
      name_key: nameKey(patch.name ?? row.name),
      exempt: exempt ? 1 : 0,
      updated_at: now,
    };
    const ratesChanged = patch.rates !== undefined || rates.length !== before.length;
    const after = ratesChanged ? rateRows(id, rates, now) : before;
    await claimingName(() =>
      updateTaxProfileRow(trx, id, {
        name: next.name,
        name_key: next.name_key,
        exempt: next.exempt,
        updated_at: now,
      }),
    );
    if (ratesChanged) await replaceTaxRates(trx, id, after);
    await recordAudit(trx, ctx, {
      action: 'taxProfile.update',
      targetType: 'taxProfile',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      ...changedFields(auditView(row, before), auditView(next, after)),
    });
    return (await viewsOf(ctx, trx, [next]))[0]!;
  });
}

/**
 * Refused while a live tenant has it as its own or it is the Default Tax Profile: invoices would
 * lose their tax rule. The profile is locked first, so a tenant edit or a settings change that is
 * about to name it (each holds it) either committed before (and is seen here) or waits and then
 * finds it gone.
 */
export async function deleteTaxProfile(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockTaxProfile(trx, id);
    if (!row) throw AppError.notFound('Tax profile');
    if ((await defaultProfileId(ctx, trx)) === id) {
      throw new AppError(
        'has_dependents',
        'This tax profile is the Default Tax Profile (System Settings → Billing); choose another default first.',
      );
    }
    const tenants = (await tenantCountsByTaxProfile(trx, [id])).get(id) ?? 0;
    if (tenants > 0) {
      throw new AppError(
        'has_dependents',
        `${tenants} tenant(s) have this tax profile; give them another one (or the default) first.`,
      );
    }
    const rates = await ratesOfProfiles(trx, [id]);
    await ctx.app.pause('taxProfile.delete');
    await deleteTaxProfileRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'taxProfile.delete',
      targetType: 'taxProfile',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row, rates),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// For other modules

export { holdTaxProfile } from './tax-profile-hold.ts';

export interface TaxRatesAt {
  /** The profile applied: the tenant's own, else the default; null when neither (no tax). */
  profileId: string | null;
  exempt: boolean;
  /** One per rate name: its latest rate effective on the date (by name). Empty: no tax. */
  rates: { name: string; percentage: string }[];
}

/**
 * The tax rates of a tenant on a date 'YYYY-MM-DD' (the invoice's issue date in the Platform Time
 * Zone, or the date an estimate is for): its own profile, else the Default Tax Profile setting;
 * for each rate name the rate with the latest effective date on or before `date`. A name none of
 * whose rates has started yet is left out. For the estimator, the calculator and invoices.
 * `db`: the caller's transaction, when it holds one.
 */
export async function taxRatesFor(
  source: AnyContext | AppContext,
  tenantId: string,
  date: string,
  db?: Kysely<Database>,
): Promise<TaxRatesAt> {
  const app = 'app' in source ? source.app : source;
  const handle = db ?? app.db.kysely;
  const own = await tenantTaxProfileId(handle, tenantId);
  if (own === undefined) throw new Error(`taxRatesFor: no tenant ${tenantId}`);
  return profileRatesOn(app, handle, own, date);
}

/**
 * taxRatesFor of several tenants whose rows the caller holds (their tax_profile_id read with
 * them): each profile's rates read once for all of them. In the order given.
 */
export async function taxRatesForTenants(
  source: AnyContext | AppContext,
  tenants: readonly Pick<OrganisationRow, 'id' | 'tax_profile_id'>[],
  date: string,
  db?: Kysely<Database>,
): Promise<TaxRatesAt[]> {
  const app = 'app' in source ? source.app : source;
  const handle = db ?? app.db.kysely;
  const ofProfile = new Map<string | null, TaxRatesAt>();
  const out: TaxRatesAt[] = [];
  for (const { tax_profile_id: own } of tenants) {
    let rates = ofProfile.get(own);
    if (!rates) {
      rates = await profileRatesOn(app, handle, own, date);
      ofProfile.set(own, rates);
    }
    out.push(rates);
  }
  return out;
}

/** The rates on a date of a tenant's own profile (null: the default one). */
async function profileRatesOn(
  app: AppContext,
  handle: Kysely<Database>,
  own: string | null,
  date: string,
): Promise<TaxRatesAt> {
  const profileId = own ?? ((await defaultProfileId(app, handle)) || null);
  if (profileId === null) return { profileId: null, exempt: false, rates: [] };
  const profile = await findTaxProfile(handle, profileId);
  // A default naming a deleted profile cannot happen (the delete refuses); be explicit if it does.
  if (!profile) throw new Error(`taxRatesFor: tax profile ${profileId} does not exist`);
  if (profile.exempt === 1) return { profileId, exempt: true, rates: [] };
  const latest = new Map<string, string>();
  // Ordered by name, then effective date: the last one per name is the latest on or before `date`.
  for (const rate of await ratesEffectiveOn(handle, profileId, date)) {
    latest.set(rate.name, canonical(rate.percentage));
  }
  return {
    profileId,
    exempt: false,
    // By code point, not by the engine's collation, so every engine answers in one order.
    rates: [...latest]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, percentage]) => ({ name, percentage })),
  };
}
