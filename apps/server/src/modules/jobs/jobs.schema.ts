import { z } from 'zod';
import { queryInteger } from '../../http/field-rules.ts';
import { PAGE_LIMIT_MAX, pageSchema } from '../../http/pagination.ts';
import { Id, prefixedId } from '../shared.schema.ts';

export const JobStatus = z
  .enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
  .describe(
    'queued (waiting for its first run or a retry), running, succeeded, failed (for good), cancelled',
  );

const JobType = z
  .string()
  .max(60)
  .regex(/^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/, 'A job type such as usage.collect.');

export const JobParams = z.strictObject({ id: prefixedId('job') });

export const JobListQuery = z.strictObject({
  type: JobType.optional().describe('Only jobs of this type, e.g. usage.collect'),
  status: JobStatus.optional(),
  regionId: Id.optional().describe('Only jobs about this region'),
  subscriptionId: prefixedId('sub').optional().describe('Only jobs about this subscription'),
  limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
});

const Timestamp = z.string().describe('UTC ISO-8601 timestamp');

export const Job = z
  .object({
    id: z.string(),
    type: z.string(),
    status: JobStatus,
    payload: z.record(z.string(), z.unknown()).describe('What the job works on: ids and times'),
    progress: z
      .object({ done: z.number().int(), total: z.number().int(), message: z.string().nullable() })
      .nullable()
      .describe('done of total steps as the job last reported; null before it reports any'),
    attempts: z.number().int().describe('Attempts started (a retry through the API starts counting again)'),
    maxAttempts: z.number().int(),
    nextAttemptAt: Timestamp.nullable().describe('While queued: when it runs (first run or next retry)'),
    leaseUntil: Timestamp.nullable().describe(
      'While running: until when its worker holds it without a heartbeat',
    ),
    lastError: z.string().nullable().describe("The last failed attempt's error"),
    requestedBy: z
      .object({
        kind: z
          .enum(['user', 'system', 'provider'])
          .describe('provider: someone above your level; system: a schedule'),
        userId: z.string().nullable(),
      })
      .describe('Who asked for the job'),
    dedupeKey: z.string().nullable(),
    orgId: z.string().describe('The organisation the job concerns (the platform for region and system jobs)'),
    subscriptionId: z.string().nullable(),
    regionId: z.string().nullable(),
    scheduleKey: z.string().nullable().describe('The schedule that queued it, if one did'),
    createdAt: Timestamp,
    startedAt: Timestamp.nullable().describe('When the latest attempt started'),
    finishedAt: Timestamp.nullable(),
    updatedAt: Timestamp,
  })
  .meta({ id: 'Job' });

export const JobPage = pageSchema(Job);
