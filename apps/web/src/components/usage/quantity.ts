/**
 * A decimal string for reading: thousands grouped in the integer part, the fraction as stored.
 * String work only: a quantity is exact (semantics.md) and never passes through a float here.
 */
export function formatQuantity(value: string): string {
  const negative = value.startsWith('-');
  const digits = negative ? value.slice(1) : value;
  const [whole = '0', fraction] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** Today and the first of this month as local YYYY-MM-DD (the browser's calendar). */
export function thisMonth(now = new Date()): { fromDate: string; toDate: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const month = `${now.getFullYear()}-${pad(now.getMonth() + 1)}`;
  return { fromDate: `${month}-01`, toDate: `${month}-${pad(now.getDate())}` };
}
