/**
 * Invoice number formats (semantics.md "Invoices"): literal text with `{YYYY}` or `{YY}` (the issue
 * year in the Platform Time Zone) and exactly one `{SEQ}` or `{SEQ:n}` (the sequence, zero-padded
 * to n digits; a longer number is printed whole, never cut). Tokens are case-insensitive. A format
 * containing the year gives each year its own sequence. Pure: the settings registry validates
 * with it, and issuing formats with it.
 */

type Part = { kind: 'text'; text: string } | { kind: 'year'; digits: 2 | 4 } | { kind: 'seq'; width: number };

export interface NumberFormat {
  parts: Part[];
  /** The sequence restarts every year. */
  perYear: boolean;
}

const TOKEN = /\{([^}]*)\}/g;
const LITERAL = /^[A-Za-z0-9 ._/#-]*$/;
export const MAX_FORMAT_LENGTH = 40;

/** The parsed format, or the sentence saying what is wrong with it. */
export function parseNumberFormat(text: string): NumberFormat | string {
  if (text.length === 0) return 'Required.';
  if (text.length > MAX_FORMAT_LENGTH) return `At most ${MAX_FORMAT_LENGTH} characters.`;
  const parts: Part[] = [];
  let last = 0;
  let seqs = 0;
  for (const match of text.matchAll(TOKEN)) {
    const literal = text.slice(last, match.index);
    if (literal) parts.push({ kind: 'text', text: literal });
    last = match.index + match[0].length;
    const token = match[1]!.toUpperCase();
    if (token === 'YYYY' || token === 'YY') {
      parts.push({ kind: 'year', digits: token === 'YYYY' ? 4 : 2 });
      continue;
    }
    const seq = /^SEQ(?::([0-9]{1,2}))?$/.exec(token);
    if (!seq) return `Unknown token {${match[1]}}: use {YYYY}, {YY}, {SEQ} or {SEQ:n}.`;
    const width = seq[1] === undefined ? 1 : Number(seq[1]);
    if (width < 1 || width > 12) return '{SEQ:n} pads to 1 to 12 digits.';
    parts.push({ kind: 'seq', width });
    seqs += 1;
  }
  const tail = text.slice(last);
  if (tail) parts.push({ kind: 'text', text: tail });
  for (const part of parts) {
    if (part.kind === 'text' && !LITERAL.test(part.text)) {
      return 'Besides the tokens, letters, digits, spaces and . _ / # - only.';
    }
  }
  if (seqs !== 1) return 'Must contain exactly one {SEQ} or {SEQ:n}.';
  return { parts, perYear: parts.some((p) => p.kind === 'year') };
}

export function numberFormatProblem(text: string): string | null {
  const parsed = parseNumberFormat(text);
  return typeof parsed === 'string' ? parsed : null;
}

/** The number for a sequence value issued in a year. */
export function formatNumber(format: NumberFormat, year: number, value: number): string {
  return format.parts
    .map((part) => {
      if (part.kind === 'text') return part.text;
      if (part.kind === 'year')
        return String(year)
          .padStart(4, '0')
          .slice(4 - part.digits);
      return String(value).padStart(part.width, '0');
    })
    .join('');
}
