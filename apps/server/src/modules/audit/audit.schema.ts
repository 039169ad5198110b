import { z } from 'zod';
import { queryInteger, singleLineText } from '../../http/field-rules.ts';
import { PAGE_LIMIT_MAX, pageSchema } from '../../http/pagination.ts';
import { Id } from '../shared.schema.ts';

const Timestamp = z.iso.datetime({ offset: false }).describe('UTC ISO-8601 timestamp');

const filterFields = {
  action: singleLineText(100).optional().describe('Exact action, e.g. tenant.update'),
  targetType: singleLineText(50).optional(),
  targetId: Id.optional(),
  actorUserId: Id.optional(),
  from: Timestamp.optional().describe('Events at or after this instant'),
  to: Timestamp.optional().describe('Events before this instant'),
};

export const AuditListQuery = z.strictObject({
  ...filterFields,
  limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
});

export const AuditExportQuery = z.strictObject({ ...filterFields, format: z.enum(['csv']).default('csv') });

export const AuditEvent = z
  .object({
    id: z.string(),
    occurredAt: z.string(),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    targetName: z
      .string()
      .nullable()
      .describe("The target's current name (a user's full name) when you may see it; null otherwise"),
    actor: z.object({
      kind: z.enum(['user', 'system', 'provider']).describe('provider: staff from above your level'),
      userId: z.string().nullable(),
      name: z.string(),
      email: z.string().nullable(),
    }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });

export const AuditPage = pageSchema(AuditEvent);
