import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Gauge } from 'prom-client';
import type { AnyContext, AppContext, RequestContext, Scope } from '../../context.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { AlertRow, AlertSeverity, AlertTable, Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { SINGLE_LINE_TEXT } from '../../http/field-rules.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { userNames } from '../users/users.service.ts';
import {
  type AlertFilter,
  type AlertListRow,
  type AlertStatusFilter,
  countAllUnresolved,
  countUnresolved,
  findAlert,
  insertAlertUnlessOpen,
  listAlertRows,
  lockAlert,
  lockOpenAlert,
  lockOpenAlerts,
  lockOpenAlertsByPrefix,
  resolveAlertRows,
  updateAlertRow,
} from './alerts.repository.ts';

// The alert store. Other modules raise and resolve alerts inside their own transactions
// (raiseAlert, resolveAlerts); people list, acknowledge and resolve them through the API.

export type { AlertSeverity };

export interface RaiseAlert {
  /** What kind of condition: dotted lower-case words, `usage.unknown_meter`. */
  kind: string;
  /** Which instance of the kind (a meter id, `region:meter`…); with kind, the condition's identity. */
  key: string;
  severity: AlertSeverity;
  title: string;
  message: string;
  /** Structured facts for the detail view (ids, counts, periods); at most 32 KB as JSON. */
  details?: Record<string, unknown> | null;
  regionId?: string | null;
  /**
   * The subject, which decides who sees the alert: a subscription (its tenant, partner,
   * distributor and the platform), else an organisation (its chain), else nobody but the platform.
   * Give one or neither. Leave them out for conditions only the operator should see.
   */
  subscriptionId?: string | null;
  orgId?: string | null;
}

export interface RaisedAlert {
  id: string;
  /** True when this raise opened a new alert; false when it updated the unresolved one. */
  opened: boolean;
  /** Severity before this raise (null when opened): a forwarder notifies on a rise. */
  previousSeverity: AlertSeverity | null;
}

const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;
const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const MAX_DETAILS = 32_768;

/**
 * Alert text comes from the system and from peers (an Azure Stack Hub error message): it is
 * stored whatever it holds, with the characters the contract's text rules refuse replaced (NUL
 * would fail the caller's transaction on PostgreSQL; a bidi override could disguise the text).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
const UNSAFE_LINE = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: as above, keeping line feeds and tabs
const UNSAFE_TEXT = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function openKeyOf(kind: string, key: string): string {
  return createHash('sha256').update(`${kind}\n${key}`).digest('hex');
}

/** Refuses what only a programming error can produce: the raise is the caller's, inside its transaction. */
function checkRaise(input: RaiseAlert): void {
  if (!KIND.test(input.kind) || input.kind.length > 60) throw new Error(`raiseAlert: bad kind ${input.kind}`);
  if (input.key.length === 0 || input.key.length > 400 || !SINGLE_LINE_TEXT.test(input.key)) {
    throw new Error(`raiseAlert: the key of ${input.kind} must be 1–400 characters of one line`);
  }
  if (!(input.severity in SEVERITY_RANK)) throw new Error(`raiseAlert: bad severity ${input.severity}`);
  if (input.subscriptionId && input.orgId) {
    throw new Error(
      'raiseAlert: give subscriptionId or orgId, not both (the subscription decides who sees it)',
    );
  }
  for (const id of [input.regionId, input.subscriptionId, input.orgId]) {
    if (id && !ID.test(id)) throw new Error(`raiseAlert: ${id} is not an id`);
  }
}

/**
 * Raises an alert inside the caller's transaction. While an alert of the same condition (kind +
 * key) is unresolved, acknowledged or not, this updates it: last seen, occurrences, the latest
 * title, message, details and severity; an acknowledgement stays unless the severity rises (a
 * condition that got worse asks for attention again). Once resolved, a new raise opens a new alert.
 * Its subject (subscription, organisation) and region stay those of the first raise.
 *
 * Takes the alert's row lock last: call it after the caller's own locks. Two transactions raising
 * the same condition at once end with one alert (the second waits on the unique open key).
 */
