import {
  IMPORT_COLUMNS,
  IMPORT_LIMITS,
  type ImportColumn,
  UsageImportRecord,
  type UsageImportRecordInput,
} from './import.schema.ts';

/**
 * Turning an upload into records, with every fault as a row error. Row numbers are what the
 * uploader sees: in a CSV file the header is row 1 and the first record row 2 (a spreadsheet's
 * numbering); in JSON the first record is row 1.
 */
export interface RowError {
  /** 0 for the file as a whole (not parseable, no header). */
  row: number;
  /** The column (CSV header name, JSON property); absent when the whole row is at fault. */
  column?: string;
  message: string;
}

export interface ParsedRecord {
  row: number;
  record: UsageImportRecordInput;
}

export interface ParseResult {
  records: ParsedRecord[];
  errors: RowError[];
}

/** Checks one record's shape and formats against the contract, as row errors. */
export function checkRecord(row: number, value: unknown, errors: RowError[]): ParsedRecord | null {
  const result = UsageImportRecord.safeParse(value);
  if (result.success) return { row, record: result.data };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ row, column: key, message: 'Unknown field.' });
    } else if (issue.path.length === 0) {
      errors.push({ row, message: 'Each record must be a JSON object.' });
    } else {
      errors.push({ row, column: String(issue.path[0]), message: issue.message });
    }
  }
  return null;
}

/** A JSON file: an array of records, or an object `{ "records": [...] }`. */
export function parseJsonContent(content: string): ParseResult {
  let document: unknown;
  try {
    document = JSON.parse(stripBom(content));
  } catch (error) {
    return { records: [], errors: [{ row: 0, message: `Not valid JSON: ${(error as Error).message}` }] };
  }
  const list = Array.isArray(document)
    ? document
    : document !== null &&
        typeof document === 'object' &&
        Array.isArray((document as { records?: unknown }).records)
      ? (document as { records: unknown[] }).records
      : null;
  if (list === null) {
    return {
      records: [],
      errors: [
        { row: 0, message: 'The JSON file must be an array of records or an object with a "records" array.' },
      ],
    };
  }
  const limit = countLimit(list.length);
  if (limit) return { records: [], errors: [limit] };
  const errors: RowError[] = [];
  const records: ParsedRecord[] = [];
  list.forEach((value, index) => {
    const parsed = checkRecord(index + 1, value, errors);
    if (parsed) records.push(parsed);
  });
  return { records, errors };
}

/** A CSV file (RFC 4180): a header row naming the columns, then one record per row. */
export function parseCsvContent(content: string): ParseResult {
  const rows = splitCsv(stripBom(content));
  if ('error' in rows) return { records: [], errors: [rows.error] };
  const [header, ...data] = rows.rows;
  if (!header)
    return { records: [], errors: [{ row: 0, message: 'The file is empty: a header row is required.' }] };
  const errors: RowError[] = [];
  const columns: (ImportColumn | null)[] = header.cells.map((name) => {
    const wanted = name.trim().toLowerCase();
    return IMPORT_COLUMNS.find((c) => c.toLowerCase() === wanted) ?? null;
  });
  header.cells.forEach((name, i) => {
    if (columns[i] === null) errors.push({ row: 1, column: name, message: 'Unknown column.' });
    else if (columns.indexOf(columns[i]!) !== i)
      errors.push({ row: 1, column: name, message: 'Named twice.' });
  });
  for (const required of IMPORT_COLUMNS) {
    if (required !== 'sku' && required !== 'resourceId' && !columns.includes(required)) {
      errors.push({ row: 1, column: required, message: 'Required column missing from the header.' });
    }
  }
  if (errors.length > 0) return { records: [], errors };
  const limit = countLimit(data.length);
  if (limit) return { records: [], errors: [limit] };
  const records: ParsedRecord[] = [];
  for (const line of data) {
    if (line.cells.length !== columns.length) {
      errors.push({
        row: line.row,
        message: `Has ${line.cells.length} fields; the header has ${columns.length}.`,
      });
      continue;
    }
    const value: Record<string, string> = {};
    line.cells.forEach((cell, i) => {
      const column = columns[i]!;
      // An empty optional cell is "none"; an empty required cell is reported as missing.
      if (cell !== '') value[column] = cell;
    });
    const parsed = checkRecord(line.row, value, errors);
    if (parsed) records.push(parsed);
  }
  return { records, errors };
}

function countLimit(count: number): RowError | null {
  if (count === 0) return { row: 0, message: 'The file holds no records.' };
  if (count > IMPORT_LIMITS.maxRows) {
    return {
      row: 0,
      message: `The file holds ${count} records; at most ${IMPORT_LIMITS.maxRows} per upload.`,
    };
  }
  return null;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface CsvRow {
  /** The row number (header = 1). */
  row: number;
  cells: string[];
}

/**
 * Splits RFC 4180 text into rows of cells: fields separated by commas, rows by CRLF or LF, a
 * field in double quotes may hold commas, line breaks and doubled quotes. A quote inside an
 * unquoted field, text after a closing quote and an unterminated quote are refused, since each
 * means the file was not written as CSV and any reading of it would be a guess. Blank lines are
 * skipped (a trailing newline is usual).
 */
function splitCsv(text: string): { rows: CsvRow[] } | { error: RowError } {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let afterQuote = false;
  let row = 1;
  let i = 0;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '' && !afterQuote)) rows.push({ row: row, cells });
    row += 1;
    cells = [];
    cell = '';
    afterQuote = false;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        afterQuote = true;
      } else {
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === ',') {
      cells.push(cell);
      cell = '';
      afterQuote = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i += 1;
      endRow();
    } else if (afterQuote) {
      return { error: { row, message: 'Text after a closing quote: quote the whole field.' } };
    } else if (c === '"') {
      if (cell !== '') {
        return {
          error: { row, message: 'A quote inside an unquoted field: quote the field and double the quote.' },
        };
      }
      quoted = true;
    } else {
      cell += c;
    }
    i += 1;
  }
  if (quoted) return { error: { row, message: 'A quoted field is not closed before the end of the file.' } };
  if (cell !== '' || cells.length > 0 || afterQuote) endRow();
  return { rows };
}
