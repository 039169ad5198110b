import { decimal } from '@cms/billing';
import { AzureStackError, type RecordProblem } from './errors.ts';
import { formatUtc, parseIsoUtc } from './time.ts';

/**
 * Parsing a provider usage page (§3.2, §3.3, §8 G1–G5, G13, G16) into normalised records.
 *
 * Quantities keep the decimal text the stamp wrote: JSON.parse would turn 0.0013440860215053762
 * into a double, so every number token outside a string is quoted before JSON.parse
 * (`quoteNumbers`); usage pages have no other numbers. Exponent forms (6.36e-06) become plain
 * decimal text exactly, through big.js.
 */

/** A usage record, normalised; one per record of the page (duplicates kept, G2). */
export interface UsageRecord {
  /** Subscriber (tenant) subscription, trimmed and lower-cased. */
  subscriptionId: string;
  /** Lower case without `-`, `{`, `}` (G5); opaque (may be a non-GUID such as `azuresql`). */
  meterId: string;
  /** The meter id as the stamp wrote it. */
  meterIdRaw: string;
  /** Lower case with `/` separators (G4): the natural-key form. */
  resourceUri: string;
  /** As the stamp wrote it (original casing for display). */
  resourceUriRaw: string;
  /** Usage bucket, `YYYY-MM-DDTHH:MM:SSZ` whatever the input notation. */
  usageStart: string;
  usageEnd: string;
  /**
   * Exact decimal text as received (a plain-notation number is kept character for character, e.g.
   * `1.0`); exponent notation is rewritten as the equal plain decimal. Monthly disk meters are still
   * fractions of the UTC month here (G16): the usage module converts them with the meter catalogue.
   */
  quantity: string;
  location: string | null;
  /** VM size from additionalInfo.ServiceType; null when absent. */
  sku: string | null;
  /** Parsed tags object; null for `null`, `""`, `"null"` (G3). */
  tags: Record<string, unknown> | null;
  /** Parsed additionalInfo object (ServiceType, ImageType, Publisher, Offer, Sku for VMs); null when empty. */
  additionalInfo: Record<string, unknown> | null;
}

export interface ParsedPage {
  records: UsageRecord[];
  /** Records that could not be parsed: the unit they belong to must fail. */
  problems: RecordProblem[];
  /** Oddities that lose nothing needed for billing (e.g. unparseable tags). */
  warnings: RecordProblem[];
  /** Next page to fetch verbatim; null at the end (absent, null or ""). */
  nextLink: string | null;
  /** A bare top-level continuationToken, only used when there is no nextLink. */
  continuationToken: string | null;
}

const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Quotes every JSON number token outside strings, so JSON.parse keeps its text. Strings are
 * skipped with their escapes; the rest of the text is copied unchanged. Strings are most of a
 * page (instanceData is a string of escaped JSON): they are skipped by searching for the next
 * quote natively rather than character by character; a quote preceded by an odd number of
 * backslashes is escaped and the search goes on.
 */
export function quoteNumbers(text: string): string {
  const out: string[] = [];
  let copied = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          i = length;
          break;
        }
        let backslash = quote - 1;
        while (backslash > i && text.charCodeAt(backslash) === 0x5c /* \ */) backslash--;
        if ((quote - 1 - backslash) % 2 === 0) {
          i = quote + 1;
          break;
        }
        from = quote + 1;
      }
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) {
        i++;
        continue;
      }
      out.push(text.slice(copied, i), '"', match[0], '"');
      i += match[0].length;
      copied = i;
      continue;
    }
    i++;
  }
  if (copied === 0) return text;
  out.push(text.slice(copied));
  return out.join('');
}

const PLAIN_DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?$/;
const ANY_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The exact decimal text of a quantity, or null when it is not a finite number. */
export function quantityText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (PLAIN_DECIMAL.test(text)) return text;
  if (!ANY_DECIMAL.test(text)) return null;
  const plain = decimal(text.replace(/^\+/, '')).toFixed();
  return plain === '-0' ? '0' : plain;
}

