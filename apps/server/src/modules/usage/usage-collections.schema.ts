import { z } from 'zod';
import { LocalDay } from './usage-reads.schema.ts';

export const UsageCollectionRequest = z.strictObject({
  fromDate: LocalDay.describe("First day to collect, in the region's time zone (inclusive)"),
  toDate: LocalDay.describe("Last day to collect, in the region's time zone (inclusive; not after today)"),
});

export const UsageCollection = z
  .object({
    id: z.string().describe('The job: follow it with GET /api/v1/jobs/{id}'),
    status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']),
    created: z.boolean().describe('false: the same collection was already queued or running, and this is it'),
    from: z.string().describe('The first instant collected (UTC): the start of fromDate in the region'),
    to: z
      .string()
      .describe('The end (UTC) of toDate in the region; the collection window after it is re-scanned too'),
  })
  .meta({ id: 'UsageCollection' });
