import { isDecimalString } from '@cms/billing';
import { csvField } from '../../http/csv.ts';

/**
 * CSV of typed columns (RFC 4180: CRLF line ends; a field with a comma, quote or line break
 * quoted, quotes doubled). Text goes through the project's formula guard (http/csv.ts: a cell a
 * spreadsheet would run gets a leading apostrophe); decimals and instants are written as they are,
 * after checking they are one (a negative amount must stay "-12.50", never "'-12.50").
 */

export type CellType = 'decimal' | 'datetime' | 'string';

export interface CsvColumn<K extends string = string> {
  name: K;
  type: CellType;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

function cell(type: CellType, value: string | null): string {
  if (value === null) return '';
  if (type === 'decimal') {
    if (!isDecimalString(value)) throw new RangeError(`Not a plain decimal: "${value}"`);
    return value;
  }
  if (type === 'datetime') {
    if (!INSTANT.test(value)) throw new RangeError(`Not a UTC instant: "${value}"`);
    return value;
  }
  return csvField(value);
}

export function csvHeader(columns: readonly CsvColumn[]): string {
  return `${columns.map((c) => csvField(c.name)).join(',')}\r\n`;
}

export function csvRecord<K extends string>(
  columns: readonly CsvColumn<K>[],
  row: Readonly<Record<K, string | null>>,
): string {
  return `${columns.map((c) => cell(c.type, row[c.name])).join(',')}\r\n`;
}

export function csvTable<K extends string>(
  columns: readonly CsvColumn<K>[],
  rows: readonly Readonly<Record<K, string | null>>[],
): string {
  return csvHeader(columns) + rows.map((row) => csvRecord(columns, row)).join('');
}
