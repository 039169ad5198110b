import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, RequestContext, Scope, SystemContext } from '../../context.ts';
import { PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { AlertSeverity, Database, OrganisationRow, RegionSubscriptionRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { lockOrganisation } from '../../tenancy/chain.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { discoveryProblem, signInMappingOf } from '../identity-providers/identity-providers.service.ts';
import { registerJobType, removeSchedule, upsertSchedule } from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { logLine } from '../mail/mail.service.ts';
import { allLiveTenantIds, findOrganisationInScope } from '../organisations/organisations.service.ts';
import { azureStackRegionIds, regionSubscriptions } from '../regions/platform-subscriptions.service.ts';
import { getSetting, onSettingChange } from '../settings/settings.service.ts';
import { liveLinks } from '../subscriptions/subscription-links.service.ts';
import { countLiveSubscriptions } from '../subscriptions/subscriptions.service.ts';
import { administratorStatuses } from '../users/users.service.ts';
import { findCheckRow, saveCheckRow } from './identity-checks.repository.ts';
import { IDENTITY_PROBLEM_KINDS } from './identity-checks.schema.ts';

/**
 * Tenant identity health checks (product.md §4, seed 002 "Perform Tenant Identity Health Checks",
 * seed 003's onboarding checklist). For one tenant:
 *
 * - the directory recorded on the tenant matches the directory (tenant id) the region reports for
 *   each of its subscriptions. Directory ids are GUIDs compared without regard to case. A tenant
 *   directory recorded as a domain cannot be compared offline with a GUID: it is resolved only when
 *   the tenant's Entra sign-in mapping was saved with that very domain (Entra named its tenant id
 *   then); otherwise the check says "unresolved", never "mismatch";
 * - the tenant's sign-in mapping (the nearest enabled one up its chain), if any, answers discovery;
 * - the tenant has at least one active administrator.
 *
 * Each check replaces the tenant's last result (shown on the tenant). While the setting is on,
 * problems are raised as alerts (one per tenant and kind, about the tenant) and a daily schedule
 * checks every tenant; alerts whose problem is gone are resolved by any check.
 */

type ProblemKind = (typeof IDENTITY_PROBLEM_KINDS)[number];

interface IdentityProblem {
  kind: ProblemKind;
  severity: AlertSeverity;
  message: string;
  /** A subscription (sub_…) or a mapping (idp_…) when the problem is about one. */
  subject: string | null;
}

interface IdentityNote {
  message: string;
  subject: string | null;
}

interface CheckResult {
  problems: IdentityProblem[];
  notes: IdentityNote[];
}

type Trigger = 'schedule' | 'manual' | 'onboarding';

export const IDENTITY_CHECK_JOB = 'tenants.identity-check';
const IDENTITY_CHECK_SETTING = 'subscriptions.identityHealthChecks';
const SCHEDULE_KEY = 'tenants:identity-check';
/** Daily, at a quiet hour (UTC). */
const SCHEDULE_CRON = '30 3 * * *';
/** How long a check waits for a provider's discovery document: a health check, not a sign-in. */
const DISCOVERY_TIMEOUT_SECONDS = 5;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const PLATFORM_SCOPE: Scope = {
  level: 'platform',
  orgId: PLATFORM_ORG_ID,
  distributorId: null,
  partnerId: null,
  tenantId: null,
};

const ALERT_TITLES: Record<ProblemKind, string> = {
  directory_mismatch: 'Tenant directory differs from its subscriptions on the region',
  directory_unresolved: 'Tenant directory cannot be compared with the region',
  identity_provider_unreachable: "Tenant's identity provider does not answer",
  no_active_admin: 'Tenant has no active administrator',
};

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** A CMS subscription linked to an Azure Stack subscription, and what its region reports of it. */
interface LinkedSubscription {
  subscriptionId: string;
  name: string;
  regionId: string;
  azsSubscriptionId: string;
  onRegion: RegionSubscriptionRow | undefined;
}

/**
 * Every live link of every Azure Stack Hub region, with the region's record of the Azure Stack
 * subscription (refreshed by each usage collection), by tenant. One read per region.
 */
async function linkedSubscriptionsByTenant(app: AppContext): Promise<Map<string, LinkedSubscription[]>> {
  const byTenant = new Map<string, LinkedSubscription[]>();
  for (const regionId of await azureStackRegionIds(app)) {
    const [links, seen] = await Promise.all([liveLinks(app, regionId), regionSubscriptions(app, regionId)]);
    const onRegion = new Map(seen.map((row) => [row.azs_subscription_id.toLowerCase(), row]));
    for (const link of links.values()) {
      const list = byTenant.get(link.tenantId) ?? [];
      list.push({
        subscriptionId: link.subscriptionId,
        name: link.name,
        regionId,
        azsSubscriptionId: link.azsSubscriptionId,
        onRegion: onRegion.get(link.azsSubscriptionId.toLowerCase()),
      });
      byTenant.set(link.tenantId, list);
    }
  }
  return byTenant;
}

/**
 * The tenant's directory as a tenant id, when that is known offline: the recorded GUID, or the
 * tenant id Entra named for the recorded domain when the tenant's Entra mapping was saved with it.
 */
function directoryTenantId(
  recorded: string,
  mapping: { preset: string; entraTenantId: string | null; entraDomain: string | null } | undefined,
): string | null {
  if (GUID.test(recorded)) return recorded.toLowerCase();
  if (
    mapping?.preset === 'entra' &&
    mapping.entraTenantId !== null &&
    mapping.entraDomain !== null &&
    mapping.entraDomain.toLowerCase() === recorded.toLowerCase()
  ) {
    return mapping.entraTenantId.toLowerCase();
  }
  return null;
}

/** Runs the checks for one tenant (reads and, for a mapping, one discovery request); writes nothing. */
async function evaluateTenant(
  app: AppContext,
  tenant: OrganisationRow,
  linked: readonly LinkedSubscription[],
): Promise<CheckResult> {
  const db = app.db.kysely;
  const problems: IdentityProblem[] = [];
  const notes: IdentityNote[] = [];
  const mapping = await signInMappingOf(db, tenant);

  // 1. The directory, against each linked subscription's directory on its region.
  const recorded = tenant.directory_id;
  const resolved = recorded === null ? null : directoryTenantId(recorded, mapping);
  const uncompared: string[] = [];
  for (const sub of linked) {
    const label = `Subscription "${sub.name}" (${sub.azsSubscriptionId})`;
    const reported = sub.onRegion?.directory_tenant ?? null;
    if (sub.onRegion === undefined || reported === null) {
      notes.push({
        subject: sub.subscriptionId,
        message: `${label} has not been reported with a directory by its region yet (the next usage collection records it); not compared.`,
      });
    } else if (!GUID.test(reported)) {
      notes.push({
        subject: sub.subscriptionId,
        message: `${label}: the region reports the directory "${reported}", which is not a tenant id; not compared.`,
      });
    } else if (recorded === null) {
      uncompared.push(sub.subscriptionId);
    } else if (resolved === null) {
      uncompared.push(sub.subscriptionId);
    } else if (resolved !== reported.toLowerCase()) {
      problems.push({
        kind: 'directory_mismatch',
        severity: 'warning',
        subject: sub.subscriptionId,
        message: `${label} is in directory ${reported.toLowerCase()} on its region, but the tenant's directory is ${recorded}${resolved === recorded.toLowerCase() ? '' : ` (${resolved})`}.`,
      });
    }
  }
  if (uncompared.length > 0 && recorded === null) {
    notes.push({
      subject: null,
      message: `The tenant has no directory recorded; ${uncompared.length} subscription(s) on a region were not compared. Record the tenant's Microsoft Entra directory to check them.`,
    });
  } else if (uncompared.length > 0) {
    problems.push({
      kind: 'directory_unresolved',
      severity: 'info',
      subject: null,
      message: `The tenant's directory is recorded as the domain ${recorded}, which cannot be resolved to a tenant id offline, so ${uncompared.length} subscription(s) were not compared with the directory ids their region reports. Record the directory's tenant id (a GUID), or give the tenant a Microsoft Entra sign-in mapping for this domain.`,
    });
  }
  const unlinked = (await countLiveSubscriptions(db, tenant.id)) - linked.length;
  if (unlinked > 0) {
    notes.push({
      subject: null,
      message: `${unlinked} subscription(s) are not linked to an Azure Stack Hub region; not compared.`,
    });
  }

  // 2. The sign-in mapping the tenant's users use, if any: its discovery document answers.
  if (mapping === undefined) {
    notes.push({
      subject: null,
      message: 'No identity provider mapping applies to the tenant; nothing to reach.',
    });
  } else {
    const reason = await discoveryProblem(mapping.issuer, DISCOVERY_TIMEOUT_SECONDS);
    const whose = mapping.orgId === tenant.id ? 'The tenant' : 'An organisation above the tenant';
    if (reason !== null) {
      problems.push({
        kind: 'identity_provider_unreachable',
        severity: 'warning',
        subject: mapping.id,
        message: `${whose} maps sign-in to "${mapping.name}" (${mapping.issuer}), whose discovery does not answer: ${reason}`,
      });
    }
  }

  // 3. At least one administrator who can sign in.
  const admins = await administratorStatuses(db, tenant.id, app.clock);
  if (admins.active === 0) {
    const others = [
      admins.invited > 0 ? `${admins.invited} invited, not yet activated` : null,
      admins.disabled > 0 ? `${admins.disabled} disabled` : null,
      admins.locked_out > 0 ? `${admins.locked_out} locked out` : null,
    ].filter((text) => text !== null);
    problems.push({
      kind: 'no_active_admin',
      // An invitation on its way is the normal state of a new tenant: worth knowing, not a fault.
      severity: admins.invited > 0 ? 'info' : 'warning',
      subject: null,
      message:
        others.length === 0
          ? 'The tenant has no administrator.'
          : `The tenant has no active administrator (${others.join(', ')}).`,
    });
  }
  return { problems, notes };
}

/**
 * Records a result in the caller's transaction: the tenant's last check, and its alerts (raised
 * only while the setting is on; resolved for every kind no longer found). Undefined when the
 * tenant was deleted meanwhile.
 */
async function recordResult(
  trx: Kysely<Database>,
  ctx: AnyContext,
  tenantId: string,
  result: CheckResult,
  run: { trigger: Trigger; checkedBy: string | null; checkedAt: string; alerts: boolean },
): Promise<boolean> {
  const tenant = await lockOrganisation(trx, PLATFORM_SCOPE, tenantId, 'tenant');
  if (!tenant) return false;
  await saveCheckRow(trx, {
    tenant_id: tenantId,
    problems_json: JSON.stringify(result.problems),
    notes_json: JSON.stringify(result.notes),
    trigger: run.trigger,
    checked_by: run.checkedBy,
    checked_at: run.checkedAt,
  });
  for (const kind of IDENTITY_PROBLEM_KINDS) {
    const found = result.problems.filter((p) => p.kind === kind);
    const alertKind = `identity.${kind}`;
    if (found.length === 0) {
      await resolveAlerts(trx, ctx, { kind: alertKind, key: tenantId });
      continue;
    }
    if (!run.alerts) continue;
    const severity = found.reduce<AlertSeverity>(
      (worst, p) => (SEVERITY_RANK[p.severity] > SEVERITY_RANK[worst] ? p.severity : worst),
      'info',
    );
    await raiseAlert(trx, ctx, {
      kind: alertKind,
      key: tenantId,
      severity,
      title: `${tenant.name}: ${ALERT_TITLES[kind]}`,
      message: found.map((p) => p.message).join('\n'),
      details: { problems: found.slice(0, 50) },
      orgId: tenantId,
    });
  }
  return true;
}

async function alertsOn(ctx: AnyContext): Promise<boolean> {
  return (await getSetting(ctx, IDENTITY_CHECK_SETTING)) === true;
}

/** Checks one tenant now and records the result; false when the tenant is gone. */
async function checkAndRecord(
  ctx: RequestContext | SystemContext,
  tenant: OrganisationRow,
  trigger: Trigger,
): Promise<boolean> {
  const checkedAt = nowIso(ctx.app.clock);
  const linked = (await linkedSubscriptionsByTenant(ctx.app)).get(tenant.id) ?? [];
  const result = await evaluateTenant(ctx.app, tenant, linked);
  const alerts = await alertsOn(ctx);
  const checkedBy = ctx.actor?.userId ?? null;
  return transaction(ctx.app.db, async (trx) => {
    const recorded = await recordResult(trx, ctx, tenant.id, result, {
      trigger,
      checkedBy,
      checkedAt,
      alerts,
    });
    // A person's "Check now" is audited (it records a result and may raise or resolve alerts).
    if (recorded && trigger === 'manual') {
      await recordAudit(trx, ctx, {
        action: 'tenant.identityCheck',
        targetType: 'tenant',
        targetId: tenant.id,
        orgId: tenant.id,
        after: { problems: result.problems.map((p) => p.kind) },
      });
    }
    return recorded;
  });
}

// ---------------------------------------------------------------------------------------------
// The API.

function present(tenantId: string, row: Awaited<ReturnType<typeof findCheckRow>>, alerts: boolean) {
  if (!row) {
    return {
      tenantId,
      status: 'never_checked' as const,
      problems: [],
      notes: [],
      trigger: null,
      checkedAt: null,
      alertsRaised: alerts,
    };
  }
  const problems = JSON.parse(row.problems_json) as IdentityProblem[];
  return {
    tenantId,
    status: problems.length === 0 ? ('ok' as const) : ('problems' as const),
    problems,
    notes: JSON.parse(row.notes_json) as IdentityNote[],
    trigger: row.trigger,
    checkedAt: row.checked_at,
    alertsRaised: alerts,
  };
}

async function tenantInScope(ctx: RequestContext, tenantId: string): Promise<OrganisationRow> {
  const tenant = await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, tenantId, 'tenant');
  if (!tenant) throw AppError.notFound('Tenant');
  return tenant;
}

export async function isTenantVisible(ctx: RequestContext, tenantId: string): Promise<boolean> {
  return (
    (await findOrganisationInScope(ctx.app.db.kysely, ctx.actor.scope, tenantId, 'tenant')) !== undefined
  );
}

/** The tenant's last identity health check (404 outside the caller's scope). */
export async function getIdentityCheck(ctx: RequestContext, tenantId: string) {
  await tenantInScope(ctx, tenantId);
  const row = await findCheckRow(ctx.app.db.kysely, tenantId);
  return present(tenantId, row, await alertsOn(ctx));
}

/**
 * "Check now": runs the check for one tenant in the request (a few reads and at most one
 * discovery request of a few seconds) and answers the recorded result.
 */
export async function runIdentityCheck(ctx: RequestContext, tenantId: string) {
  const tenant = await tenantInScope(ctx, tenantId);
  await ctx.app.pause('identity-check.run');
  if (!(await checkAndRecord(ctx, tenant, 'manual'))) throw AppError.notFound('Tenant');
  return getIdentityCheck(ctx, tenantId);
}

/**
 * Seed 003's checklist: when a tenant's first administrator has been created, its identity
 * settings are checked and the problems shown on the tenant. Runs after the creation committed;
 * a failure is logged and never fails the creation.
 */
export async function checkNewTenantIdentity(ctx: RequestContext, tenantId: string): Promise<void> {
  try {
    const tenant = await findOrganisationInScope(ctx.app.db.kysely, PLATFORM_SCOPE, tenantId, 'tenant');
    if (tenant) await checkAndRecord(ctx, tenant, 'onboarding');
  } catch (error) {
    logLine(
      ctx,
      'error',
      { tenantId, err: error instanceof Error ? error.message : String(error) },
      'onboarding identity check failed',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// The scheduled check of every tenant.

/**
 * Registers the `tenants.identity-check` job type: checks every live tenant while the setting is
 * on, one fenced transaction per tenant; and the setting's hook that keeps the daily schedule in
 * step with it. Once per process. A run that starts while the setting is off (enqueued by hand, or
 * claimed just before it was switched off) does nothing.
 */
export function registerIdentityChecks(): void {
  if (jobType(IDENTITY_CHECK_JOB)) return;
  onSettingChange(IDENTITY_CHECK_SETTING, (trx, ctx, value) =>
    syncIdentityCheckSchedule(trx, ctx, value === true),
  );
  registerJobType<Record<string, never>, never>({
    type: IDENTITY_CHECK_JOB,
    maxAttempts: 3,
    retryBaseMs: 60_000,
    handler: async (job) => {
      if (!(await alertsOn(job.ctx))) {
        await job.progress({ done: 0, total: 0, message: 'Tenant identity health checks are switched off.' });
        return;
      }
      const byTenant = await linkedSubscriptionsByTenant(job.app);
      const tenantIds = await allLiveTenantIds(job.app.db.kysely);
      for (const [i, tenantId] of tenantIds.entries()) {
        job.signal.throwIfAborted();
        const tenant = await findOrganisationInScope(job.app.db.kysely, PLATFORM_SCOPE, tenantId, 'tenant');
        if (!tenant) continue;
        const checkedAt = nowIso(job.app.clock);
        const result = await evaluateTenant(job.app, tenant, byTenant.get(tenantId) ?? []);
        await job.fenced(
          (trx) =>
            recordResult(trx, job.ctx, tenantId, result, {
              trigger: 'schedule',
              checkedBy: null,
              checkedAt,
              alerts: true,
            }),
          { progress: { done: i + 1, total: tenantIds.length, message: tenant.name } },
        );
      }
    },
  });
}

/**
 * The daily schedule exists exactly while "Perform Tenant Identity Health Checks" is on: switching
 * it on creates it (unchanged timing keeps its next run), switching it off removes it, so the jobs
 * list shows no daily run that would do nothing. In the setting's transaction.
 */
async function syncIdentityCheckSchedule(trx: Kysely<Database>, ctx: AnyContext, on: boolean): Promise<void> {
  if (on) {
    await upsertSchedule(trx, ctx, SCHEDULE_KEY, {
      type: IDENTITY_CHECK_JOB,
      payload: {},
      cron: SCHEDULE_CRON,
    });
  } else {
    await removeSchedule(trx, SCHEDULE_KEY);
  }
}

/**
 * At start: the schedule as the setting says (a value seeded from the environment, or a schedule
 * an earlier version created while the setting was off, is put right).
 */
export async function ensureIdentityCheckSchedule(ctx: SystemContext): Promise<void> {
  const on = await alertsOn(ctx);
  await transaction(ctx.app.db, (trx) => syncIdentityCheckSchedule(trx, ctx, on));
}
