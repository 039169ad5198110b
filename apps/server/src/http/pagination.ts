import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { AppError } from './errors.ts';
import { queryInteger, singleLineText } from './field-rules.ts';

/**
 * The one list convention: `limit` (1–200, default 50), an opaque `cursor` from the previous
 * page's `nextCursor`, `sort` as a field name with an optional leading `-` for descending, and
 * `includeTotal=true` for a total count. Pages are keyset-based on (sort field, id), so they are
 * stable while rows are added and cost the same on page 1 and page 1,000.
 */
export const PAGE_LIMIT_MAX = 200;

export function listQueryFields<const S extends readonly [string, ...string[]]>(sortFields: S) {
  const sortValues = sortFields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return {
    limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
    cursor: z.string().max(500).optional(),
    sort: z
      .enum(sortValues)
      .default(sortFields[0])
      .describe(`One of ${sortValues.join(', ')}`),
    q: singleLineText(200).optional().describe('Case-insensitive search text'),
    includeTotal: z.enum(['true', 'false']).default('false'),
  };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` to get the next page; null on the last page'),
    total: z.number().int().optional().describe('Present when includeTotal=true'),
  });
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
  sort: string;
  includeTotal: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export interface SortSpec {
  /** Qualified column to order by, e.g. `organisations.name`. */
  column: string;
  /** Qualified id column, the tie-breaker. */
  idColumn: string;
  direction: 'asc' | 'desc';
}

export function parseSort(sort: string, columns: Record<string, string>, idColumn: string): SortSpec {
  const direction = sort.startsWith('-') ? 'desc' : 'asc';
  const field = sort.replace(/^-/, '');
  const column = columns[field];
  if (!column) {
    throw AppError.invalidField('query.sort', `Unknown sort field ${field}.`);
  }
  return { column, idColumn, direction };
}

function decodeCursor(cursor: string): [string | number, string] {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      (typeof decoded[0] === 'string' || typeof decoded[0] === 'number') &&
      typeof decoded[1] === 'string'
    ) {
      return [decoded[0], decoded[1]];
    }
  } catch {
    // fall through to the error below
  }
  throw AppError.invalidField('query.cursor', 'Not a cursor returned by this API.');
}

/**
 * Applies keyset pagination to a query and runs it. `sortValue` reads the sort field back from a
 * row so the next cursor can be built.
 */
export async function paginate<DB, TB extends keyof DB, O extends { id: string }>(
  qb: SelectQueryBuilder<DB, TB, O>,
  sort: SortSpec,
  options: { limit: number; cursor?: string | undefined; sortValue: (row: O) => string | number },
): Promise<{ items: O[]; nextCursor: string | null }> {
  let query = qb;
  if (options.cursor !== undefined) {
    const [value, id] = decodeCursor(options.cursor);
    const col = sql.ref(sort.column);
    const idCol = sql.ref(sort.idColumn);
    query =
      sort.direction === 'asc'
        ? query.where(sql<boolean>`(${col} > ${value} or (${col} = ${value} and ${idCol} > ${id}))`)
        : query.where(sql<boolean>`(${col} < ${value} or (${col} = ${value} and ${idCol} < ${id}))`);
  }
  const rows = await query
    .orderBy(sql.ref(sort.column), sort.direction)
    .orderBy(sql.ref(sort.idColumn), sort.direction)
    .limit(options.limit + 1)
    .execute();
  const hasMore = rows.length > options.limit;
  const items = hasMore ? rows.slice(0, options.limit) : rows;
  const last = items[items.length - 1];
  const nextCursor =
    hasMore && last
      ? Buffer.from(JSON.stringify([options.sortValue(last), last.id]), 'utf8').toString('base64url')
      : null;
  return { items, nextCursor };
}

/**
 * Case-insensitive "contains" on any engine. `!` is the escape character because a backslash
 * means different things inside string literals on MySQL and PostgreSQL.
 */
export function containsText(column: string, text: string) {
  const pattern = `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '!'`;
}
