import type { Invoice, InvoiceLine } from '../../api/types.ts';
import { sumAmounts } from '../../components/rating/rating-logic.ts';

/** A billing period as the API takes it: YYYY-MM. */
export const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export const KIND_NAMES: Record<Invoice['kind'], string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  statement: 'Statement',
};

export const STATUS_NAMES: Record<Invoice['status'], string> = {
  preview: 'Preview',
  issued: 'Issued',
  paid: 'Paid',
  void: 'Void',
};

/** The stored status, or what is derived from it (docs/invoices.md "Derived, not stored"). */
export function displayStatus(invoice: Pick<Invoice, 'status' | 'overdue' | 'partiallyPaid'>): {
  label: string;
  color: string;
} {
  if (invoice.status === 'issued') {
    if (invoice.overdue && invoice.partiallyPaid) return { label: 'Overdue, partially paid', color: 'red' };
    if (invoice.overdue) return { label: 'Overdue', color: 'red' };
    if (invoice.partiallyPaid) return { label: 'Partially paid', color: 'yellow' };
    return { label: 'Issued', color: 'blue' };
  }
  if (invoice.status === 'paid') return { label: 'Paid', color: 'green' };
  if (invoice.status === 'void') return { label: 'Void', color: 'gray' };
  return { label: 'Preview', color: 'violet' };
}

/** A document's title: its number once issued, else what it is. */
export function documentTitle(invoice: Pick<Invoice, 'number' | 'kind'>): string {
  return invoice.number ?? `${KIND_NAMES[invoice.kind]} preview`;
}

/** Is a decimal string zero ("0", "0.00", "-0.00")? Read as text, never as a float. */
export const isZero = (value: string) => /^-?0*(\.0*)?$/.test(value);

/** The places of the longest fraction among decimal strings (amounts as the server prints them). */
const placesOf = (values: readonly string[]) =>
  Math.max(0, ...values.map((v) => (v.includes('.') ? v.length - v.indexOf('.') - 1 : 0)));

export interface LineGroup {
  key: string;
  title: string;
  lines: InvoiceLine[];
  subtotal: string;
}

/**
 * The printed groups, in line order: one per subscription (its usage lines each followed by their
 * discount and item-credit lines, then its credits), "Credits" for the tenant's credits, and
 * "Prior period adjustments: YYYY-MM" per corrected period.
 */
export function groupLines(lines: readonly InvoiceLine[]): LineGroup[] {
  const groups = new Map<string, { title: string; lines: InvoiceLine[] }>();
  for (const line of [...lines].sort((a, b) => a.position - b.position)) {
    const [key, title] =
      line.kind === 'adjustment' && line.originalPeriod
        ? [`adjustment:${line.originalPeriod}`, `Prior period adjustments: ${line.originalPeriod}`]
        : line.subscriptionId
          ? [`subscription:${line.subscriptionId}`, line.subscriptionName ?? line.subscriptionId]
          : ['credits', 'Credits'];
    const group = groups.get(key) ?? { title, lines: [] };
    group.lines.push(line);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => ({
    key,
    title: group.title,
    lines: group.lines,
    subtotal: sumAmounts(
      group.lines.map((l) => l.amount),
      placesOf(group.lines.map((l) => l.amount)),
    ),
  }));
}
