import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { PLATFORM_ORG_ID } from '../src/db/ids.ts';
import type { InvoiceDocument, InvoiceLine } from '../src/modules/invoice-pdf/document.ts';
import { pdfFonts } from '../src/modules/invoice-pdf/fonts.ts';
import { formatAmount, formatDate, formatDecimal, formatPeriod } from '../src/modules/invoice-pdf/format.ts';
import { invoicePdf, invoicePdfInput } from '../src/modules/invoice-pdf/invoice-pdf.service.ts';
import type { InvoiceTheme } from '../src/modules/invoice-pdf/invoice-pdf.settings.ts';
import { resolveIssuer } from '../src/modules/invoice-pdf/issuer.ts';
import { PdfRenderPool } from '../src/modules/invoice-pdf/pdf-pool.ts';
import { PREVIEW_MARK, type RenderInput, renderInvoicePdf } from '../src/modules/invoice-pdf/render.ts';
import { settingDefinition } from '../src/modules/settings/settings.registry.ts';
import type { TestApp } from './support/app.ts';
import { useEngineWorld } from './support/engine-world.ts';
import { ALL_ENGINES } from './support/engines.ts';
import {
  fillOperator,
  pdfContent,
  pdfPageCount,
  pdfRaster,
  pdfText,
  popplerStatus,
} from './support/pdf-tools.ts';
import { solidPng } from './support/png.ts';
import type { World } from './support/world.ts';

/**
 * Invoice PDFs (issue 14, "PDF rendering"): what pdftotext reads back from a rendered document
 * with hand-chosen amounts, pagination with repeated headings, identical bytes for identical
 * input, the Invoice Settings colours, Unicode names; and, on every engine, who the PDF names as
 * issuer (platform or partner: name, logo, payment details) and the settings behind it.
 */
const poppler = popplerStatus();
const readBack = poppler !== 'skip';
function requirePoppler(): void {
  if (poppler === 'fail')
    throw new Error('CI=true requires poppler-utils (pdftotext, pdftoppm) for the PDF tests.');
}

const DEFAULT_THEME: InvoiceTheme = Object.fromEntries(
  (
    [
      ['headerBackground', 'invoices.headerBackgroundColor'],
      ['headerFont', 'invoices.headerFontColor'],
      ['bodyBackground', 'invoices.bodyBackgroundColor'],
      ['bodyFont', 'invoices.bodyFontColor'],
      ['footerBackground', 'invoices.footerBackgroundColor'],
      ['footerFont', 'invoices.footerFontColor'],
      ['groupingBackground', 'invoices.groupingBackgroundColor'],
      ['groupingFont', 'invoices.groupingFontColor'],
    ] as const
  ).map(([field, key]) => [field, String(settingDefinition(key)!.defaultValue)]),
) as unknown as InvoiceTheme;

const usage = (line: Partial<InvoiceLine> & Pick<InvoiceLine, 'description' | 'amount'>): InvoiceLine => ({
  kind: 'usage',
  meterId: null,
  sku: null,
  quantity: null,
  unit: null,
  unitRate: null,
  tiers: [],
  originalPeriod: null,
  ...line,
});

/**
 * The hand-worked invoice (EUR, 2 places; every product rounded half away from zero):
 * Subscription A
 *   compute      1,250.5 h × 0.12                       = 150.06
 *   blob storage 150 GB-month, tiers 0–100: 100 × 1.00 = 100.00, over 100: 50 × 0.80 = 40.00 → 140.00
 *   discount     10% of compute 150.06 = 15.006          → −15.01
 *   subtotal     150.06 + 140.00 − 15.01                 = 275.05
 * Subscription B
 *   data out     2,000 GB × 0.025                        = 50.00
 *   credit                                               = −20.00
 *   adjustment   February's late compute 10 h × 0.12     = 1.20
 *   subtotal     50.00 − 20.00 + 1.20                    = 31.20
 * Reserved capacity 1 month × 1,234,567.89               = 1,234,567.89
 * Subtotal     275.05 + 31.20 + 1,234,567.89             = 1,234,874.14
 * VAT 7.7%     1,234,874.14 × 0.077 = 95,085.30878       → 95,085.31
 * Levy 0.5%    1,234,874.14 × 0.005 = 6,174.3707         → 6,174.37
 * Total        1,234,874.14 + 95,085.31 + 6,174.37       = 1,336,133.82
 * Paid 100,000.00, due 1,336,133.82 − 100,000.00         = 1,236,133.82
 */
