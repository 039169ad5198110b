import { isDecimalString, minorUnits } from '@cms/billing';
import ExcelJS from 'exceljs';

/**
 * Reports as Excel workbooks (exceljs 4.4.0). A spreadsheet number is an IEEE double, so a
 * decimal is written as a number only when the double holds it exactly as far as anyone reads it:
 * at most 15 significant digits (every decimal of ≤ 15 significant digits comes back unchanged
 * from the nearest double, and Excel shows and computes to 15). Money of record always fits (a
 * 13-digit amount with its cents), so amounts are numbers a spreadsheet can add, formatted with
 * the currency's minor unit ("#,##0.00"; "#,##0" for JPY); a value with more digits (quantities
 * carry up to 30 fraction digits) is written as its exact text instead, never rounded.
 */

export type XlsxCellType = 'text' | 'amount' | 'quantity' | 'integer';

export interface XlsxColumn<K extends string = string> {
  key: K;
  header: string;
  type: XlsxCellType;
  width?: number;
  /** An amount column: the column of the row that names its currency (its number format). */
  currencyKey?: K;
}

export interface XlsxSheet<K extends string = string> {
  name: string;
  columns: readonly XlsxColumn<K>[];
  rows: readonly Readonly<Record<K, string | null>>[];
}

/** Whether a plain decimal survives the round trip through a double (≤ 15 significant digits). */
export function fitsDouble(value: string): boolean {
  if (!isDecimalString(value)) return false;
  const digits = value.replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return digits.length <= 15;
}

function amountFormat(currency: string | null): string {
  const places = currency ? minorUnits(currency) : 2;
  return places === 0 ? '#,##0' : `#,##0.${'0'.repeat(places)}`;
}

export async function xlsxWorkbook(sheets: readonly XlsxSheet[], created: Date): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Azure Stack Hub CMS';
  workbook.created = created;
  workbook.modified = created;
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.columns = sheet.columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
    worksheet.getRow(1).font = { bold: true };
    for (const row of sheet.rows) {
      const added = worksheet.addRow([]);
      sheet.columns.forEach((column, i) => {
        const value = row[column.key] ?? null;
        const cell = added.getCell(i + 1);
        if (value === null) return;
        // A string cell is never read as a formula (unlike a CSV field), so text goes in as it is.
        if (column.type === 'text') {
          cell.value = value;
          return;
        }
        if (!fitsDouble(value)) {
          cell.value = value;
          cell.alignment = { horizontal: 'right' };
          return;
        }
        cell.value = Number(value);
        if (column.type === 'amount')
          cell.numFmt = amountFormat(column.currencyKey ? (row[column.currencyKey] ?? null) : null);
        else if (column.type === 'integer') cell.numFmt = '0';
      });
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
