import type { RequestContext } from '../../context.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { effectiveBranding } from '../branding/branding.service.ts';
import { loadOwnUser } from '../users/users.service.ts';
import { deliverMail, describeFailure, NOT_CONFIGURED, readSmtpSettings } from './mail.service.ts';
import { testMail } from './templates.ts';

/**
 * Sends one test e-mail at once, outside the outbox: the operator who just changed the SMTP
 * settings wants to know now whether the server takes them, in words, not after an hour of retries.
 * The request is audited before the attempt (an attempt nobody can trace never happens); the
 * answer says what the server did.
 */
export async function sendTestMail(ctx: RequestContext, to: string | undefined): Promise<{ to: string }> {
  const smtp = await readSmtpSettings(ctx);
  if (!smtp) throw new AppError('invalid_request', NOT_CONFIGURED);
  const recipient = to ?? (await loadOwnUser(ctx.app.db.kysely, ctx.actor.userId)).email;
  await transaction(ctx.app.db, (trx) =>
    recordAudit(trx, ctx, {
      action: 'mail.test',
      targetType: 'mail',
      targetId: 'smtp',
      orgId: ctx.actor.scope.orgId,
      after: { to: recipient, host: smtp.host, port: smtp.port },
      personalFields: ['to'],
    }),
  );
  const sent = await deliverMail(ctx, {
    ...testMail({ productName: (await effectiveBranding(ctx, '')).name, host: smtp.host }),
    to: recipient,
  });
  if (sent.result === 'not_configured') throw new AppError('invalid_request', NOT_CONFIGURED);
  if (sent.result === 'failed') {
    throw new AppError('invalid_request', `The test e-mail was not sent: ${describeFailure(sent.error)}.`);
  }
  return { to: recipient };
}
