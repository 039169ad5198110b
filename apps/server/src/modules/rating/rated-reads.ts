import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import { toCount } from '../../db/database.ts';
import type { Database, RatedLineKind, RatedLineTable, RatedPeriodTable } from '../../db/schema.ts';
import { findRatedPeriod, lineTotalsOf, ratedPeriodsOf, tenantLines } from './rating.repository.ts';

/**
 * What reports read of rating (modules/reports): the stored money of record of a tenant-period,
 * unscoped (the caller has found the tenant in its scope first). Decimals come back plain (the
 * engines pad DECIMAL columns with trailing zeros).
 */

export interface RatedPeriodHead {
  tenantId: string;
  period: string;
  currency: string;
  status: 'rated' | 'missing_exchange_rate';
  subtotal: string;
  unpricedLines: number;
  ratedAt: string;
}

export interface StoredLine {
  position: number;
  kind: RatedLineKind;
  parentPosition: number | null;
  subscriptionId: string | null;
  regionId: string | null;
  meterId: string | null;
  sku: string | null;
  rawQuantity: string | null;
  quantity: string | null;
  priceUnit: 'meter' | 'month' | null;
  amount: string;
  currency: string;
  unpriced: boolean;
  description: string | null;
}

const plain = (value: string): string => toDecimalString(decimal(value));
const plainOrNull = (value: string | null): string | null => (value === null ? null : plain(value));

function head(row: RatedPeriodTable): RatedPeriodHead {
  return {
    tenantId: row.tenant_id,
    period: row.period,
    currency: row.currency,
    status: row.status,
    subtotal: plain(row.subtotal),
    unpricedLines: Number(row.unpriced_lines),
    ratedAt: row.rated_at,
  };
}

function line(row: RatedLineTable): StoredLine {
  return {
    position: Number(row.position),
    kind: row.kind,
    parentPosition: row.parent_position === null ? null : Number(row.parent_position),
    subscriptionId: row.subscription_id,
    regionId: row.region_id,
    meterId: row.meter_id,
    sku: row.sku,
    rawQuantity: plainOrNull(row.raw_quantity),
    quantity: plainOrNull(row.quantity),
    priceUnit: row.price_unit,
    amount: plain(row.amount),
    currency: row.currency,
    unpriced: Number(row.unpriced) === 1,
    description: row.description,
  };
}

/** A tenant-period's head and its lines in printed order; null when it was never rated. */
export async function ratedPeriod(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<{ head: RatedPeriodHead; lines: StoredLine[] } | null> {
  const row = await findRatedPeriod(db, tenantId, period);
  if (!row) return null;
  return { head: head(row), lines: (await tenantLines(db, tenantId, period)).map(line) };
}

export interface PeriodTotals {
  head: RatedPeriodHead;
  /** Exact sums of the lines by kind (kinds without lines absent), and the number of lines. */
  byKind: Partial<Record<RatedLineKind, string>>;
  lines: number;
}

const CHUNK = 500;

/** Heads and line totals of one period for many tenants; tenants never rated are absent. */
export async function periodTotals(
  db: Kysely<Database>,
  tenantIds: readonly string[],
  period: string,
): Promise<Map<string, PeriodTotals>> {
  const out = new Map<string, PeriodTotals>();
  for (let i = 0; i < tenantIds.length; i += CHUNK) {
    const chunk = tenantIds.slice(i, i + CHUNK);
    for (const row of await ratedPeriodsOf(db, chunk, period)) {
      out.set(row.tenant_id, { head: head(row), byKind: {}, lines: 0 });
    }
    for (const row of await lineTotalsOf(db, chunk, period)) {
      const totals = out.get(row.tenant_id);
      if (!totals || row.amount === null) continue;
      totals.byKind[row.kind] = plain(row.amount);
      totals.lines += toCount(row.lines);
    }
  }
  return out;
}