function handWorkedInvoice(): InvoiceDocument {
  return {
    kind: 'invoice',
    number: 'INV-2024-000042',
    status: 'issued',
    issueDate: '2024-04-03',
    dueDate: '2024-05-03',
    period: '2024-03',
    currency: { code: 'EUR', minorUnits: 2 },
    exchangeRate: { base: 'USD', quote: 'EUR', rate: '0.921234' },
    issuer: null,
    billTo: {
      name: 'Zürich Ölçü Ltd – Ωmega',
      contactName: 'Łukasz Kowalski',
      email: 'billing@omega.example',
      addressLines: ['Bahnhofstrasse 1', '8001 Zürich'],
    },
    chain: { partnerName: 'Contoso Partner', distributorName: 'Fabrikam Distribution' },
    groups: [
      {
        title: 'Subscription A – Production',
        subscriptionId: 'sub_a',
        lines: [
          usage({
            description: 'Virtual machine compute, Standard_D2_v2',
            meterId: 'fab6eb84-500b-4a09-a8ca-7358f8bbaea5',
            quantity: '1250.5',
            unit: 'hours',
            unitRate: '0.12',
            amount: '150.06',
          }),
          usage({
            description: 'Blob storage, hot tier',
            sku: 'BLOB-HOT',
            quantity: '150',
            unit: 'GB-month',
            unitRate: '1.00',
            tiers: [
              { from: '0', to: '100', quantity: '100', rate: '1.00', amount: '100.00' },
              { from: '100', to: null, quantity: '50', rate: '0.80', amount: '40.00' },
            ],
            amount: '140.00',
          }),
          usage({ kind: 'discount', description: 'Partner promotion, 10% on compute', amount: '-15.01' }),
        ],
        subtotal: '275.05',
      },
      {
        title: 'Subscription B – Test',
        subscriptionId: 'sub_b',
        lines: [
          usage({
            description: 'Data transfer out',
            quantity: '2000',
            unit: 'GB',
            unitRate: '0.025',
            amount: '50',
          }),
          usage({ kind: 'credit', description: 'Service credit, outage of 12 March', amount: '-20.00' }),
          usage({
            kind: 'adjustment',
            description: 'Virtual machine compute, late usage',
            quantity: '10',
            unit: 'hours',
            unitRate: '0.12',
            amount: '1.2',
            originalPeriod: '2024-02',
          }),
        ],
        subtotal: '31.20',
      },
      {
        title: 'Reserved capacity',
        subscriptionId: null,
        lines: [
          usage({
            description: 'Reserved capacity, 3-year term',
            quantity: '1',
            unit: 'month',
            unitRate: '1234567.89',
            amount: '1234567.89',
          }),
        ],
        subtotal: '1234567.89',
      },
    ],
    subtotal: '1234874.14',
    taxLines: [
      { name: 'VAT', percentage: '7.7', base: '1234874.14', amount: '95085.31' },
      { name: 'Cantonal levy', percentage: '0.5', base: '1234874.14', amount: '6174.37' },
    ],
    total: '1336133.82',
    amountPaid: '100000.00',
    amountDue: '1236133.82',
    references: { creditsInvoiceNumber: null },
  };
}

const ISSUER = {
  name: 'Northwind Cloud Services',
  logo: { bytes: solidPng(240, 80, [20, 90, 160]), mime: 'image/png' as const },
  paymentDetails: 'Bank: Example Bank AG\nIBAN: CH93 0076 2011 6238 5295 7\nBIC: EXAMCHZZ',
};

const input = (document: InvoiceDocument, theme: InvoiceTheme = DEFAULT_THEME): RenderInput => ({
  document,
  issuer: ISSUER,
  theme,
});
const render = (document: InvoiceDocument, theme?: InvoiceTheme) =>
  renderInvoicePdf(input(document, theme), pdfFonts());

