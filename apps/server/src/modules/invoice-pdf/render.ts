import PDFDocument from 'pdfkit';
import type { InvoiceDocument, InvoiceGroup, InvoiceLine } from './document.ts';
import type { PdfFonts } from './fonts.ts';
import { formatAmount, formatDate, formatDecimal, formatPeriod } from './format.ts';
import type { InvoiceTheme } from './invoice-pdf.settings.ts';
import type { InvoiceIssuer } from './issuer.ts';

/** Everything a PDF depends on: the same input gives the same bytes. */
export interface RenderInput {
  document: InvoiceDocument;
  issuer: InvoiceIssuer;
  theme: InvoiceTheme;
}

export const PREVIEW_MARK = 'PREVIEW – not a valid invoice';
/** The preview strip keeps its own colours: it must stand out whatever the theme. */
const PREVIEW_COLOURS = { background: '#c92a2a', font: '#ffffff' };

const TITLES: Record<InvoiceDocument['kind'], string> = {
  invoice: 'Invoice',
  credit_note: 'Credit note',
  statement: 'Statement',
};

// A4 in points; every position below is explicit (the document has no margins, so pdfkit never
// starts a page of its own: pagination is this file's).
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 36;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3;
const SIZE = {
  body: 8.5,
  small: 7,
  tier: 7.5,
  heading: 8.5,
  columns: 7.8,
  title: 18,
  issuer: 13,
  footer: 7.5,
};
/** Secondary text (meters, tier slices) in the body colour, lighter. */
const MUTED = 0.72;
/** Payment details longer than this are cut with an ellipsis (about twelve lines). */
const MAX_DETAILS_HEIGHT = 110;

const NUMERIC_WIDTHS = { quantity: 72, unit: 66, rate: 72, amount: 90 };
const COLUMNS = (() => {
  const description = CONTENT_WIDTH - Object.values(NUMERIC_WIDTHS).reduce((a, b) => a + b, 0);
  let x = MARGIN;
  const column = (width: number) => {
    const c = { x, width };
    x += width;
    return c;
  };
  return {
    description: column(description),
    quantity: column(NUMERIC_WIDTHS.quantity),
    unit: column(NUMERIC_WIDTHS.unit),
    rate: column(NUMERIC_WIDTHS.rate),
    amount: column(NUMERIC_WIDTHS.amount),
  };
})();
type ColumnName = keyof typeof COLUMNS;

interface Cell {
  text: string;
  column: ColumnName;
  bold?: boolean;
  size: number;
  align?: 'left' | 'right';
  color: string;
  opacity?: number;
  /** Extra left indent inside the column (tier slices). */
  indent?: number;
  /** Stacked under the cell above it in the same column (a line's meter and SKU). */
  below?: Cell;
}

interface OpenedImage {
  width: number;
  height: number;
  orientation?: number;
}

/**
 * Renders an invoice, credit note or statement. Deterministic: fixed dates in the document info
 * (pdfkit derives the file id from them), no clock, no randomness; fonts are subset in the order
 * glyphs are first used, which the input fixes.
 */
