/**
 * How the PDF writes numbers and dates, by string manipulation only: amounts arrive as exact
 * decimal text and are never turned into JavaScript numbers (a float would change them).
 */

const DECIMAL_TEXT = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function parts(text: string): { sign: string; whole: string; fraction: string } {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) throw new Error(`Not a decimal: "${text}"`);
  return { sign: match[1]!, whole: match[2]!, fraction: match[3] ?? '' };
}

/** Thousands separated by commas: "1234567" → "1,234,567". */
function group(whole: string): string {
  const head = whole.length % 3 || 3;
  let out = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return out;
}

/** A quantity or rate as given, digits grouped: "12345.678" → "12,345.678". */
export function formatDecimal(text: string): string {
  const { sign, whole, fraction } = parts(text);
  return `${sign}${group(whole)}${fraction ? `.${fraction}` : ''}`;
}

/**
 * An amount in a currency: digits grouped and the fraction padded to the currency's minor unit
 * ("1234.5" in EUR → "1,234.50"). Never shortened: an amount with more places than the currency
 * (a unit rate, say) keeps them.
 */
export function formatAmount(text: string, minorUnits: number): string {
  const { sign, whole, fraction } = parts(text);
  const places = fraction.padEnd(minorUnits, '0');
  return `${sign}${group(whole)}${places ? `.${places}` : ''}`;
}

/** "2024-03" → "March 2024". */
export function formatPeriod(period: string): string {
  const match = /^([0-9]{4})-([0-9]{2})$/.exec(period);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) throw new Error(`Not a period (YYYY-MM): "${period}"`);
  return `${month} ${match[1]}`;
}

/** "2024-04-05" → "5 April 2024". */
export function formatDate(date: string): string {
  const match = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(date);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  if (!match || !month) throw new Error(`Not a date (YYYY-MM-DD): "${date}"`);
  return `${match[3]!.replace(/^0/, '')} ${month} ${match[1]}`;
}
