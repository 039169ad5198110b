import { defineRoute } from '../../http/route.ts';
import { TestMailRequest, TestMailResult } from './mail.schema.ts';
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
];
