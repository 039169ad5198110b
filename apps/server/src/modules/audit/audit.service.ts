import type { Kysely } from 'kysely';
import type { AnyContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { insertAuditEvents } from './audit.repository.ts';

// The audit writer, called by every module in the transaction of its change. It imports no other
// module (the search and its redaction live in audit-query.service.ts), so any module can use it
// without an import cycle.

export const PERSONAL_DATA = '[personal data]';

export interface AuditChange {
  /** Verb-style action id: `tenant.create`, `user.update`, `setting.update`. */
  action: string;
  targetType: string;
  targetId: string;
  /** The organisation the change belongs to; decides who can see the row. */
  orgId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Fields whose values are personal data: the row records that they changed, never the values. */
  personalFields?: readonly string[];
}

function redact(values: Record<string, unknown> | null | undefined, personal: readonly string[]) {
  if (!values) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = personal.includes(key) && value !== null && value !== undefined ? PERSONAL_DATA : value;
  }
  return out;
}

/** Keeps only the fields an update changed, so a row reads as the change it records. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/**
 * Appends an audit row. Always called with the transaction of the change it records, so a change
 * and its audit row commit or roll back together.
 */
export async function recordAudit(
  trx: Kysely<Database>,
  ctx: AnyContext,
  change: AuditChange,
): Promise<void> {
  await recordAudits(trx, ctx, [change]);
}

/** recordAudit of several changes of one transaction (a batch of a job), in few statements. */
export async function recordAudits(
  trx: Kysely<Database>,
  ctx: AnyContext,
  changes: readonly AuditChange[],
): Promise<void> {
  const occurredAt = nowIso(ctx.app.clock);
  await insertAuditEvents(
    trx,
    changes.map((change) => {
      const personal = change.personalFields ?? [];
      const before = redact(change.before, personal);
      const after = redact(change.after, personal);
      return {
        id: newId('aud'),
        occurred_at: occurredAt,
        actor_kind: ctx.actor ? 'user' : 'system',
        actor_user_id: ctx.actor?.userId ?? null,
        actor_org_id: ctx.actor?.scope.orgId ?? null,
        actor_token_id: ctx.actor?.tokenId ?? null,
        ip: ctx.ip,
        user_agent: ctx.userAgent,
        request_id: ctx.requestId,
        action: change.action,
        target_type: change.targetType,
        target_id: change.targetId,
        org_id: change.orgId,
        before_json: before ? JSON.stringify(before) : null,
        after_json: after ? JSON.stringify(after) : null,
      };
    }),
  );
}