export async function raiseAlert(
  trx: Kysely<Database>,
  ctx: AnyContext,
  input: RaiseAlert,
): Promise<RaisedAlert> {
  checkRaise(input);
  const now = nowIso(ctx.app.clock);
  const openKey = openKeyOf(input.kind, input.key);
  const title = clip(input.title.replace(UNSAFE_LINE, '\uFFFD'), 200);
  const message = clip(input.message.replace(UNSAFE_TEXT, '\uFFFD'), 4000);
  const details = input.details ? JSON.stringify(input.details) : null;
  if (details && details.length > MAX_DETAILS)
    throw new Error(`raiseAlert: details of ${input.kind} over 32 KB`);

  let current = await lockOpenAlert(trx, openKey);
  if (!current) {
    const row: AlertTable = {
      id: newId('alr'),
      kind: input.kind,
      alert_key: input.key,
      open_key: openKey,
      severity: input.severity,
      title,
      message,
      details_json: details,
      region_id: input.regionId ?? null,
      subscription_id: input.subscriptionId ?? null,
      org_id: input.orgId ?? null,
      occurrences: 1,
      first_seen_at: now,
      last_seen_at: now,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      resolved_by: null,
    };
    await insertAlertUnlessOpen(trx, row);
    current = await lockOpenAlert(trx, openKey);
    if (!current) throw new Error('raiseAlert: the open alert vanished under its lock');
    if (current.id === row.id) return { id: row.id, opened: true, previousSeverity: null };
  }
  const escalated = SEVERITY_RANK[input.severity] > SEVERITY_RANK[current.severity];
  await updateAlertRow(trx, current.id, {
    severity: input.severity,
    title,
    message,
    details_json: details,
    occurrences: current.occurrences + 1,
    last_seen_at: now,
    ...(escalated ? { acknowledged_at: null, acknowledged_by: null } : {}),
  });
  return { id: current.id, opened: false, previousSeverity: current.severity };
}

/**
 * Resolves the unresolved alert of a condition whose cause has cleared (by kind and key), those of
 * several such conditions (`conditions`: one locking read for all, as a rating batch needs), or
 * every unresolved alert of a kind whose key starts with `keyPrefix` (or one of several prefixes: a
 * region's alerts, say) except the keys in `except` (the conditions that still hold), inside the
 * caller's transaction.
 * Recorded as resolved by the system. Returns how many it resolved.
 */
export async function resolveAlerts(
  trx: Kysely<Database>,
  ctx: AnyContext,
  condition:
    | { kind: string; key: string }
    | { conditions: readonly { kind: string; key: string }[] }
    | { kind: string; keyPrefix: string | readonly string[]; except?: ReadonlySet<string> },
): Promise<number> {
  const now = nowIso(ctx.app.clock);
  let ids: string[];
  if ('key' in condition) {
    const row = await lockOpenAlert(trx, openKeyOf(condition.kind, condition.key));
    ids = row ? [row.id] : [];
  } else if ('conditions' in condition) {
    const openKeys = [...new Set(condition.conditions.map((c) => openKeyOf(c.kind, c.key)))];
    ids = (await lockOpenAlerts(trx, openKeys)).map((row) => row.id);
  } else {
    const prefixes = typeof condition.keyPrefix === 'string' ? [condition.keyPrefix] : condition.keyPrefix;
    const rows = prefixes.length > 0 ? await lockOpenAlertsByPrefix(trx, condition.kind, prefixes) : [];
    // LIKE ignores case on MySQL: keep exact prefixes only.
    ids = rows
      .filter(
        (row) =>
          prefixes.some((prefix) => row.alert_key.startsWith(prefix)) &&
          !condition.except?.has(row.alert_key),
      )
      .map((row) => row.id);
  }
  await resolveAlertRows(trx, ids, now, null);
  return ids.length;
}

// ---------------------------------------------------------------------------------------------
// The API: people see, acknowledge and resolve the alerts of their branch.

function statusOf(row: AlertRow): 'open' | 'acknowledged' | 'resolved' {
  return row.resolved_at ? 'resolved' : row.acknowledged_at ? 'acknowledged' : 'open';
}

/**
 * Presents rows for the viewer. Who acknowledged or resolved shows by name only when the viewer may
 * see that user; staff from above the viewer's level show as "Provider staff".
 */
async function present(ctx: RequestContext, rows: NonNullable<AlertListRow>[]) {
  const people = [
    ...new Set(rows.flatMap((row) => [row.acknowledged_by, row.resolved_by]).filter((id) => id !== null)),
  ];
  const names = await userNames(ctx, people);
  const actor = (userId: string | null) =>
    userId === null
      ? { kind: 'system' as const, userId: null, name: 'System' }
      : names.has(userId)
        ? { kind: 'user' as const, userId, name: names.get(userId)! }
        : { kind: 'provider' as const, userId: null, name: 'Provider staff' };
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    key: row.alert_key,
    severity: row.severity,
    status: statusOf(row),
    title: row.title,
    message: row.message,
    details: row.details_json ? (JSON.parse(row.details_json) as Record<string, unknown>) : null,
    regionId: row.region_id,
    subscription:
      row.subscription_id && row.subscription_name !== null
        ? { id: row.subscription_id, name: row.subscription_name }
        : null,
    organisation:
      row.org_id && row.org_name !== null && row.org_kind !== null
        ? { id: row.org_id, kind: row.org_kind, name: row.org_name }
        : null,
    occurrences: row.occurrences,
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    acknowledged:
      row.acknowledged_at && row.acknowledged_by
        ? { at: row.acknowledged_at, by: actor(row.acknowledged_by) }
        : null,
    resolved: row.resolved_at ? { at: row.resolved_at, by: actor(row.resolved_by) } : null,
  }));
}

