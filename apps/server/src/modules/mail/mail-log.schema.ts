import { z } from 'zod';
import { queryInteger, singleLineText } from '../../http/field-rules.ts';
import { PAGE_LIMIT_MAX, pageSchema } from '../../http/pagination.ts';
import { Id } from '../shared.schema.ts';

export const EmailStatus = z
  .enum(['queued', 'sending', 'sent', 'failed'])
  .describe(
    'queued: waiting for its first attempt or a retry (attempts says which); sending: an attempt is under way; sent: the mail server accepted it; failed: given up after the last retry',
  );

const Kind = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, 'A kind of e-mail such as invoice.');

export const EmailLogQuery = z.strictObject({
  relatedId: Id.optional().describe('Only e-mails about this object, e.g. an invoice id'),
  kind: Kind.optional().describe('Only e-mails of this kind, e.g. invoice or delinquency_notice'),
  status: EmailStatus.optional(),
  recipient: singleLineText(254)
    .optional()
    .describe('Only e-mails whose recipient address contains this text (case-insensitive)'),
  from: z.iso
    .datetime({ offset: false })
    .optional()
    .describe('Only e-mails queued at or after this instant (UTC ISO-8601)'),
  to: z.iso
    .datetime({ offset: false })
    .optional()
    .describe('Only e-mails queued before this instant (UTC ISO-8601)'),
  limit: queryInteger(1, PAGE_LIMIT_MAX).default(50).describe('Default 50'),
  cursor: z.string().max(500).optional(),
  includeTotal: z.enum(['true', 'false']).default('false'),
});

const Timestamp = z.string().describe('UTC ISO-8601 timestamp');

export const EmailLogEntry = z
  .object({
    id: z.string(),
    kind: z
      .string()
      .describe('What the e-mail is for: invoice, delinquency_notice, invitation, password_reset…'),
    related: z
      .object({ type: z.string(), id: z.string() })
      .nullable()
      .describe('The object the e-mail is about (an invoice); null for account e-mails'),
    recipient: z.string().describe('One message per recipient: an address refused alone is retried alone'),
    subject: z.string(),
    status: EmailStatus,
    attempts: z.number().int().describe('Attempts to hand it to the mail server so far'),
    lastError: z
      .string()
      .nullable()
      .describe("Why the last attempt failed, in the operator's words (never the server's text)"),
    nextAttemptAt: Timestamp.nullable().describe('While queued: when the next attempt is due'),
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
    updatedAt: Timestamp.describe('When the entry last changed (an attempt began or ended)'),
    attachments: z.array(
      z.object({ filename: z.string(), contentType: z.string(), byteSize: z.number().int() }),
    ),
  })
  .meta({ id: 'EmailLogEntry' });

export const EmailLogPage = pageSchema(EmailLogEntry);
