import { defineRoute } from '../../http/route.ts';
import { TestMailRequest, TestMailResult } from './mail.schema.ts';
import { EmailLogPage, EmailLogQuery } from './mail-log.schema.ts';
import { listEmailLog } from './mail-log.service.ts';
import { sendTestMail } from './test-mail.service.ts';

export const mailRoutes = [
  defineRoute({
    id: 'mail.sendTest',
    method: 'POST',
    path: '/api/v1/mail/test',
    tag: 'Settings',
    summary: 'Send a test e-mail with the current SMTP settings (audited)',
    description:
      "Sent at once, not through the outbox, to `to` or the caller's own address. 422 with the reason " +
      'in words when SMTP is off (no host or sender address) or the mail server refuses or cannot be reached.',
    body: TestMailRequest,
    response: { status: 200, description: 'The mail server accepted the message', schema: TestMailResult },
    handler: ({ ctx, body }) => sendTestMail(ctx, body.to),
  }),
  defineRoute({
    id: 'emailLog.list',
    method: 'GET',
    path: '/api/v1/email-log',
    tag: 'Settings',
    summary: 'E-mails the CMS sent or is sending, with their outcome, newest first',
    description:
      'One entry per message and recipient. An e-mail about an object (an invoice) is visible to the chain that object records and the platform; account e-mails (invitations, password resets) to the platform only. `relatedId` lists the history of one object.',
    query: EmailLogQuery,
    response: { status: 200, description: 'A page of the e-mail log', schema: EmailLogPage },
    handler: ({ ctx, query: { limit, cursor, includeTotal, ...filter } }) =>
      listEmailLog(ctx, filter, { limit, cursor, includeTotal: includeTotal === 'true' }),
  }),
];
