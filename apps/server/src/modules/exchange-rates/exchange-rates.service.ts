import { decimal, toDecimalString } from '@cms/billing';
import type { RequestContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, PLATFORM_ORG_ID } from '../../db/ids.ts';
import type { ExchangeRateTable } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { periodClosedSince } from '../usage/periods.service.ts';
import {
  deleteExchangeRateRow,
  exchangeRateExists,
  findExchangeRate,
  insertExchangeRate,
  listExchangeRateRows,
  lockExchangeRate,
} from './exchange-rates.repository.ts';

export interface ExchangeRateInput {
  currency: string;
  rate: string;
  effectiveFrom: string;
}

function present(row: ExchangeRateTable, now: string) {
  return {
    id: row.id,
    baseCurrency: row.base_currency,
    currency: row.currency,
    // One canonical form on every engine (DECIMAL(38,18) reads back with 18 places).
    rate: toDecimalString(decimal(row.rate)),
    effectiveFrom: row.effective_from,
    effective: row.effective_from <= now,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function auditView(row: ExchangeRateTable) {
  return {
    baseCurrency: row.base_currency,
    currency: row.currency,
    rate: toDecimalString(decimal(row.rate)),
    effectiveFrom: row.effective_from,
  };
}

const platformOnly = (ctx: RequestContext) => ctx.actor.scope.level === 'platform';

export async function isExchangeRateVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return platformOnly(ctx) && (await findExchangeRate(ctx.app.db.kysely, id)) !== undefined;
}

export async function getExchangeRate(ctx: RequestContext, id: string) {
  const row = platformOnly(ctx) ? await findExchangeRate(ctx.app.db.kysely, id) : undefined;
  if (!row) throw AppError.notFound('Exchange rate');
  return present(row, nowIso(ctx.app.clock));
}

export async function listExchangeRates(
  ctx: RequestContext,
  currency: string | undefined,
  page: PageRequest,
) {
  if (!platformOnly(ctx)) return { items: [], nextCursor: null };
  const result = await listExchangeRateRows(ctx.app.db.kysely, currency, page);
  const now = nowIso(ctx.app.clock);
  return { ...result, items: result.items.map((row) => present(row, now)) };
}

function duplicate(id: string): AppError {
  return AppError.invalidField(
    'body.effectiveFrom',
    `A rate for this currency already takes effect at this instant (${id}); delete it first or choose another instant.`,
    'conflict',
  );
}

/**
 * Sets a rate against the platform currency as it is now (`billing.platformCurrency`); rating
 * ignores rates of another base, so changing the platform currency asks for new rates.
 */
export async function createExchangeRate(ctx: RequestContext, input: ExchangeRateInput) {
  const base = String(await getSetting(ctx, 'billing.platformCurrency'));
  if (input.currency === base) {
    throw AppError.invalidField(
      'body.currency',
      `${base} is the platform currency: its rate is 1 by definition.`,
      'invalid_request',
    );
  }
  const effectiveFrom = new Date(input.effectiveFrom).toISOString();
  return transaction(ctx.app.db, async (trx) => {
    const existing = await exchangeRateExists(trx, base, input.currency, effectiveFrom);
    if (existing) throw duplicate(existing);
    const now = nowIso(ctx.app.clock);
    const row: ExchangeRateTable = {
      id: newId('fxr'),
      base_currency: base,
      currency: input.currency,
      rate: toDecimalString(decimal(input.rate)),
      effective_from: effectiveFrom,
      created_by: ctx.actor.userId,
      created_at: now,
    };
    try {
      await insertExchangeRate(trx, row);
    } catch (error) {
      // Another writer set the same (currency, instant) since the check.
      if (isUniqueViolation(error)) throw duplicate('set meanwhile');
      throw error;
    }
    await recordAudit(trx, ctx, {
      action: 'exchangeRate.create',
      targetType: 'exchangeRate',
      targetId: row.id,
      orgId: PLATFORM_ORG_ID,
      after: auditView(row),
    });
    return present(row, now);
  });
}

/**
 * A rate not yet in effect can always be deleted (nothing used it). One already in effect can be
 * deleted while no invoice has been issued since it took effect: open periods are simply re-rated
 * with what remains, but an issued invoice may have frozen it (semantics.md: an issued invoice is
 * immutable and prints its rate), so after that it stays as the record. Until invoicing exists no
 * period is ever closed and every rate can be deleted; the check reads closed_periods, which
 * invoicing fills, so it holds without change once invoices are issued.
 */
export async function deleteExchangeRate(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await lockExchangeRate(trx, id);
    if (!row) throw AppError.notFound('Exchange rate');
    const now = nowIso(ctx.app.clock);
    if (row.effective_from <= now && (await periodClosedSince(trx, row.effective_from))) {
      throw new AppError(
        'has_dependents',
        'This rate has been in effect while invoices were issued, which may print it; it stays as the record. Add a newer rate instead.',
      );
    }
    await deleteExchangeRateRow(trx, id);
    await recordAudit(trx, ctx, {
      action: 'exchangeRate.delete',
      targetType: 'exchangeRate',
      targetId: id,
      orgId: PLATFORM_ORG_ID,
      before: auditView(row),
    });
  });
}
