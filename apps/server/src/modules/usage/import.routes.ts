import { defineRoute } from '../../http/route.ts';
import {
  IMPORT_LIMITS,
  RegionParams,
  UsageImportBody,
  UsageImportQuery,
  UsageImportResult,
} from './import.schema.ts';
import { importUsage, isRegionVisible } from './import.service.ts';

export const importRoutes = [
  defineRoute({
    id: 'usageImports.create',
    method: 'POST',
    path: '/api/v1/regions/:id/usage-imports',
    tag: 'Usage import',
    summary: 'Import usage into an import source (all records or none)',
    description:
      'Records as JSON, or a CSV or JSON file as text (docs/usage-import.md). A record is stored once per ' +
      '(source, externalId): importing it again replaces it. A file with any bad row is refused whole with a ' +
      '422 listing each row error (row, column, message); dryRun=true checks and counts without storing.',
    params: RegionParams,
    query: UsageImportQuery,
    body: UsageImportBody,
    target: (ctx, params) => isRegionVisible(ctx, params.id),
    idempotent: true,
    bodyLimit: IMPORT_LIMITS.bodyLimitBytes,
    response: {
      status: 200,
      description: 'What the import stored (or would store)',
      schema: UsageImportResult,
    },
    handler: ({ ctx, params, query, body }) => importUsage(ctx, params.id, body, query.dryRun === 'true'),
  }),
];
