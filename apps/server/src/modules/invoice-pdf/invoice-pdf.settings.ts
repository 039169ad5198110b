import type { Kysely } from 'kysely';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { getSetting } from '../settings/settings.service.ts';

/** The colours of "Invoice Settings" (seed 002), each #rrggbb. */
export interface InvoiceTheme {
  headerBackground: string;
  headerFont: string;
  bodyBackground: string;
  bodyFont: string;
  footerBackground: string;
  footerFont: string;
  groupingBackground: string;
  groupingFont: string;
}

const THEME_KEYS: Record<keyof InvoiceTheme, string> = {
  headerBackground: 'invoices.headerBackgroundColor',
  headerFont: 'invoices.headerFontColor',
  bodyBackground: 'invoices.bodyBackgroundColor',
  bodyFont: 'invoices.bodyFontColor',
  footerBackground: 'invoices.footerBackgroundColor',
  footerFont: 'invoices.footerFontColor',
  groupingBackground: 'invoices.groupingBackgroundColor',
  groupingFont: 'invoices.groupingFontColor',
};

/** The colours as set now (read for every rendering, so a change applies to the next PDF). */
export async function invoiceTheme(
  ctx: AnyContext | AppContext,
  db?: Kysely<Database>,
): Promise<InvoiceTheme> {
  const theme = {} as InvoiceTheme;
  for (const [field, key] of Object.entries(THEME_KEYS) as [keyof InvoiceTheme, string][]) {
    theme[field] = String(await getSetting(ctx, key, db));
  }
  return theme;
}
