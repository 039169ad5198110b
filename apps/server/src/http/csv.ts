/**
 * CSV as RFC 4180 writes it (CRLF line ends, fields with a comma, quote or line break quoted,
 * quotes doubled), made safe to open in a spreadsheet: a cell starting with = + - @, a tab or a
 * CR would run as a formula there (CSV injection), so it gets a leading apostrophe.
 */
export function csvField(value: unknown): string {
  let text =
    value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',');
}

/** A whole document: the header line and one line per row, each ending in CRLF. */
export function csvDocument(header: string[], rows: unknown[][]): string {
  return `${[csvLine(header), ...rows.map(csvLine)].join('\r\n')}\r\n`;
}
