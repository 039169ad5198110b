import type { RequestContext } from '../../context.ts';
import { csvDocument } from '../../http/csv.ts';
import { filterVisibleOrganisationIds, organisationNames } from '../organisations/organisations.service.ts';
import { regionNamesById } from '../regions/regions.service.ts';
import { subscriptionNames, visibleSubscriptionIds } from '../subscriptions/subscriptions.service.ts';
import { filterVisibleUserIds, userNames } from '../users/users.service.ts';
import { type AuditFilter, listAuditRows } from './audit-query.repository.ts';

// Searching and exporting the audit log. Unlike the writer (audit.service.ts) it asks other
// modules which ids the viewer may see, to hide the rest.

export interface AuditEventView {
  id: string;
  occurredAt: string;
  action: string;
  targetType: string;
  targetId: string;
  targetName: string | null;
  actor: { kind: 'user' | 'system' | 'provider'; userId: string | null; name: string; email: string | null };
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const OBJECT_ID = /^(plt|dst|ptn|ten|sub|usr)_[0-9a-hjkmnp-tv-z]{26}$/;
export const HIDDEN = '[hidden]';

/**
 * Replaces every id in the recorded values that names an object the viewer cannot see (an
 * upstream partner, the other side of a move…) by "[hidden]": such objects do not exist for it.
 */
async function hideInvisibleIds(ctx: RequestContext, payloads: (Record<string, unknown> | null)[]) {
  if (ctx.actor.scope.level === 'platform') return payloads;
  const ids = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string' && OBJECT_ID.test(value)) ids.add(value);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  payloads.forEach(collect);
  const byPrefix = (prefixes: string[]) => [...ids].filter((id) => prefixes.includes(id.slice(0, 3)));
  const visible = new Set([
    ...(await filterVisibleOrganisationIds(ctx, byPrefix(['plt', 'dst', 'ptn', 'ten']))),
    ...(await visibleSubscriptionIds(ctx, byPrefix(['sub']))),
    ...(await filterVisibleUserIds(ctx, byPrefix(['usr']))),
  ]);
  const hide = (value: unknown): unknown => {
    if (typeof value === 'string') return OBJECT_ID.test(value) && !visible.has(value) ? HIDDEN : value;
    if (Array.isArray(value)) return value.map(hide);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v)]));
    }
    return value;
  };
  return payloads.map((p) => hide(p) as Record<string, unknown> | null);
}

const ORGANISATION_TYPES = new Set(['platform', 'distributor', 'partner', 'tenant']);

/**
 * The current names of the audited objects the viewer may see, from the modules that own them;
 * an object outside the viewer's scope, or of a type without a name here, has none (null).
 */
async function targetNames(ctx: RequestContext, rows: { target_type: string; target_id: string }[]) {
  const idsOf = (test: (type: string) => boolean) => [
    ...new Set(rows.filter((r) => test(r.target_type)).map((r) => r.target_id)),
  ];
  const [organisations, subscriptions, users, regions] = await Promise.all([
    organisationNames(
      ctx,
      idsOf((type) => ORGANISATION_TYPES.has(type)),
    ),
    subscriptionNames(
      ctx,
      idsOf((type) => type === 'subscription'),
    ),
    userNames(
      ctx,
      idsOf((type) => type === 'user'),
    ),
    // Region events are recorded on the platform: only platform staff see those rows.
    regionNamesById(
      ctx.app.db.kysely,
      idsOf((type) => type === 'region'),
    ),
  ]);
  return (row: { target_type: string; target_id: string }) =>
    (ORGANISATION_TYPES.has(row.target_type)
      ? organisations
      : row.target_type === 'subscription'
        ? subscriptions
        : row.target_type === 'user'
          ? users
          : row.target_type === 'region'
            ? regions
            : undefined
    )?.get(row.target_id) ?? null;
}

/**
 * Audit rows visible to the caller. Actors from outside the viewer's branch (the levels above it)
 * show as "Provider staff" with no name or address, so tenants never learn the upstream layers.
 */
export async function listAuditEvents(
  ctx: RequestContext,
  filter: AuditFilter,
  page: { limit: number; cursor: string | undefined },
) {
  const scope = ctx.actor.scope;
  const { items, nextCursor } = await listAuditRows(ctx.app.db.kysely, scope, filter, page);
  const payloads = await hideInvisibleIds(
    ctx,
    items.flatMap((row) => [
      row.before_json ? (JSON.parse(row.before_json) as Record<string, unknown>) : null,
      row.after_json ? (JSON.parse(row.after_json) as Record<string, unknown>) : null,
    ]),
  );
  const nameOf = await targetNames(ctx, items);
  const views: AuditEventView[] = items.map((row, i) => {
    const actorVisible =
      row.actor_kind === 'system' ||
      scope.level === 'platform' ||
      (scope.level === 'distributor' && row.actor_distributor_id === scope.orgId) ||
      (scope.level === 'partner' && row.actor_partner_id === scope.orgId) ||
      (scope.level === 'tenant' && row.actor_tenant_id === scope.orgId);
    const name = [row.actor_first_name, row.actor_last_name].filter(Boolean).join(' ');
    return {
      id: row.id,
      occurredAt: row.occurred_at,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      targetName: nameOf(row),
      actor:
        row.actor_kind === 'system'
          ? { kind: 'system', userId: null, name: 'System', email: null }
          : actorVisible
            ? {
                kind: 'user',
                userId: row.actor_user_id,
                name: row.actor_deleted_at ? 'Deleted user' : name || (row.actor_email ?? ''),
                email: row.actor_deleted_at ? null : row.actor_email,
              }
            : { kind: 'provider', userId: null, name: 'Provider staff', email: null },
      ip: actorVisible ? row.ip : null,
      userAgent: actorVisible ? row.user_agent : null,
      requestId: row.request_id,
      before: payloads[2 * i] ?? null,
      after: payloads[2 * i + 1] ?? null,
    };
  });
  return { items: views, nextCursor };
}

const EXPORT_LIMIT = 100_000;
const EXPORT_PAGE = 1_000;

export async function exportAuditEventsCsv(ctx: RequestContext, filter: AuditFilter): Promise<string> {
  const header = [
    'occurredAt',
    'actor',
    'actorEmail',
    'action',
    'targetType',
    'targetId',
    'targetName',
    'ip',
    'requestId',
    'before',
    'after',
  ];
  const rows: unknown[][] = [];
  let cursor: string | undefined;
  let count = 0;
  do {
    const page = await listAuditEvents(ctx, filter, { limit: EXPORT_PAGE, cursor });
    for (const e of page.items) {
      rows.push([
        e.occurredAt,
        e.actor.name,
        e.actor.email,
        e.action,
        e.targetType,
        e.targetId,
        e.targetName,
        e.ip,
        e.requestId,
        e.before,
        e.after,
      ]);
    }
    count += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && count < EXPORT_LIMIT);
  return csvDocument(header, rows);
}
