import type { ListParams } from './types.ts';

/** ListParams → the query string shape every list operation takes (empty values left out). */
export function listQuery<S extends string>(params: ListParams) {
  return {
    ...(params.limit !== undefined ? { limit: params.limit } : {}),
    ...(params.cursor ? { cursor: params.cursor } : {}),
    ...(params.sort ? { sort: params.sort as S } : {}),
    ...(params.q?.trim() ? { q: params.q.trim() } : {}),
    ...(params.includeTotal ? { includeTotal: 'true' as const } : {}),
  };
}