/** 300 lines over three subscriptions; every fifth has a long description that must wrap. */
function longInvoice(number: string | null): InvoiceDocument {
  const document = handWorkedInvoice();
  document.number = number;
  document.groups = [1, 2, 3].map((g) => ({
    title: `Subscription ${g}`,
    subscriptionId: `sub_${g}`,
    lines: Array.from({ length: 100 }, (_, i) => {
      const n = String((g - 1) * 100 + i + 1).padStart(3, '0');
      const long = i % 5 === 0;
      return usage({
        description: long
          ? `Line ${n} storage account blob capacity in the hot access tier of the production region, measured hourly and summed over the month, see the usage export for the details END-${n}`
          : `Line ${n} compute hours`,
        quantity: `${i + 1}`,
        unit: 'hours',
        unitRate: '1',
        amount: `${i + 1}.00`,
      });
    }),
    subtotal: '5050.00',
  }));
  return document;
}

describe('invoice PDF formatting (decimal text only)', () => {
  it('groups digits and pads to the minor unit without changing a digit', () => {
    expect(formatAmount('1234567.5', 2)).toBe('1,234,567.50');
    expect(formatAmount('-15.01', 2)).toBe('-15.01');
    expect(formatAmount('0', 2)).toBe('0.00');
    expect(formatAmount('999', 2)).toBe('999.00');
    expect(formatAmount('1000', 0)).toBe('1,000');
    expect(formatAmount('12345678901234567890.125', 3)).toBe('12,345,678,901,234,567,890.125');
    // More places than the currency has (a rate) are kept, never rounded here.
    expect(formatAmount('0.0125', 2)).toBe('0.0125');
    expect(formatDecimal('100000')).toBe('100,000');
    expect(formatDecimal('-1234.000001')).toBe('-1,234.000001');
    expect(() => formatAmount('1e3', 2)).toThrow(/Not a decimal/);
    expect(() => formatAmount('1,000', 2)).toThrow(/Not a decimal/);
  });

  it('writes periods and dates in words', () => {
    expect(formatPeriod('2024-03')).toBe('March 2024');
    expect(formatDate('2024-04-03')).toBe('3 April 2024');
    expect(formatDate('2024-12-31')).toBe('31 December 2024');
    expect(() => formatPeriod('2024-13')).toThrow();
  });

  it('ships default colours that read: every text colour against its background at 7:1 or more', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
      return (hi! + 0.05) / (lo! + 0.05);
    };
    const t = DEFAULT_THEME;
    for (const [font, background] of [
      [t.headerFont, t.headerBackground],
      [t.bodyFont, t.bodyBackground],
      [t.footerFont, t.footerBackground],
      [t.groupingFont, t.groupingBackground],
    ] as const) {
      expect(contrast(font, background), `${font} on ${background}`).toBeGreaterThanOrEqual(7);
    }
  });
});