/** G5: lower case, without `-`, `{`, `}`. */
export function normaliseMeterId(raw: string): string {
  return raw.trim().toLowerCase().replace(/[-{}]/g, '');
}

/** G4: lower case, `\` → `/`. */
export function normaliseResourceUri(raw: string): string {
  return raw.trim().replace(/\\/g, '/').toLowerCase();
}

type Json = Record<string, unknown>;

const timeCache = new Map<string, { ms: number; text: string } | null>();

/**
 * A usage bucket boundary as ms and canonical text, or null when malformed. Memoised: a page
 * repeats the same few hours a thousand times, and parsing and formatting them was a fifth of
 * the parse.
 */
function usageTime(value: string): { ms: number; text: string } | null {
  let time = timeCache.get(value);
  if (time === undefined) {
    const ms = parseIsoUtc(value);
    time = ms === null ? null : { ms, text: formatUtc(ms) };
    if (timeCache.size > 10_000) timeCache.clear();
    timeCache.set(value, time);
  }
  return time;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member by its documented name, or failing that by the same name in another casing. */
function member(object: Json, name: string): unknown {
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) {
    if (key.toLowerCase() === lower) return object[key];
  }
  return undefined;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * `tags` / `additionalInfo` (G3): null, `""`, `"null"`, an object, or a JSON object in a string.
 * Anything else is reported as a warning and read as null: neither field is part of the natural
 * key or the quantity.
 */
function nestedObject(value: unknown): { value: Json | null; warning: string | null } {
  if (value === null || value === undefined) return { value: null, warning: null };
  if (isObject(value)) return { value, warning: null };
  if (typeof value !== 'string')
    return { value: null, warning: `expected a string or object, got ${typeof value}` };
  const trimmed = value.trim();
  if (trimmed === '' || trimmed.toLowerCase() === 'null') return { value: null, warning: null };
  if (!trimmed.startsWith('{'))
    return { value: null, warning: `not a JSON object: '${trimmed.slice(0, 80)}'` };
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    if (isObject(parsed)) return { value: parsed, warning: null };
    return { value: null, warning: 'not a JSON object' };
  } catch {
    return { value: null, warning: `not valid JSON: '${trimmed.slice(0, 80)}'` };
  }
}

/**
 * One raw record (after quoteNumbers + JSON.parse) into a UsageRecord, or the fields at fault.
 * Required: properties.subscriptionId, meterId, usageStartTime < usageEndTime, quantity,
 * instanceData["Microsoft.Resources"].resourceUri. `id`, `name`, `type` are not read (G1, G2).
 */
