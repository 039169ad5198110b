import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type {
  Database,
  InvoiceKind,
  InvoiceLineKind,
  InvoiceStatus,
  RatedLineKind,
} from '../../db/schema.ts';

/**
 * What reports read of invoices (modules/reports), unscoped: the caller has found the tenant in
 * its scope first. What stands billed for a tenant-period is what issued (or paid) documents say:
 * a voided invoice and the credit note that voided it cancel out, so neither is read here.
 */

const STANDING: InvoiceStatus[] = ['issued', 'paid'];

export interface PeriodInvoiceHead {
  id: string;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
}

/** A tenant-period's own invoice (preview, issued, paid or void); null when none was generated. */
export async function periodInvoiceHead(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<PeriodInvoiceHead | null> {
  const row = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'kind', 'status'])
    .where('period_key', '=', `${tenantId}:${period}`)
    .executeTakeFirst();
  return row ?? null;
}

export function isStanding(head: PeriodInvoiceHead | null): head is PeriodInvoiceHead {
  return head !== null && STANDING.includes(head.status);
}

/**
 * `own`: a line of the period's own invoice; `adjustment`: a prior-period adjustment for the period
 * on a later invoice of the tenant; `credited`: a credit-note line against either.
 */
export type BilledRole = 'own' | 'adjustment' | 'credited';

export interface BilledLine {
  role: BilledRole;
  kind: InvoiceLineKind;
  sourceKind: RatedLineKind;
  position: number;
  parentPosition: number | null;
  subscriptionId: string | null;
  meterId: string | null;
  /** Usage in the meter's unit; adjustment lines carry the difference, credit notes none. */
  rawQuantity: string | null;
  amount: string;
  unpriced: boolean;
}

const COLUMNS = [
  'l.kind',
  'l.source_kind',
  'l.position',
  'l.parent_position',
  'l.subscription_id',
  'l.meter_id',
  'l.raw_quantity',
  'l.amount',
  'l.unpriced',
] as const;

type LineRow = {
  kind: InvoiceLineKind;
  source_kind: RatedLineKind | null;
  position: number;
  parent_position: number | null;
  subscription_id: string | null;
  meter_id: string | null;
  raw_quantity: string | null;
  amount: string;
  unpriced: number;
};

function billed(role: BilledRole, row: LineRow): BilledLine {
  return {
    role,
    kind: row.kind,
    sourceKind: row.source_kind ?? 'usage',
    position: Number(row.position),
    parentPosition: row.parent_position === null ? null : Number(row.parent_position),
    subscriptionId: row.subscription_id,
    meterId: row.meter_id,
    rawQuantity: row.raw_quantity === null ? null : toDecimalString(decimal(row.raw_quantity)),
    amount: toDecimalString(decimal(row.amount)),
    unpriced: Number(row.unpriced) === 1,
  };
}

/**
 * Every line (tax left out) that bills a tenant-period on a standing document: its own invoice's
 * lines (in position order), the adjustments for it on the tenant's later invoices, and the
 * credit-note lines against either.
 */
export async function billedLinesOfPeriod(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<BilledLine[]> {
  const periodKey = `${tenantId}:${period}`;
  const own = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(COLUMNS)
    .where('i.period_key', '=', periodKey)
    .where('i.status', 'in', STANDING)
    .where('l.kind', '!=', 'tax')
    .where('l.original_period', 'is', null)
    .orderBy('l.position')
    .execute();
  const adjustments = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoice_id')
    .select(COLUMNS)
    .where('i.tenant_id', '=', tenantId)
    .where('i.period_key', 'is not', null)
    .where('i.status', 'in', STANDING)
    .where('l.kind', '=', 'adjustment')
    .where('l.original_period', '=', period)
    .execute();
  const credited = await db
    .selectFrom('invoice_lines as l')
    .innerJoin('invoices as cn', 'cn.id', 'l.invoice_id')
    .innerJoin('invoices as i', 'i.id', 'cn.credits_invoice_id')
    .select(COLUMNS)
    .where('i.tenant_id', '=', tenantId)
    .where('i.status', 'in', STANDING)
    .where('cn.status', '!=', 'preview')
    .where('l.kind', '!=', 'tax')
    .where((eb) =>
      eb.or([
        eb('l.original_period', '=', period),
        eb.and([eb('l.original_period', 'is', null), eb('i.period_key', '=', periodKey)]),
      ]),
    )
    .execute();
  return [
    ...own.map((row) => billed('own', row)),
    ...adjustments.map((row) => billed('adjustment', row)),
    ...credited.map((row) => billed('credited', row)),
  ];
}