export function renderInvoicePdf(input: RenderInput, fonts: PdfFonts): Promise<Buffer> {
  const { document: doc } = input;
  const title = TITLES[doc.kind];
  const date = new Date(`${doc.issueDate ?? `${doc.period}-01`}T00:00:00.000Z`);
  const pdf = new PDFDocument({
    size: [PAGE_WIDTH, PAGE_HEIGHT],
    margin: 0,
    bufferPages: true,
    // No default Helvetica: it would be parsed for every document and written into every file.
    font: null as unknown as string,
    info: {
      Title: `${title} ${doc.number ?? '(preview)'}`,
      Author: input.issuer.name,
      Subject: `${doc.billTo.name}, ${formatPeriod(doc.period)}`,
      CreationDate: date,
      ModDate: date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  // pdfkit takes an already parsed fontkit font (its types only list files and buffers).
  pdf.registerFont('regular', fonts.regular as unknown as Buffer);
  pdf.registerFont('bold', fonts.bold as unknown as Buffer);
  new InvoiceLayout(pdf, input, title).render();
  pdf.end();
  return done;
}

class InvoiceLayout {
  private y = 0;
  private readonly minor: number;
  private readonly logo: OpenedImage | null;
  private readonly footerHeight: number;
  private readonly bodyBottom: number;

  constructor(
    private readonly pdf: PDFKit.PDFDocument,
    private readonly input: RenderInput,
    private readonly title: string,
  ) {
    this.minor = input.document.currency.minorUnits;
    this.logo = this.openLogo();
    this.footerHeight = this.measureFooter();
    this.bodyBottom = PAGE_HEIGHT - this.footerHeight - 12;
  }

  private get doc() {
    return this.input.document;
  }

  private get theme() {
    return this.input.theme;
  }

  render(): void {
    this.pageBackground();
    const header = this.firstHeader();
    this.y = header + this.previewStrip(header) + 14;
    this.tableHeader();
    for (const group of this.doc.groups) this.group(group);
    this.totals();
    this.footers();
  }

  // -- measuring and drawing text ------------------------------------------------------------

  private font(bold: boolean | undefined, size: number) {
    return this.pdf.font(bold ? 'bold' : 'regular').fontSize(size);
  }

  private textHeight(text: string, width: number, bold: boolean | undefined, size: number): number {
    if (text === '') return 0;
    return this.font(bold, size).heightOfString(text, { width });
  }

  private text(
    text: string,
    x: number,
    y: number,
    width: number,
    options: {
      bold?: boolean;
      size: number;
      color: string;
      opacity?: number;
      align?: 'left' | 'right' | 'center';
      height?: number;
    },
  ): void {
    if (text === '') return;
    this.font(options.bold, options.size)
      .fillColor(options.color, options.opacity ?? 1)
      .text(text, x, y, {
        width,
        align: options.align ?? 'left',
        ...(options.height !== undefined ? { height: options.height, ellipsis: true } : {}),
      });
  }

  private rect(x: number, y: number, width: number, height: number, color: string): void {
    // Opacity is part of the graphics state: set it each time, or muted text would fade the fill.
    this.pdf.fillColor(color, 1).rect(x, y, width, height).fill();
  }

  // -- page furniture ------------------------------------------------------------------------

  private pageBackground(): void {
    this.rect(0, 0, PAGE_WIDTH, PAGE_HEIGHT, this.theme.bodyBackground);
  }

  private openLogo(): OpenedImage | null {
    const logo = this.input.issuer.logo;
    if (!logo) return null;
    try {
      const bytes = Buffer.from(logo.bytes.buffer, logo.bytes.byteOffset, logo.bytes.byteLength);
      return (this.pdf as unknown as { openImage(src: Buffer): OpenedImage }).openImage(bytes);
    } catch {
      // A picture pdfkit cannot read (its signature passed the upload check, its body is broken):
      // the invoice goes out with the issuer's name alone rather than not at all.
      return null;
    }
  }

  /** The first page's header band: logo and issuer, the document's facts, bill-to and chain. */
  private firstHeader(): number {
    const { doc, theme } = this;
    const color = theme.headerFont;
    const leftWidth = 270;
    const rightWidth = 220;
    const rightX = PAGE_WIDTH - MARGIN - rightWidth;
    const top = 26;

    // Left: logo, then the issuer's name.
    let logoSize: { width: number; height: number } | null = null;
    if (this.logo) {
      const [w, h] =
        (this.logo.orientation ?? 1) > 4
          ? [this.logo.height, this.logo.width]
          : [this.logo.width, this.logo.height];
      const scale = Math.min(170 / w, 52 / h);
      logoSize = { width: w * scale, height: h * scale };
    }
    const nameTop = top + (logoSize ? logoSize.height + 8 : 0);
    const leftBottom = nameTop + this.textHeight(this.input.issuer.name, leftWidth, true, SIZE.issuer);

    // Right: title, preview mark, then label/value facts.
    const facts: [string, string][] = [];
    if (doc.number !== null) facts.push(['Number', doc.number]);
    if (doc.issueDate !== null) facts.push(['Issue date', formatDate(doc.issueDate)]);
    if (doc.dueDate !== null && doc.kind === 'invoice') facts.push(['Due date', formatDate(doc.dueDate)]);
    facts.push(['Period', formatPeriod(doc.period)]);
    facts.push(['Status', doc.status.charAt(0).toUpperCase() + doc.status.slice(1).replace(/_/g, ' ')]);
    if (doc.references.creditsInvoiceNumber !== null) {
      facts.push(['Credits invoice', doc.references.creditsInvoiceNumber]);
    }
    facts.push(['Currency', doc.currency.code]);
    const factLabelWidth = 78;
    const titleHeight = this.textHeight(this.title, rightWidth, true, SIZE.title);
    const markHeight =
      doc.number === null ? this.textHeight(PREVIEW_MARK, rightWidth, true, SIZE.body) + 2 : 0;
    const factHeights = facts.map(([label, value]) =>
      Math.max(
        this.textHeight(label, factLabelWidth, false, SIZE.body),
        this.textHeight(value, rightWidth - factLabelWidth, true, SIZE.body),
      ),
    );
    const rightBottom = top + titleHeight + 4 + markHeight + factHeights.reduce((a, b) => a + b + 1.5, 0);

    // Below both: bill-to (left) and the reseller chain (right).
    const billTo = [doc.billTo.contactName, doc.billTo.email, ...doc.billTo.addressLines].filter(
      (line): line is string => line !== null && line !== '',
    );
    const chain = [
      doc.chain.partnerName !== null ? `Partner: ${doc.chain.partnerName}` : null,
      doc.chain.distributorName !== null ? `Distributor: ${doc.chain.distributorName}` : null,
    ].filter((line): line is string => line !== null);
    const partiesTop = Math.max(leftBottom, rightBottom) + 14;
    const labelHeight = this.textHeight('Bill to', leftWidth, true, SIZE.small) + 2;
    const billToNameHeight = this.textHeight(doc.billTo.name, leftWidth, true, 10);
    const billToHeight =
      labelHeight +
      billToNameHeight +
      (billTo.length > 0 ? this.textHeight(billTo.join('\n'), leftWidth, false, SIZE.body) + 1 : 0);
    const chainHeight =
      chain.length > 0 ? labelHeight + this.textHeight(chain.join('\n'), rightWidth, false, SIZE.body) : 0;
    const bottom = partiesTop + Math.max(billToHeight, chainHeight) + 16;

    this.rect(0, 0, PAGE_WIDTH, bottom, theme.headerBackground);
    if (this.logo && logoSize) {
      this.pdf.image(this.logo as unknown as Buffer, MARGIN, top, {
        width: logoSize.width,
        height: logoSize.height,
      });
    }
    this.text(this.input.issuer.name, MARGIN, nameTop, leftWidth, { bold: true, size: SIZE.issuer, color });

    let y = top;
    this.text(this.title, rightX, y, rightWidth, { bold: true, size: SIZE.title, color, align: 'right' });
    y += titleHeight + 4;
    if (doc.number === null) {
      this.text(PREVIEW_MARK, rightX, y, rightWidth, {
        bold: true,
        size: SIZE.body,
        color: PREVIEW_COLOURS.background,
        align: 'right',
      });
      y += markHeight;
    }
    facts.forEach(([label, value], i) => {
      this.text(label, rightX, y, factLabelWidth, { size: SIZE.body, color });
      this.text(value, rightX + factLabelWidth, y, rightWidth - factLabelWidth, {
        bold: true,
        size: SIZE.body,
        color,
        align: 'right',
      });
      y += factHeights[i]! + 1.5;
    });

    this.text('Bill to', MARGIN, partiesTop, leftWidth, {
      bold: true,
      size: SIZE.small,
      color,
      opacity: MUTED,
    });
    this.text(doc.billTo.name, MARGIN, partiesTop + labelHeight, leftWidth, { bold: true, size: 10, color });
    this.text(billTo.join('\n'), MARGIN, partiesTop + labelHeight + billToNameHeight + 1, leftWidth, {
      size: SIZE.body,
      color,
    });
    if (chain.length > 0) {
      this.text('Reseller chain', rightX, partiesTop, rightWidth, {
        bold: true,
        size: SIZE.small,
        color,
        opacity: MUTED,
        align: 'right',
      });
      this.text(chain.join('\n'), rightX, partiesTop + labelHeight, rightWidth, {
        size: SIZE.body,
        color,
        align: 'right',
      });
    }
    return bottom;
  }

  /** A later page's band: who issues what, so a loose page still says where it belongs. */
  private continuationHeader(): number {
    const { theme } = this;
    const height = 40;
    this.rect(0, 0, PAGE_WIDTH, height, theme.headerBackground);
    const half = CONTENT_WIDTH / 2;
    this.text(this.input.issuer.name, MARGIN, 15, half, { bold: true, size: 10, color: theme.headerFont });
    const what = `${this.title} ${this.doc.number ?? '(preview)'} – ${this.doc.billTo.name}`;
    this.text(what, MARGIN + half, 16, half, {
      size: SIZE.body,
      color: theme.headerFont,
      align: 'right',
      height: 12,
    });
    return height;
  }

  /** The preview strip under the header band of every page of a preview; its height (0: none). */
  private previewStrip(y: number): number {
    if (this.doc.number !== null) return 0;
    const height = 18;
    this.rect(0, y, PAGE_WIDTH, height, PREVIEW_COLOURS.background);
    this.text(PREVIEW_MARK, MARGIN, y + 4.5, CONTENT_WIDTH, {
      bold: true,
      size: SIZE.body,
      color: PREVIEW_COLOURS.font,
      align: 'center',
    });
    return height;
  }

  /** A new page; the column headings are repeated unless only the totals follow. */
  private newPage(tableFollows: boolean): void {
    this.pdf.addPage({ size: [PAGE_WIDTH, PAGE_HEIGHT], margin: 0 });
    this.pageBackground();
    const header = this.continuationHeader();
    this.y = header + this.previewStrip(header) + 12;
    if (tableFollows) this.tableHeader();
  }

  private measureFooter(): number {
    const details = this.input.issuer.paymentDetails;
    if (details === null) return 30;
    const text = Math.min(
      this.textHeight(details, CONTENT_WIDTH - 90, false, SIZE.footer),
      MAX_DETAILS_HEIGHT,
    );
    return 10 + this.textHeight('Payment details', CONTENT_WIDTH - 90, true, SIZE.footer) + 1 + text + 10;
  }

  /** Every page's footer band: payment details and "Page n of m", written once all pages exist. */
  private footers(): void {
    const { theme } = this;
    const range = this.pdf.bufferedPageRange();
    const top = PAGE_HEIGHT - this.footerHeight;
    const details = this.input.issuer.paymentDetails;
    for (let i = 0; i < range.count; i++) {
      this.pdf.switchToPage(range.start + i);
      this.rect(0, top, PAGE_WIDTH, this.footerHeight, theme.footerBackground);
      const color = theme.footerFont;
      if (details !== null) {
        const labelHeight = this.textHeight('Payment details', CONTENT_WIDTH - 90, true, SIZE.footer) + 1;
        this.text('Payment details', MARGIN, top + 10, CONTENT_WIDTH - 90, {
          bold: true,
          size: SIZE.footer,
          color,
        });
        const cut = this.textHeight(details, CONTENT_WIDTH - 90, false, SIZE.footer) > MAX_DETAILS_HEIGHT;
        this.text(details, MARGIN, top + 10 + labelHeight, CONTENT_WIDTH - 90, {
          size: SIZE.footer,
          color,
          ...(cut ? { height: MAX_DETAILS_HEIGHT } : {}),
        });
      }
      this.text(`Page ${i + 1} of ${range.count}`, PAGE_WIDTH - MARGIN - 80, top + 10, 80, {
        size: SIZE.footer,
        color,
        align: 'right',
      });
    }
  }

  // -- the table -----------------------------------------------------------------------------

  private tableHeader(): void {
    const { theme } = this;
    const cells: Cell[] = [
      { text: 'Description', column: 'description', bold: true, size: SIZE.columns, color: theme.headerFont },
      {
        text: 'Quantity',
        column: 'quantity',
        bold: true,
        size: SIZE.columns,
        color: theme.headerFont,
        align: 'right',
      },
      { text: 'Unit', column: 'unit', bold: true, size: SIZE.columns, color: theme.headerFont },
      {
        text: 'Unit rate',
        column: 'rate',
        bold: true,
        size: SIZE.columns,
        color: theme.headerFont,
        align: 'right',
      },
      {
        text: `Amount (${this.doc.currency.code})`,
        column: 'amount',
        bold: true,
        size: SIZE.columns,
        color: theme.headerFont,
        align: 'right',
      },
    ];
    this.row(cells, theme.headerBackground);
  }

  private cellHeight(cell: Cell): number {
    const width = COLUMNS[cell.column].width - 2 * CELL_PAD_X - (cell.indent ?? 0);
    const own = this.textHeight(cell.text, width, cell.bold, cell.size);
    return own + (cell.below ? this.cellHeight(cell.below) : 0);
  }

  private rowHeight(cells: Cell[]): number {
    return Math.max(...cells.map((c) => this.cellHeight(c))) + 2 * CELL_PAD_Y;
  }

  /**
   * The tallest a row may be: what a continuation page holds under its header band, the preview
   * strip, the column headings and a group heading (a longer description is cut with an ellipsis).
   */
  private get maxRowHeight(): number {
    return this.bodyBottom - 120;
  }

  /** Draws a row at the current position (the caller has made room) and moves below it. */
  private row(cells: Cell[], background?: string): void {
    const natural = this.rowHeight(cells);
    const height = Math.min(natural, this.maxRowHeight);
    if (background) this.rect(MARGIN, this.y, CONTENT_WIDTH, height, background);
    for (const cell of cells) {
      let y = this.y + CELL_PAD_Y;
      for (let c: Cell | undefined = cell; c; c = c.below) {
        const column = COLUMNS[c.column];
        const indent = c.indent ?? 0;
        const width = column.width - 2 * CELL_PAD_X - indent;
        const room = this.y + height - CELL_PAD_Y - y;
        if (room <= 0) break;
        this.text(c.text, column.x + CELL_PAD_X + indent, y, width, {
          bold: c.bold,
          size: c.size,
          color: c.color,
          opacity: c.opacity,
          align: c.align,
          // Only a row cut to the page's height limits its text (a limit on a row that fits
          // could drop a last line to rounding).
          ...(natural > height ? { height: room } : {}),
        });
        y += this.textHeight(c.text, width, c.bold, c.size);
      }
    }
    this.y += height;
  }

  /**
   * Starts a new page unless `height` more fits on this one; inside a group, the new page repeats
   * its heading.
   */
  private ensure(height: number, context: InvoiceGroup | 'table' | 'totals'): void {
    if (this.y + height <= this.bodyBottom) return;
    this.newPage(context !== 'totals');
    if (typeof context === 'object') this.groupHeading(context, true);
  }

  private groupHeadingHeight(text: string): number {
    return this.textHeight(text, CONTENT_WIDTH - 2 * CELL_PAD_X, true, SIZE.heading) + 2 * CELL_PAD_Y + 1;
  }

  /** A subscription's heading row; it spans the whole table, so its text may use every column. */
  private groupHeading(group: InvoiceGroup, continued: boolean): void {
    const text = continued ? `${group.title} (continued)` : group.title;
    const height = this.groupHeadingHeight(text);
    this.rect(MARGIN, this.y, CONTENT_WIDTH, height, this.theme.groupingBackground);
    this.text(text, MARGIN + CELL_PAD_X, this.y + CELL_PAD_Y + 0.5, CONTENT_WIDTH - 2 * CELL_PAD_X, {
      bold: true,
      size: SIZE.heading,
      color: this.theme.groupingFont,
    });
    this.y += height;
  }

  private lineCells(line: InvoiceLine): Cell[] {
    const color = this.theme.bodyFont;
    const label =
      line.kind === 'discount'
        ? 'Discount'
        : line.kind === 'credit'
          ? 'Credit'
          : line.kind === 'adjustment'
            ? 'Prior-period adjustment'
            : null;
    const meta = [
      label !== null && line.originalPeriod !== null
        ? `${label} for ${formatPeriod(line.originalPeriod)}`
        : label,
      label === null && line.originalPeriod !== null ? `For ${formatPeriod(line.originalPeriod)}` : null,
      line.meterId !== null ? `Meter ${line.meterId}` : null,
      line.sku !== null ? `SKU ${line.sku}` : null,
    ].filter((part): part is string => part !== null);
    return [
      {
        text: line.description,
        column: 'description',
        size: SIZE.body,
        color,
        ...(meta.length > 0
          ? {
              below: {
                text: meta.join(' · '),
                column: 'description' as const,
                size: SIZE.small,
                color,
                opacity: MUTED,
              },
            }
          : {}),
      },
      {
        text: line.quantity !== null ? formatDecimal(line.quantity) : '',
        column: 'quantity',
        size: SIZE.body,
        color,
        align: 'right',
      },
      { text: line.unit ?? '', column: 'unit', size: SIZE.body, color },
      {
        text: line.unitRate !== null && line.tiers.length === 0 ? formatDecimal(line.unitRate) : '',
        column: 'rate',
        size: SIZE.body,
        color,
        align: 'right',
      },
      {
        text: formatAmount(line.amount, this.minor),
        column: 'amount',
        size: SIZE.body,
        color,
        align: 'right',
      },
    ];
  }

  private tierCells(line: InvoiceLine, index: number): Cell[] {
    const tier = line.tiers[index]!;
    const color = this.theme.bodyFont;
    const range =
      tier.to === null
        ? `over ${formatDecimal(tier.from)}`
        : `${formatDecimal(tier.from)} – ${formatDecimal(tier.to)}`;
    const muted = { size: SIZE.tier, color, opacity: MUTED };
    return [
      { text: `Tier ${index + 1}: ${range}`, column: 'description', indent: 12, ...muted },
      { text: formatDecimal(tier.quantity), column: 'quantity', align: 'right', ...muted },
      { text: line.unit ?? '', column: 'unit', ...muted },
      { text: formatDecimal(tier.rate), column: 'rate', align: 'right', ...muted },
      { text: formatAmount(tier.amount, this.minor), column: 'amount', align: 'right', ...muted },
    ];
  }

  private group(group: InvoiceGroup): void {
    const headingHeight = this.groupHeadingHeight(group.title);
    const first = group.lines[0];
    // A heading is never left alone at the foot of a page.
    this.ensure(
      headingHeight + (first ? Math.min(this.rowHeight(this.lineCells(first)), this.maxRowHeight) : 0),
      'table',
    );
    this.groupHeading(group, false);
    for (const line of group.lines) {
      const cells = this.lineCells(line);
      this.ensure(Math.min(this.rowHeight(cells), this.maxRowHeight), group);
      this.row(cells);
      line.tiers.forEach((_, i) => {
        const tier = this.tierCells(line, i);
        this.ensure(this.rowHeight(tier), group);
        this.row(tier);
      });
    }
    const subtotal: Cell[] = [
      {
        text: `Subtotal ${group.title}`,
        column: 'description',
        bold: true,
        size: SIZE.body,
        color: this.theme.bodyFont,
      },
      {
        text: formatAmount(group.subtotal, this.minor),
        column: 'amount',
        bold: true,
        size: SIZE.body,
        color: this.theme.bodyFont,
        align: 'right',
      },
    ];
    this.ensure(this.rowHeight(subtotal) + 1, group);
    this.rule(this.y, 0.3);
    this.y += 1;
    this.row(subtotal);
    this.y += 8;
  }

  private rule(y: number, opacity: number): void {
    this.pdf
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + CONTENT_WIDTH, y)
      .lineWidth(0.5)
      .strokeColor(this.theme.bodyFont, opacity)
      .stroke();
  }

  // -- totals --------------------------------------------------------------------------------

  private totals(): void {
    const { doc, theme } = this;
    const color = theme.bodyFont;
    const amount = (text: string) => formatAmount(text, this.minor);
    const rows: { label: string; value: string; bold?: boolean; ruleAbove?: boolean }[] = [
      { label: 'Subtotal', value: amount(doc.subtotal) },
      ...doc.taxLines.map((tax) => ({
        label: `${tax.name} ${formatDecimal(tax.percentage)}% of ${amount(tax.base)}`,
        value: amount(tax.amount),
      })),
      { label: `Total (${doc.currency.code})`, value: amount(doc.total), bold: true, ruleAbove: true },
    ];
    // Statements take no payments; a credit note is settled against the invoice it credits.
    if (doc.kind === 'invoice') {
      rows.push({ label: 'Amount paid', value: amount(doc.amountPaid) });
      rows.push({ label: 'Amount due', value: amount(doc.amountDue), bold: true });
    }
    const notes = [`All amounts in ${doc.currency.code}.`];
    if (doc.exchangeRate !== null) {
      const { base, quote, rate } = doc.exchangeRate;
      notes.push(`Exchange rate used: 1 ${base} = ${formatDecimal(rate)} ${quote}.`);
    }
    const labelWidth = 230;
    const valueWidth = COLUMNS.amount.width;
    const valueX = COLUMNS.amount.x + CELL_PAD_X;
    const labelX = valueX - labelWidth - 8;
    const heights = rows.map(
      (r) => Math.max(this.textHeight(r.label, labelWidth, r.bold, SIZE.body), SIZE.body) + 4,
    );
    const notesHeight = this.textHeight(notes.join('\n'), CONTENT_WIDTH, false, SIZE.small);
    this.ensure(6 + heights.reduce((a, b) => a + b + 1, 0) + 10 + notesHeight, 'totals');
    this.y += 6;
    rows.forEach((r, i) => {
      if (r.ruleAbove) {
        this.pdf
          .moveTo(labelX, this.y)
          .lineTo(MARGIN + CONTENT_WIDTH, this.y)
          .lineWidth(0.7)
          .strokeColor(color, 0.6)
          .stroke();
        this.y += 1;
      }
      this.text(r.label, labelX, this.y + 2, labelWidth, {
        bold: r.bold,
        size: SIZE.body,
        color,
        align: 'right',
      });
      this.text(r.value, valueX, this.y + 2, valueWidth - 2 * CELL_PAD_X, {
        bold: r.bold,
        size: SIZE.body,
        color,
        align: 'right',
      });
      this.y += heights[i]!;
    });
    this.y += 10;
    this.text(notes.join('\n'), MARGIN, this.y, CONTENT_WIDTH, { size: SIZE.small, color, opacity: MUTED });
    this.y += notesHeight;
  }
}