export function parseUsageRecord(
  raw: unknown,
):
  | { record: UsageRecord; warnings: { field: string; reason: string }[] }
  | { problems: { field: string; reason: string }[] } {
  const problems: { field: string; reason: string }[] = [];
  const warnings: { field: string; reason: string }[] = [];
  if (!isObject(raw)) return { problems: [{ field: '(record)', reason: 'not a JSON object' }] };
  const properties = member(raw, 'properties');
  if (!isObject(properties))
    return { problems: [{ field: 'properties', reason: 'missing or not an object' }] };

  const subscriptionId = text(member(properties, 'subscriptionId'));
  if (subscriptionId === null)
    problems.push({ field: 'properties.subscriptionId', reason: 'missing or empty' });

  const meterIdRaw = member(properties, 'meterId');
  const meterId = typeof meterIdRaw === 'string' ? normaliseMeterId(meterIdRaw) : '';
  if (meterId === '') problems.push({ field: 'properties.meterId', reason: 'missing or empty' });

  const times: Record<'usageStartTime' | 'usageEndTime', number | null> = {
    usageStartTime: null,
    usageEndTime: null,
  };
  const canonical: Record<'usageStartTime' | 'usageEndTime', string> = {
    usageStartTime: '',
    usageEndTime: '',
  };
  for (const name of ['usageStartTime', 'usageEndTime'] as const) {
    const value = member(properties, name);
    const time = typeof value === 'string' ? usageTime(value) : null;
    const ms = time === null ? null : time.ms;
    if (time !== null) canonical[name] = time.text;
    if (ms === null) {
      problems.push({
        field: `properties.${name}`,
        reason: `not an ISO-8601 date-time: ${JSON.stringify(value)}`,
      });
    }
    times[name] = ms;
  }
  if (
    times.usageStartTime !== null &&
    times.usageEndTime !== null &&
    times.usageEndTime <= times.usageStartTime
  ) {
    problems.push({ field: 'properties.usageEndTime', reason: 'not after usageStartTime' });
  }

  const quantityRaw = member(properties, 'quantity');
  const quantity = quantityText(quantityRaw);
  if (quantity === null) {
    problems.push({ field: 'properties.quantity', reason: `not a number: ${JSON.stringify(quantityRaw)}` });
  }

  let resources: Json | null = null;
  const instanceData = member(properties, 'instanceData');
  let instance: unknown = instanceData;
  if (typeof instanceData === 'string') {
    try {
      instance = JSON.parse(instanceData) as unknown;
    } catch {
      instance = null;
    }
  }
  if (isObject(instance)) {
    const inner = member(instance, 'Microsoft.Resources');
    if (isObject(inner)) resources = inner;
  }
  if (resources === null) {
    problems.push({
      field: 'properties.instanceData',
      reason: 'not a JSON object with "Microsoft.Resources"',
    });
  }
  const resourceUriRaw = resources === null ? null : text(member(resources, 'resourceUri'));
  if (resources !== null && resourceUriRaw === null) {
    problems.push({ field: 'properties.instanceData.resourceUri', reason: 'missing or empty' });
  }

  if (problems.length > 0) return { problems };

  const tags = nestedObject(resources === null ? null : member(resources, 'tags'));
  if (tags.warning !== null) warnings.push({ field: 'properties.instanceData.tags', reason: tags.warning });
  const additional = nestedObject(resources === null ? null : member(resources, 'additionalInfo'));
  if (additional.warning !== null) {
    warnings.push({ field: 'properties.instanceData.additionalInfo', reason: additional.warning });
  }
  const serviceType = additional.value === null ? null : member(additional.value, 'ServiceType');

  return {
    record: {
      subscriptionId: subscriptionId!.toLowerCase(),
      meterId,
      meterIdRaw: meterIdRaw as string,
      resourceUri: normaliseResourceUri(resourceUriRaw!),
      resourceUriRaw: resourceUriRaw!,
      usageStart: canonical.usageStartTime,
      usageEnd: canonical.usageEndTime,
      quantity: quantity!,
      location: resources === null ? null : text(member(resources, 'location')),
      sku: text(serviceType),
      tags: tags.value,
      additionalInfo: additional.value,
    },
    warnings,
  };
}

/** A whole page. Throws `bad-response` when the page itself is unreadable. */
export function parseUsagePage(body: string, page: number): ParsedPage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoteNumbers(body)) as unknown;
  } catch (error) {
    throw new AzureStackError('bad-response', `Usage page ${page + 1} is not valid JSON.`, { cause: error });
  }
  if (!isObject(parsed)) {
    throw new AzureStackError('bad-response', `Usage page ${page + 1} is not a JSON object.`);
  }
  const value = member(parsed, 'value');
  if (!Array.isArray(value)) {
    throw new AzureStackError('bad-response', `Usage page ${page + 1} has no "value" array.`);
  }
  const result: ParsedPage = {
    records: [],
    problems: [],
    warnings: [],
    nextLink: text(member(parsed, 'nextLink')),
    continuationToken: text(member(parsed, 'continuationToken')),
  };
  value.forEach((raw, index) => {
    const outcome = parseUsageRecord(raw);
    if ('problems' in outcome) {
      for (const problem of outcome.problems) result.problems.push({ page, index, ...problem });
      return;
    }
    result.records.push(outcome.record);
    for (const warning of outcome.warnings) result.warnings.push({ page, index, ...warning });
  });
  return result;
}
