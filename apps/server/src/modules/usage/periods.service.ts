import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  anyPeriodClosedSince,
  insertClosedPeriods,
  tenantClosedPeriodRows,
  tenantsClosedOutside,
} from './usage.repository.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Closes tenants' periods on regions (each the region's local month, 'YYYY-MM'), in the caller's
 * transaction: invoicing calls it when the tenant's invoice for the period is issued. From then on
 * a re-pull that would remove or lower that period's usage is held (store.ts). Closing twice is a no-op.
 */
export async function closePeriods(
  trx: Kysely<Database>,
  periods: readonly { tenantId: string; regionId: string; period: string; invoiceId?: string | null }[],
  closedAt: string,
): Promise<void> {
  for (const { period } of periods) {
    if (!PERIOD.test(period)) throw new Error(`closePeriods: period must be 'YYYY-MM', got '${period}'`);
  }
  await insertClosedPeriods(
    trx,
    periods.map((p) => ({
      tenant_id: p.tenantId,
      region_id: p.regionId,
      period: p.period,
      closed_at: closedAt,
      invoice_id: p.invoiceId ?? null,
    })),
  );
}

/** closePeriods of one tenant-period on one region. */
export function closePeriod(
  trx: Kysely<Database>,
  tenantId: string,
  regionId: string,
  period: string,
  options: { closedAt: string; invoiceId?: string | null },
): Promise<void> {
  return closePeriods(
    trx,
    [{ tenantId, regionId, period, invoiceId: options.invoiceId ?? null }],
    options.closedAt,
  );
}

/**
 * Whether an invoice has been issued (a period closed) at or after this instant: anything that was
 * in effect from then on (an exchange rate) may be frozen in it. In the caller's transaction.
 */
export function periodClosedSince(db: Kysely<Database>, instant: string): Promise<boolean> {
  return anyPeriodClosedSince(db, instant);
}

/** Which of these tenants have a closed period other than `period` (invoicing's adjustments look there). */
export function tenantsWithOtherClosedPeriods(
  db: Kysely<Database>,
  tenantIds: readonly string[],
  period: string,
): Promise<Set<string>> {
  return tenantsClosedOutside(db, tenantIds, period);
}

/** A tenant's closed periods: each period once, with the invoice that closed it. */
export async function closedPeriodsOfTenant(
  db: Kysely<Database>,
  tenantId: string,
): Promise<{ period: string; invoiceId: string | null }[]> {
  const out = new Map<string, string | null>();
  for (const row of await tenantClosedPeriodRows(db, tenantId)) {
    if (!out.has(row.period) || out.get(row.period) === null) out.set(row.period, row.invoice_id);
  }
  return [...out].map(([period, invoiceId]) => ({ period, invoiceId }));
}
