/**
 * What an invoice PDF shows: a plain document the invoices module builds from a frozen invoice (or
 * a preview), with every amount already rounded and written as decimal text (semantics.md
 * "Rounding, tax and totals"). The renderer prints these texts as they are, only grouping digits
 * and padding to the currency's minor unit: it does no arithmetic, so the PDF shows exactly the
 * numbers the invoice holds.
 */
export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note' | 'statement';
  /** null: a preview, printed with a "PREVIEW – not a valid invoice" mark on every page. */
  number: string | null;
  status: string;
  /** YYYY-MM-DD in the Platform Time Zone. */
  issueDate: string | null;
  dueDate: string | null;
  /** The billing period, YYYY-MM. */
  period: string;
  currency: { code: string; minorUnits: number };
  /** The rate the amounts were converted at: 1 `base` = `rate` `quote`. */
  exchangeRate: { base: string; quote: string; rate: string } | null;
  /** The organisation that issues the invoice (the tenant's partner); null: the platform. */
  issuer: { organisationId: string } | null;
  billTo: { name: string; contactName: string | null; email: string | null; addressLines: string[] };
  /** The reseller chain recorded on the invoice (as at the start of its period). */
  chain: { partnerName: string | null; distributorName: string | null };
  groups: InvoiceGroup[];
  subtotal: string;
  taxLines: { name: string; percentage: string; base: string; amount: string }[];
  total: string;
  amountPaid: string;
  amountDue: string;
  references: { creditsInvoiceNumber: string | null };
}

/** The lines of one subscription (or of the tenant itself: subscriptionId null). */
export interface InvoiceGroup {
  title: string;
  subscriptionId: string | null;
  lines: InvoiceLine[];
  subtotal: string;
}

export interface InvoiceLine {
  kind: 'usage' | 'discount' | 'credit' | 'adjustment';
  description: string;
  meterId: string | null;
  sku: string | null;
  quantity: string | null;
  unit: string | null;
  unitRate: string | null;
  /** A tiered price's slices, printed under the line; empty for a flat price. */
  tiers: InvoiceTier[];
  amount: string;
  /** A prior-period adjustment's period (YYYY-MM). */
  originalPeriod: string | null;
}

export interface InvoiceTier {
  from: string;
  /** null: the open-ended last tier. */
  to: string | null;
  quantity: string;
  rate: string;
  amount: string;
}
