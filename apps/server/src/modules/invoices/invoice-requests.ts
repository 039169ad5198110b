import { createHash } from 'node:crypto';
import type { RequestContext } from '../../context.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { enqueueJob } from '../jobs/index.ts';
import { getSetting } from '../settings/settings.service.ts';
import { localMonth } from '../usage/local-time.ts';

/** What "Generate" and "Issue all" queue: a period, chosen tenants or all, and who asked. */
export interface PeriodJobPayload extends Record<string, unknown> {
  period: string;
  /** Chosen tenants (sorted, once each); absent: all in the scope. */
  tenantIds?: string[];
  /** Who asked: the organisation whose tenants these are. */
  scope: { level: RequestContext['actor']['scope']['level']; orgId: string };
}

/**
 * Queues an invoicing job over a period ("Generate", "Issue all"): refuses a period that has not
 * begun and a chosen tenant that `accepted` leaves out (404 naming the first), then enqueues the
 * job in the transaction of its audit row, deduplicated per (organisation, period, tenants): the
 * same request while that job is queued or running answers that job.
 */
export async function requestPeriodJob(
  ctx: RequestContext,
  input: { period: string; tenantIds?: string[] | undefined },
  spec: {
    type: string;
    action: string;
    notBegun: string;
    unknownTenant: string;
    /** Of the chosen tenants (in the scope's terms), those the job may take. */
    accepted: (payload: PeriodJobPayload & { tenantIds: string[] }) => Promise<Set<string>>;
  },
) {
  const zone = String(await getSetting(ctx, 'platform.timeZone'));
  if (input.period > localMonth(ctx.app.clock(), zone)) {
    throw AppError.invalidField('body.period', spec.notBegun, 'invalid_request');
  }
  const scope = ctx.actor.scope;
  const chosen = input.tenantIds ? [...new Set(input.tenantIds)].sort() : undefined;
  const payload: PeriodJobPayload = {
    period: input.period,
    ...(chosen ? { tenantIds: chosen } : {}),
    scope: { level: scope.level, orgId: scope.orgId },
  };
  if (chosen) {
    const accepted = await spec.accepted({ ...payload, tenantIds: chosen });
    const missing = input.tenantIds!.findIndex((id) => !accepted.has(id));
    if (missing !== -1)
      throw AppError.invalidField(`body.tenantIds.${missing}`, spec.unknownTenant, 'not_found');
  }
  const which = chosen ? createHash('sha256').update(chosen.join(',')).digest('hex').slice(0, 16) : '*';
  const job = await transaction(ctx.app.db, async (trx) => {
    const queued = await enqueueJob(trx, ctx, {
      type: spec.type,
      payload,
      dedupeKey: `${scope.orgId}:${input.period}:${which}`,
      orgId: scope.orgId,
    });
    if (queued.created) {
      await recordAudit(trx, ctx, {
        action: spec.action,
        targetType: 'invoice',
        targetId: queued.id,
        orgId: scope.orgId,
        after: { jobId: queued.id, period: input.period, tenantIds: chosen ?? null },
      });
    }
    return queued;
  });
  ctx.app.jobs.wake();
  return { id: job.id, status: job.status, created: job.created, period: input.period };
}
