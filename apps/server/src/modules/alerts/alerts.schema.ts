import { z } from 'zod';
import { queryInteger, singleLineText } from '../../http/field-rules.ts';
import { PAGE_LIMIT_MAX, pageSchema } from '../../http/pagination.ts';
import { Id, prefixedId } from '../shared.schema.ts';

export const AlertSeverity = z.enum(['info', 'warning', 'critical']);

export const AlertStatus = z
  .enum(['open', 'acknowledged', 'resolved'])
  .describe(
    'open: nobody has acknowledged it yet; acknowledged: someone has, the condition still holds; resolved',
  );

/** Who acknowledged or resolved an alert, as far as the viewer may know. */
const AlertActor = z.object({
  kind: z
    .enum(['user', 'provider', 'system'])
    .describe('provider: staff from above your level (no name); system: resolved when the condition cleared'),
  userId: z.string().nullable(),
  name: z.string(),
});

export const Alert = z
  .object({
    id: z.string(),
    kind: z.string().describe('What kind of condition, e.g. usage.unknown_meter'),
    key: z.string().describe('Which instance of the kind; with kind, the identity of the condition'),
    severity: AlertSeverity,
    status: AlertStatus,
    title: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
    regionId: z.string().nullable(),
    subscription: z
      .object({ id: z.string(), name: z.string() })
      .nullable()
      .describe('The subscription the alert is about; its chain sees the alert'),
    organisation: z
      .object({
        id: z.string(),
        kind: z.enum(['platform', 'distributor', 'partner', 'tenant']),
        name: z.string(),
      })
      .nullable()
      .describe('The organisation the alert is about; its chain sees the alert'),
    occurrences: z
      .number()
      .int()
      .describe('How often the condition was raised while this alert was unresolved'),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    acknowledged: z.object({ at: z.string(), by: AlertActor }).nullable(),
    resolved: z.object({ at: z.string(), by: AlertActor }).nullable(),
  })
  .meta({ id: 'Alert' });

export const AlertPage = pageSchema(Alert);

const Kind = z
  .string()
  .max(60)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/, 'An alert kind such as usage.unknown_meter.');

export const AlertListQuery = z.strictObject({
  limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
  includeTotal: z.enum(['true', 'false']).default('false'),
  status: z
    .enum(['open', 'acknowledged', 'unresolved', 'resolved'])
    .optional()
    .describe(
      'open: unresolved and not acknowledged; acknowledged: unresolved and acknowledged; unresolved: either',
    ),
  severity: AlertSeverity.optional(),
  kind: Kind.optional(),
  regionId: Id.optional(),
  subscriptionId: prefixedId('sub').optional(),
  orgId: Id.optional().describe(
    'Alerts about this organisation or anything under it (its subscriptions included)',
  ),
  q: singleLineText(200).optional().describe('Case-insensitive search in the title'),
});

export const AlertParams = z.strictObject({ id: prefixedId('alr') });

const SeverityCounts = z.object({
  info: z.number().int(),
  warning: z.number().int(),
  critical: z.number().int(),
  total: z.number().int(),
});

export const AlertSummary = z
  .object({
    open: SeverityCounts.describe('Unresolved alerts nobody has acknowledged'),
    acknowledged: SeverityCounts.describe('Unresolved alerts someone has acknowledged'),
  })
  .meta({ id: 'AlertSummary' });