const BRANCH_LEVELS: Record<string, Scope['level']> = {
  plt: 'platform',
  dst: 'distributor',
  ptn: 'partner',
  ten: 'tenant',
};

export interface AlertListInput {
  status?: AlertStatusFilter | undefined;
  severity?: AlertSeverity | undefined;
  kind?: string | undefined;
  regionId?: string | undefined;
  subscriptionId?: string | undefined;
  orgId?: string | undefined;
  q?: string | undefined;
}

export async function listAlerts(
  ctx: RequestContext,
  input: AlertListInput,
  page: { limit: number; cursor?: string | undefined; includeTotal: boolean },
) {
  const { orgId, ...rest } = input;
  const filter: AlertFilter = { ...rest };
  if (orgId !== undefined) {
    const level = BRANCH_LEVELS[orgId.slice(0, 3)];
    if (!level) throw AppError.invalidField('query.orgId', 'Not an organisation id.');
    filter.branch = { level, orgId };
  }
  const result = await listAlertRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: await present(ctx, result.items) };
}

export async function getAlert(ctx: RequestContext, id: string) {
  const row = await findAlert(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Alert');
  return (await present(ctx, [row]))[0]!;
}

export async function isAlertVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findAlert(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

/** The unresolved alerts the caller can see, by severity: the shell's badge and Home. */
export async function alertSummary(ctx: RequestContext) {
  const rows = await countUnresolved(ctx.app.db.kysely, ctx.actor.scope);
  const empty = () => ({ info: 0, warning: 0, critical: 0, total: 0 });
  const summary = { open: empty(), acknowledged: empty() };
  for (const row of rows) {
    const counts = Number(row.acknowledged) === 1 ? summary.acknowledged : summary.open;
    counts[row.severity] += Number(row.n);
    counts.total += Number(row.n);
  }
  return summary;
}

/** The organisation whose audit trail records a change to the alert: its subject's, else the platform's. */
function auditOrg(row: NonNullable<AlertListRow>): string {
  return row.subscription_tenant_id ?? row.org_id ?? PLATFORM_ORG_ID;
}

/**
 * Marks an alert seen: it stays unresolved (a repeat updates it) and says who acknowledged it
 * and when. Acknowledging an acknowledged alert changes nothing; a resolved one is a conflict.
 */
export async function acknowledgeAlert(ctx: RequestContext, id: string) {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockAlert(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Alert');
    if (row.resolved_at)
      throw new AppError('conflict', 'This alert is resolved: there is nothing to acknowledge.');
    if (row.acknowledged_at) return;
    await ctx.app.pause('alert.acknowledge');
    const now = nowIso(ctx.app.clock);
    await updateAlertRow(trx, id, { acknowledged_at: now, acknowledged_by: ctx.actor.userId });
    const subject = (await findAlert(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, {
      action: 'alert.acknowledge',
      targetType: 'alert',
      targetId: id,
      orgId: auditOrg(subject),
      before: { acknowledged_at: null },
      after: { acknowledged_at: now, acknowledged_by: ctx.actor.userId },
    });
  });
  return getAlert(ctx, id);
}

/**
 * Resolves an alert by hand (a condition the system cannot see clear, or one dealt with). A
 * later raise of the condition opens a new alert. Resolving a resolved alert changes nothing.
 */
export async function resolveAlert(ctx: RequestContext, id: string) {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockAlert(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Alert');
    if (row.resolved_at) return;
    await ctx.app.pause('alert.resolve');
    const now = nowIso(ctx.app.clock);
    await resolveAlertRows(trx, [id], now, ctx.actor.userId);
    const subject = (await findAlert(trx, ctx.actor.scope, id))!;
    await recordAudit(trx, ctx, {
      action: 'alert.resolve',
      targetType: 'alert',
      targetId: id,
      orgId: auditOrg(subject),
      before: { resolved_at: null },
      after: { resolved_at: now, resolved_by: ctx.actor.userId },
    });
  });
  return getAlert(ctx, id);
}

/** `cms_alerts_unresolved{severity,acknowledged}`, read from the database at each scrape (all processes). */
export function registerAlertMetrics(app: AppContext): void {
  const db = app.db.kysely;
  new Gauge({
    name: 'cms_alerts_unresolved',
    help: 'Unresolved alerts, by severity and whether someone acknowledged them',
    labelNames: ['severity', 'acknowledged'],
    registers: [app.metrics.registry],
    async collect() {
      this.reset();
      for (const severity of ['info', 'warning', 'critical'] as const) {
        for (const acknowledged of ['true', 'false']) this.set({ severity, acknowledged }, 0);
      }
      for (const row of await countAllUnresolved(db)) {
        const acknowledged = Number(row.acknowledged) === 1 ? 'true' : 'false';
        this.set({ severity: row.severity, acknowledged }, Number(row.n));
      }
    },
  });
}