describe.skipIf(!readBack)('invoice PDF read back with poppler', () => {
  beforeAll(requirePoppler);

  it('shows every amount, the number, the issuer, the bill-to party, tax lines and payment details', async () => {
    const text = pdfText(await render(handWorkedInvoice()));
    // A printed row, its columns' gaps closed to one space.
    const row = (label: string) => {
      const line = text
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .find((l) => l.includes(label));
      expect(line, `a line with "${label}" in:\n${text}`).toBeDefined();
      return line!;
    };
    expect(text).toContain('INV-2024-000042');
    expect(text).toContain('Northwind Cloud Services');
    expect(text).toContain('Zürich Ölçü Ltd – Ωmega');
    expect(text).toContain('Łukasz Kowalski');
    expect(text).toContain('Partner: Contoso Partner');
    expect(text).toContain('Distributor: Fabrikam Distribution');
    expect(text).toContain('3 April 2024');
    expect(text).toContain('3 May 2024');
    expect(text).toContain('March 2024');
    expect(row('Standard_D2_v2')).toMatch(/1,250\.5 hours 0\.12 150\.06$/);
    expect(row('Meter fab6eb84')).toContain('fab6eb84-500b-4a09-a8ca-7358f8bbaea5');
    expect(row('Blob storage, hot tier')).toMatch(/150 GB-month 140\.00$/);
    expect(row('Tier 1: 0 – 100')).toMatch(/100 GB-month 1\.00 100\.00$/);
    expect(row('Tier 2: over 100')).toMatch(/50 GB-month 0\.80 40\.00$/);
    expect(row('Partner promotion')).toMatch(/-15\.01$/);
    expect(row('Subtotal Subscription A')).toMatch(/275\.05$/);
    expect(row('Data transfer out')).toMatch(/2,000 GB 0\.025 50\.00$/);
    expect(row('Service credit')).toMatch(/-20\.00$/);
    expect(row('late usage')).toMatch(/10 hours 0\.12 1\.20$/);
    expect(text).toContain('Prior-period adjustment for February 2024');
    expect(row('Subtotal Subscription B')).toMatch(/31\.20$/);
    expect(row('Reserved capacity, 3-year')).toMatch(/1 month 1,234,567\.89 1,234,567\.89$/);
    expect(row('Subtotal Reserved capacity')).toMatch(/1,234,567\.89$/);
    expect(row('Subtotal 1,234,874.14')).toBe('Subtotal 1,234,874.14');
    expect(row('VAT 7.7%')).toBe('VAT 7.7% of 1,234,874.14 95,085.31');
    expect(row('Cantonal levy')).toBe('Cantonal levy 0.5% of 1,234,874.14 6,174.37');
    expect(row('Total (EUR)')).toBe('Total (EUR) 1,336,133.82');
    expect(row('Amount paid')).toBe('Amount paid 100,000.00');
    expect(row('Amount due')).toBe('Amount due 1,236,133.82');
    expect(text).toContain('Exchange rate used: 1 USD = 0.921234 EUR.');
    expect(text).toContain('IBAN: CH93 0076 2011 6238 5295 7');
    expect(text).toContain('BIC: EXAMCHZZ');
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain(PREVIEW_MARK);
  });

  it('prints statements and credit notes with their own titles, without payments', async () => {
    const statement = { ...handWorkedInvoice(), kind: 'statement' as const, number: 'ST-2024-000001' };
    const text = pdfText(await render(statement));
    expect(text).toContain('Statement');
    expect(text).not.toContain('Amount due');
    const credit = {
      ...handWorkedInvoice(),
      kind: 'credit_note' as const,
      number: 'CN-2024-000007',
      references: { creditsInvoiceNumber: 'INV-2024-000042' },
    };
    const creditText = pdfText(await render(credit));
    expect(creditText).toContain('Credit note');
    expect(creditText.replace(/\s+/g, ' ')).toContain('Credits invoice INV-2024-000042');
    expect(creditText).not.toContain('Amount paid');
  });

  it('paginates 300 lines with the column headings and the group repeated on every page, nothing lost', async () => {
    const pdf = await render(longInvoice('INV-2024-000300'));
    const pages = pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(6);
    const seen: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const text = pdfText(pdf, page);
      expect(text, `page ${page}`).toMatch(/Description\s+Quantity\s+Unit\s+Unit rate\s+Amount \(EUR\)/);
      expect(text, `page ${page}`).toContain(`Page ${page} of ${pages}`);
      expect(text, `page ${page}`).toContain('Bank: Example Bank AG');
      if (page > 1) {
        expect(text, `page ${page}`).toContain('Invoice INV-2024-000300 – Zürich Ölçü Ltd – Ωmega');
        // A page that does not start with a new group says which one it continues.
        const firstRow = text.split('\n').find((l) => /Line \d{3}|Subscription \d/.test(l)) ?? '';
        if (!/^\s*Subscription \d\s*$/.test(firstRow))
          expect(firstRow).toMatch(/Subscription \d \(continued\)/);
      }
      seen.push(...[...text.matchAll(/Line (\d{3})/g)].map((m) => m[1]!));
      // Every wrapped description ends on the page it started on.
      for (const start of text.matchAll(/Line (\d{3}) storage account/g))
        expect(text).toContain(`END-${start[1]}`);
    }
    expect(seen).toEqual(Array.from({ length: 300 }, (_, i) => String(i + 1).padStart(3, '0')));
    const last = pdfText(pdf, pages).replace(/\s+/g, ' ');
    expect(last).toContain('Amount due 1,236,133.82');
  });

  it('marks every page of a preview as not a valid invoice', async () => {
    const pdf = await render(longInvoice(null));
    const pages = pdfPageCount(pdf);
    for (let page = 1; page <= pages; page++)
      expect(pdfText(pdf, page), `page ${page}`).toContain(PREVIEW_MARK);
    expect(pdfText(pdf, 2)).toContain('Invoice (preview)');
  });

  it('paints the Invoice Settings colours: bands by pixel, every colour in the drawing operators', async () => {
    const theme: InvoiceTheme = {
      headerBackground: '#203040',
      headerFont: '#f0e0d0',
      bodyBackground: '#fffbe6',
      bodyFont: '#2b1d0e',
      footerBackground: '#0b5345',
      footerFont: '#fdfefe',
      groupingBackground: '#7d3c98',
      groupingFont: '#fef9e7',
    };
    const pdf = await render(handWorkedInvoice(), theme);
    const content = pdfContent(pdf);
    for (const [name, colour] of Object.entries(theme)) {
      expect(content, `${name} ${colour}`).toContain(fillOperator(colour));
    }
    // At 72 dpi a pixel is a point: the header band starts at the top, the footer band ends at
    // the bottom, the body fills the page's side margins, grouping rows sit inside the table.
    const page = pdfRaster(pdf, 1, 72);
    expect(page.at(5, 5)).toBe(theme.headerBackground);
    expect(page.at(5, page.height - 5)).toBe(theme.footerBackground);
    expect(page.at(10, Math.floor(page.height / 2))).toBe(theme.bodyBackground);
    const column = Array.from({ length: page.height }, (_, y) => page.at(38, y));
    expect(column.filter((c) => c === theme.groupingBackground).length).toBeGreaterThan(20);
    const defaults = pdfRaster(await render(handWorkedInvoice()), 1, 72);
    expect(defaults.at(5, 5)).toBe(DEFAULT_THEME.headerBackground);
  });

  it('embeds the issuer logo', async () => {
    const pdf = await render(handWorkedInvoice());
    const page = pdfRaster(pdf, 1, 72);
    // The logo (20, 90, 160) sits at the header's top left, 36 pt in and 26 pt down.
    expect(page.at(60, 40)).toBe('#145aa0');
    const without = pdfRaster(
      await renderInvoicePdf(
        { ...input(handWorkedInvoice()), issuer: { ...ISSUER, logo: null } },
        pdfFonts(),
      ),
      1,
      72,
    );
    expect(without.at(60, 40)).toBe(DEFAULT_THEME.headerBackground);
  });
});

