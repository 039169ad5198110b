import type { Kysely } from 'kysely';
import type { Scope } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { paginate } from '../../http/pagination.ts';
import { scopeWhere } from '../../tenancy/scope.ts';

export interface AuditFilter {
  action?: string;
  targetType?: string;
  targetId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
}

/** Audit rows whose organisation is, today, inside the viewer's branch; newest first. */
export function listAuditRows(
  db: Kysely<Database>,
  scope: Scope,
  filter: AuditFilter,
  page: { limit: number; cursor: string | undefined },
) {
  let query = db
    .selectFrom('audit_events')
    .innerJoin('organisations as org', 'org.id', 'audit_events.org_id')
    .leftJoin('users as actor', 'actor.id', 'audit_events.actor_user_id')
    .leftJoin('organisations as actor_org', 'actor_org.id', 'audit_events.actor_org_id')
    .$call(scopeWhere(scope, 'org'))
    .select([
      'audit_events.id',
      'audit_events.occurred_at',
      'audit_events.actor_kind',
      'audit_events.actor_user_id',
      'audit_events.ip',
      'audit_events.user_agent',
      'audit_events.request_id',
      'audit_events.action',
      'audit_events.target_type',
      'audit_events.target_id',
      'audit_events.before_json',
      'audit_events.after_json',
      'actor.first_name as actor_first_name',
      'actor.last_name as actor_last_name',
      'actor.email as actor_email',
      'actor.deleted_at as actor_deleted_at',
      'actor_org.distributor_id as actor_distributor_id',
      'actor_org.partner_id as actor_partner_id',
      'actor_org.tenant_id as actor_tenant_id',
    ]);
  if (filter.action) query = query.where('audit_events.action', '=', filter.action);
  if (filter.targetType) query = query.where('audit_events.target_type', '=', filter.targetType);
  if (filter.targetId) query = query.where('audit_events.target_id', '=', filter.targetId);
  if (filter.actorUserId) query = query.where('audit_events.actor_user_id', '=', filter.actorUserId);
  if (filter.from) query = query.where('audit_events.occurred_at', '>=', filter.from);
  if (filter.to) query = query.where('audit_events.occurred_at', '<', filter.to);
  return paginate(
    query,
    { column: 'audit_events.id', idColumn: 'audit_events.id', direction: 'desc' },
    { ...page, sortValue: (row) => row.id },
  );
}
