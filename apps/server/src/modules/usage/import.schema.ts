import { z } from 'zod';
import { SINGLE_LINE_TEXT } from '../../http/field-rules.ts';
import { prefixedId } from '../shared.schema.ts';
import { METER_ID_INPUT } from './meters.ids.ts';

/** Limits of one upload (docs/usage-import.md). */
export const IMPORT_LIMITS = {
  /** Records in one file or one `records` array. */
  maxRows: 50_000,
  /** Characters of `content` (the CSV or JSON file as text). */
  maxContentChars: 15 * 1024 * 1024,
  /** The request body: the file text plus its JSON quoting (route option; the API default is 1 MiB). */
  bodyLimitBytes: 16 * 1024 * 1024,
  /** Row errors listed in one refusal; the detail says how many there were in all. */
  maxErrors: 100,
} as const;

/** Quantity columns are DECIMAL(48, 30): 18 integer digits, 30 places. */
export const QUANTITY_INTEGER_DIGITS = 18;
export const QUANTITY_PLACES = 30;

/**
 * An instant with an explicit offset (`Z` or ±hh:mm), seconds required, at most milliseconds. A
 * time without an offset is refused: the file's local time would otherwise be guessed.
 */
export const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: the rule exists to find control characters
const FILE_TEXT = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*$/;

/** A CMS subscription id (`sub_…`), or the external subscription id linked on the source. */
const SUBSCRIPTION_REF = /^[A-Za-z0-9{}._:-]{1,64}$/;
const QUANTITY = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

const text = (max: number, label: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'Required.' : `${label} must be a string.`) })
    .max(max, `At most ${max} characters.`)
    .regex(SINGLE_LINE_TEXT, 'No control characters or bidirectional overrides.');

const timestamp = z
  .string({
    error: (issue) => (issue.input === undefined ? 'Required.' : 'An ISO 8601 time as a string.'),
  })
  .regex(OFFSET_TIMESTAMP, 'An ISO 8601 time with seconds and an offset, e.g. 2026-03-01T00:00:00+13:00.')
  .refine(
    (v) => !OFFSET_TIMESTAMP.test(v) || isRealInstant(v),
    'Not a real date and time (or an offset beyond ±14:00).',
  );

/**
 * One usage record, as a JSON record or a CSV row (docs/usage-import.md). Shape and format only:
 * the meter, the subscription and start < end are checked against the source (import.service.ts).
 */
export const UsageImportRecord = z
  .strictObject({
    externalId: text(200, 'externalId')
      .min(1, 'Required.')
      .describe('Your id of this record; unique within the source (a re-import replaces it)'),
    subscription: z
      .string({ error: (issue) => (issue.input === undefined ? 'Required.' : 'Must be a string.') })
      .regex(
        SUBSCRIPTION_REF,
        'A CMS subscription id (sub_…) or the external subscription id linked on this source.',
      )
      .describe('The CMS subscription id, or the external subscription id linked on this source'),
    meterId: z
      .string({ error: (issue) => (issue.input === undefined ? 'Required.' : 'Must be a string.') })
      .regex(METER_ID_INPUT, 'A meter id of the source catalog: letters, digits and . _ : - (or a GUID).')
      .describe("A meter of the source's catalog"),
    sku: text(200, 'sku').nullable().optional(),
    resourceId: text(1000, 'resourceId').nullable().optional(),
    usageStart: timestamp.describe('Inclusive, with an offset'),
    usageEnd: timestamp.describe('Exclusive, with an offset; after usageStart'),
    quantity: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'Required.'
            : typeof issue.input === 'number'
              ? 'A decimal written as a string, e.g. "1.5": JSON numbers are refused because they lose digits.'
              : 'A decimal written as a string, e.g. "1.5".',
      })
      .regex(QUANTITY, 'A non-negative decimal in plain notation, e.g. "1.5" (no exponent, sign or spaces).')
      .refine(
        (v) => !QUANTITY.test(v) || v.split('.')[0]!.length <= QUANTITY_INTEGER_DIGITS,
        `At most ${QUANTITY_INTEGER_DIGITS} digits before the decimal point.`,
      )
      .refine(
        (v) => !QUANTITY.test(v) || (v.split('.')[1] ?? '').length <= QUANTITY_PLACES,
        `At most ${QUANTITY_PLACES} decimal places.`,
      )
      .describe('Non-negative decimal as a string'),
  })
  .meta({ id: 'UsageImportRecord' });

export type UsageImportRecordInput = z.output<typeof UsageImportRecord>;

/** The CSV header names, in the documented order. */
export const IMPORT_COLUMNS = [
  'externalId',
  'subscription',
  'meterId',
  'sku',
  'resourceId',
  'usageStart',
  'usageEnd',
  'quantity',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const UsageImportBody = z
  .strictObject({
    records: z
      .array(UsageImportRecord)
      .min(1, 'At least one record.')
      .max(IMPORT_LIMITS.maxRows, `At most ${IMPORT_LIMITS.maxRows} records.`)
      .optional()
      .describe('The records; or send a file as format and content'),
    format: z.enum(['csv', 'json']).optional().describe('The format of content'),
    content: z
      .string()
      .max(IMPORT_LIMITS.maxContentChars)
      // One character class, no alternation: linear on a file of millions of characters (a CR is
      // allowed here as a line end; one inside a field is refused by that field's text rule).
      .regex(FILE_TEXT, 'No control characters (but line ends and tabs) or bidirectional overrides.')
      .optional()
      .describe('A whole CSV or JSON file as text (UTF-8; a byte order mark is ignored)'),
  })
  .meta({ id: 'UsageImport' });

export const UsageImportQuery = z.strictObject({
  dryRun: z.enum(['true', 'false']).default('false').describe('true: validate and count, store nothing'),
});

export const RegionParams = z.strictObject({ id: prefixedId('reg') });

export const UsageImportResult = z
  .object({
    batchId: z.string().nullable().describe('imb_… of the stored batch; null on a dry run'),
    regionId: z.string(),
    dryRun: z.boolean(),
    records: z.number().int().describe('Records in the upload'),
    inserted: z.number().int().describe('New external record ids'),
    replaced: z.number().int().describe('Known ids whose quantity or attributes changed'),
    unchanged: z.number().int().describe('Known ids imported again exactly as stored'),
  })
  .meta({ id: 'UsageImportResult' });

/** Is an OFFSET_TIMESTAMP string a real calendar instant (no 30 February, no 25:00, offset ≤ 14 h)? */
export function isRealInstant(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(
    value,
  );
  if (!m) return false;
  const [, y, mo, d, h, mi, s, , oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return false;
  }
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  if (oh !== undefined && (Number(oh) * 60 + Number(om) > 14 * 60 || Number(om) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}