describe('invoice PDF bytes', () => {
  let pool: PdfRenderPool;
  beforeAll(() => {
    pool = new PdfRenderPool(2);
  });
  afterAll(() => pool.close());

  it('are the same for the same input, on this thread and on the pool threads', async () => {
    const first = await render(handWorkedInvoice());
    const second = await render(handWorkedInvoice());
    expect(first.equals(second)).toBe(true);
    const pooled = await Promise.all([
      pool.render(input(handWorkedInvoice())),
      pool.render(input(handWorkedInvoice())),
    ]);
    expect(pooled[0]!.equals(first)).toBe(true);
    expect(pooled[1]!.equals(first)).toBe(true);
    const other = handWorkedInvoice();
    other.total = '1336133.83';
    expect((await render(other)).equals(first)).toBe(false);
  });

  it('come back from the pool in any number, each its own document', async () => {
    const numbers = Array.from({ length: 8 }, (_, i) => `INV-2024-${String(i + 1).padStart(6, '0')}`);
    const pdfs = await Promise.all(
      numbers.map((number) => pool.render(input({ ...handWorkedInvoice(), number }))),
    );
    for (const [i, pdf] of pdfs.entries()) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toContain(`(Invoice ${numbers[i]})`);
    }
  });

  it('fail one document, not the pool, when a document is broken', async () => {
    const broken = { ...handWorkedInvoice(), total: '1,336,133.82' };
    await expect(pool.render(input(broken))).rejects.toThrow(/Not a decimal: "1,336,133.82"/);
    expect((await pool.render(input(handWorkedInvoice()))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});

// A PNG and a JPEG of known bytes, and a WebP signature (branding accepts it, a PDF cannot embed it).
const LOGO_PNG = solidPng(120, 40, [200, 30, 30]);
const OTHER_PNG = solidPng(60, 20, [30, 200, 30]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([40, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 2),
]);
const upload = (bytes: Buffer, contentType = 'image/png') => ({
  contentType,
  data: bytes.toString('base64'),
});

describe.each(ALL_ENGINES)('invoice issuer and Invoice Settings [%s]', (engine) => {
  let t: TestApp;
  let w: World;
  const skip = useEngineWorld(engine, (app, world) => {
    t = app;
    w = world;
  });

  const patch = (url: string, body: unknown, token = w.platformAdmin.token) =>
    t.inject({
      method: 'PATCH',
      url,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
  const settingsPatch = (values: Record<string, unknown>) => patch('/api/v1/settings', { values });
  const settingValue = async (key: string) => {
    const response = await t.inject({
      method: 'GET',
      url: '/api/v1/settings',
      headers: { authorization: `Bearer ${w.platformAdmin.token}` },
    });
    const groups = response.json().groups as {
      id: string;
      settings: { key: string; value: unknown; type: string }[];
    }[];
    return groups.flatMap((g) => g.settings).find((s) => s.key === key)!;
  };
  const logoStatus = async (id: string) =>
    (await t.inject({ method: 'GET', url: `/api/v1/branding/logos/${id}` })).statusCode;

  it.skipIf(skip)('names the platform by default, then with its branding and Invoice Settings', async () => {
    const ctx = systemContext(t.app);
    expect(await resolveIssuer(ctx, null)).toEqual({
      name: 'Azure Stack Hub CMS',
      logo: null,
      paymentDetails: null,
    });
    // The platform branding's logo is the fallback; the Invoice Header Logo setting wins over it.
    expect(
      (await patch('/api/v1/branding/platform', { name: 'Contoso Cloud', logoLight: upload(OTHER_PNG) }))
        .statusCode,
    ).toBe(200);
    let issuer = await resolveIssuer(ctx, null);
    expect(issuer.name).toBe('Contoso Cloud');
    expect(Buffer.from(issuer.logo!.bytes).equals(OTHER_PNG)).toBe(true);

    const set = await settingsPatch({
      'invoices.headerLogo': upload(LOGO_PNG),
      'invoices.paymentDetails': 'Bank: Example Bank AG\r\nIBAN: CH93 0076 2011 6238 5295 7',
      'invoices.headerBackgroundColor': '#ABCDEF',
    });
    expect(set.statusCode, set.body).toBe(200);
    const logo = await settingValue('invoices.headerLogo');
    expect(logo.type).toBe('image');
    expect(logo.value).toMatch(/^lgo_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(await logoStatus(String(logo.value))).toBe(200);
    const colour = await settingValue('invoices.headerBackgroundColor');
    expect(colour).toMatchObject({ type: 'colour', value: '#abcdef' });
    issuer = await resolveIssuer(ctx, { organisationId: PLATFORM_ORG_ID });
    expect(issuer).toMatchObject({
      name: 'Contoso Cloud',
      logo: { mime: 'image/png' },
      paymentDetails: 'Bank: Example Bank AG\nIBAN: CH93 0076 2011 6238 5295 7',
    });
    expect(Buffer.from(issuer.logo!.bytes).equals(LOGO_PNG)).toBe(true);

    // Keeping sends the id back; another id is refused; a new upload replaces (and deletes) the old.
    expect((await settingsPatch({ 'invoices.headerLogo': logo.value })).statusCode).toBe(200);
    const foreign = await settingsPatch({ 'invoices.headerLogo': `lgo_${'0'.repeat(26)}` });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('body.values.invoices.headerLogo');
    expect((await settingsPatch({ 'invoices.headerLogo': upload(JPEG, 'image/jpeg') })).statusCode).toBe(200);
    expect(await logoStatus(String(logo.value))).toBe(404);
    expect((await resolveIssuer(ctx, null)).logo!.mime).toBe('image/jpeg');
    expect((await settingsPatch({ 'invoices.headerLogo': '' })).statusCode).toBe(200);
    expect(Buffer.from((await resolveIssuer(ctx, null)).logo!.bytes).equals(OTHER_PNG)).toBe(true);
  });

  it.skipIf(skip)(
    'refuses colours that are not #rrggbb and pictures a PDF cannot embed, naming the field',
    async () => {
      for (const [values, field] of [
        [{ 'invoices.bodyFontColor': 'red' }, 'body.values.invoices.bodyFontColor'],
        [{ 'invoices.groupingBackgroundColor': '#12345' }, 'body.values.invoices.groupingBackgroundColor'],
        [
          { 'invoices.headerLogo': upload(WEBP, 'image/webp') },
          'body.values.invoices.headerLogo.contentType',
        ],
        [{ 'invoices.headerLogo': upload(LOGO_PNG, 'image/jpeg') }, 'body.values.invoices.headerLogo.data'],
        [
          { 'invoices.headerLogo': { contentType: 'image/png', data: 'not base64!' } },
          'body.values.invoices.headerLogo.data',
        ],
        [{ 'invoices.headerLogo': 42 }, 'body.values.invoices.headerLogo'],
        [{ 'invoices.paymentDetails': 'IBAN\u0000' }, 'body.values.invoices.paymentDetails'],
      ] as const) {
        const response = await settingsPatch(values);
        expect(response.statusCode, JSON.stringify(values)).toBe(400);
        expect(response.json().errors[0].field).toBe(field);
      }
    },
  );

  it.skipIf(skip)(
    "names a partner with its own branding and payment details, never the platform's",
    async () => {
      const ctx = systemContext(t.app);
      expect((await settingsPatch({ 'invoices.paymentDetails': 'Pay the platform' })).statusCode).toBe(200);
      const bare = await resolveIssuer(ctx, { organisationId: w.B.partnerId });
      const organisation = await t.inject({
        method: 'GET',
        url: `/api/v1/partners/${w.B.partnerId}`,
        headers: { authorization: `Bearer ${w.platformAdmin.token}` },
      });
      expect(bare).toEqual({ name: organisation.json().name, logo: null, paymentDetails: null });

      const partnerAdmin = w.actor('partner_admin');
      const set = await patch(
        `/api/v1/partners/${w.A.partnerId}/branding`,
        {
          name: 'Zürich Ölçü Partners – Ωmega',
          logoLight: upload(LOGO_PNG),
          paymentDetails: 'IBAN: DE89 3704 0044 0532 0130 00',
        },
        partnerAdmin.token,
      );
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json().paymentDetails).toBe('IBAN: DE89 3704 0044 0532 0130 00');
      const issuer = await resolveIssuer(ctx, { organisationId: w.A.partnerId });
      expect(issuer).toMatchObject({
        name: 'Zürich Ölçü Partners – Ωmega',
        paymentDetails: 'IBAN: DE89 3704 0044 0532 0130 00',
      });
      expect(Buffer.from(issuer.logo!.bytes).equals(LOGO_PNG)).toBe(true);

      // A WebP logo cannot go into a PDF: the invoice shows the name alone.
      expect(
        (
          await patch(
            `/api/v1/partners/${w.A.partnerId}/branding`,
            { logoLight: upload(WEBP, 'image/webp') },
            partnerAdmin.token,
          )
        ).statusCode,
      ).toBe(200);
      expect((await resolveIssuer(ctx, { organisationId: w.A.partnerId })).logo).toBeNull();
      // The platform has no payment details field in its branding: they are a setting.
      const platform = await patch('/api/v1/branding/platform', { paymentDetails: 'x' });
      expect(platform.statusCode).toBe(400);
      // null removes them again.
      const cleared = await patch(
        `/api/v1/partners/${w.A.partnerId}/branding`,
        { paymentDetails: null },
        partnerAdmin.token,
      );
      expect(cleared.json().paymentDetails).toBeNull();
    },
  );

  it.skipIf(skip || !readBack)('renders a partner invoice with the settings as they are now', async () => {
    requirePoppler();
    const ctx = systemContext(t.app);
    const partnerAdmin = w.actor('partner_admin');
    await patch(
      `/api/v1/partners/${w.A.partnerId}/branding`,
      { name: 'Contoso Partner Invoicing', paymentDetails: 'Pay Contoso: IBAN DE89 3704 0044 0532 0130 00' },
      partnerAdmin.token,
    );
    expect((await settingsPatch({ 'invoices.groupingBackgroundColor': '#7d3c98' })).statusCode).toBe(200);
    const document = { ...handWorkedInvoice(), issuer: { organisationId: w.A.partnerId } };
    const pdf = await invoicePdf(ctx, document);
    const text = pdfText(pdf);
    expect(text).toContain('Contoso Partner Invoicing');
    expect(text).toContain('Pay Contoso: IBAN DE89 3704 0044 0532 0130 00');
    expect(text).not.toContain('Pay the platform');
    expect(pdfContent(pdf)).toContain(fillOperator('#7d3c98'));
    // The same inputs, read again, give the same file.
    const again = await renderInvoicePdf(await invoicePdfInput(ctx, document), pdfFonts());
    expect(again.equals(pdf)).toBe(true);
  });
});
