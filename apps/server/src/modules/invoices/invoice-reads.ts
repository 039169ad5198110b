import { decimal, toDecimalString } from '@cms/billing';
import type { Kysely } from 'kysely';
import type {
  Database,
  InvoiceKind,
  InvoiceLineKind,
  InvoiceStatus,
  RatedLineKind,
} from '../../db/schema.ts';
import {
  type BilledLineRow,
  billedLineRows,
  documentOnlyLineRows,
  findPeriodInvoice,
} from './invoices.repository.ts';

/**
 * What reports read of invoices (modules/reports), unscoped: the caller has found the tenant in
 * its scope first. What stands billed for a tenant-period is what issued (or paid) documents say:
 * a voided invoice and the credit note that voided it cancel out, so neither is read here.
 */

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
  const row = await findPeriodInvoice(db, `${tenantId}:${period}`);
  return row ? { id: row.id, number: row.number, kind: row.kind, status: row.status } : null;
}

export function isStanding(head: PeriodInvoiceHead | null): head is PeriodInvoiceHead {
  return head !== null && (head.status === 'issued' || head.status === 'paid');
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

function billed(role: BilledRole, row: BilledLineRow): BilledLine {
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
  const { own, adjustments, credited } = await billedLineRows(db, tenantId, period);
  return [
    ...own.map((row) => billed('own', row)),
    ...adjustments.map((row) => billed('adjustment', row)),
    ...credited.map((row) => billed('credited', row)),
  ];
}

/** A line a standing document charges beyond the rated lines (see `documentOnlyLines`). */
export interface DocumentLine {
  documentNumber: string;
  currency: string;
  /** On a credit note against the period's invoice (else on the invoice itself). */
  creditNote: boolean;
  kind: InvoiceLineKind;
  sourceKind: RatedLineKind | null;
  subscription: { id: string; name: string } | null;
  regionId: string | null;
  meterId: string | null;
  sku: string | null;
  amount: string;
  unpriced: boolean;
  description: string;
  /** The earlier period a prior-period adjustment (or its credit) corrects. */
  originalPeriod: string | null;
}

/**
 * What the standing documents of a tenant-period charge that its rated lines do not show: the
 * invoice's tax lines and prior-period adjustments, and every line of the credit notes issued
 * against it. Nothing while the period's invoice is a preview or void.
 */
export async function documentOnlyLines(
  db: Kysely<Database>,
  tenantId: string,
  period: string,
): Promise<DocumentLine[]> {
  const { own, credited } = await documentOnlyLineRows(db, tenantId, period);
  const line =
    (creditNote: boolean) =>
    (row: (typeof own)[number]): DocumentLine => ({
      documentNumber: row.document_number ?? '',
      currency: row.currency,
      creditNote,
      kind: row.kind,
      sourceKind: row.source_kind,
      subscription: row.subscription_id
        ? { id: row.subscription_id, name: row.subscription_name ?? row.subscription_id }
        : null,
      regionId: row.region_id,
      meterId: row.meter_id,
      sku: row.sku,
      amount: toDecimalString(decimal(row.amount)),
      unpriced: Number(row.unpriced) === 1,
      description: row.description,
      originalPeriod: row.original_period,
    });
  return [...own.map(line(false)), ...credited.map(line(true))];
}
