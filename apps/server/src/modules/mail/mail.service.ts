import type { Kysely } from 'kysely';
import nodemailer, { type SMTPTransportOptions } from 'nodemailer';
import type { AnyContext, AppContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import type { SmtpSecurity } from '../settings/settings.registry.ts';
import { getSetting } from '../settings/settings.service.ts';
import type { MailTemplate } from './templates.ts';

/**
 * Outgoing e-mail over SMTP. Services never send directly: they queue in the outbox (outbox.ts)
 * and its dispatcher calls deliverMail. The SMTP settings are read and a transport is built on
 * every send, not once at start: an operator fixes a wrong password in System Settings and the
 * next e-mail uses it, in every server process. Sends are rare (invitations, resets), so a
 * connection per message costs nothing that matters.
 */

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string;
  password: string;
  fromAddress: string;
}

/** A file sent with a message (an invoice PDF). */
export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * Which template or purpose this is (`invitation`, `invoice`, `delinquency_notice`): the metric's
   * label and the e-mail log's kind; 'other' when not given.
   */
  template?: MailTemplate | 'other' | (string & {});
  attachments?: readonly MailAttachment[];
}

export type SendResult = 'sent' | 'failed' | 'not_configured';

/**
 * Connection, greeting and inactivity limits: a dead or black-holed server fails an attempt in
 * seconds, not after nodemailer's default minutes, so the outbox retries it and moves on.
 */
export const SMTP_TIMEOUT_MS = 10_000;

/** Why something that needs e-mail cannot be done: no mail server is set up. */
export const NOT_CONFIGURED = 'SMTP is not configured (System Settings → SMTP).';

export const UNREADABLE_PASSWORD =
  'The SMTP password cannot be decrypted with this CMS_ENCRYPTION_KEY; enter it again (System Settings → SMTP).';

type Ctx = AppContext | AnyContext;
const appOf = (ctx: Ctx): AppContext => ('app' in ctx ? ctx.app : ctx);

/** Is e-mail on: a host and a sender address are set? (`db`: the caller's transaction, if any.) */
export async function isMailConfigured(ctx: Ctx, db?: Kysely<Database>): Promise<boolean> {
  const [host, fromAddress] = await Promise.all([
    getSetting(ctx, 'smtp.host', db),
    getSetting(ctx, 'smtp.fromAddress', db),
  ]);
  return Boolean(host) && Boolean(fromAddress);
}

/**
 * The SMTP settings, or null while e-mail is off. A password that no longer decrypts (the
 * encryption key was changed) is an AppError telling the operator to enter it again.
 */
export async function readSmtpSettings(ctx: Ctx): Promise<SmtpSettings | null> {
  if (!(await isMailConfigured(ctx))) return null;
  const [host, port, security, username, fromAddress] = await Promise.all(
    ['smtp.host', 'smtp.port', 'smtp.security', 'smtp.username', 'smtp.fromAddress'].map((key) =>
      getSetting(ctx, key),
    ),
  );
  let password: string;
  try {
    password = String(await getSetting(ctx, 'smtp.password'));
  } catch {
    throw new AppError('invalid_request', UNREADABLE_PASSWORD);
  }
  return {
    host: String(host),
    port: Number(port),
    security: String(security) as SmtpSecurity,
    username: String(username),
    password,
    fromAddress: String(fromAddress),
  };
}

/**
 * The nodemailer options for the settings. `starttls` sets requireTLS, so a server (or a
 * man in the middle stripping the STARTTLS offer) that does not upgrade gets nothing in plain
 * text; `tls` is TLS from the first byte; `none` ignores a STARTTLS offer, for a trusted relay.
 * Certificates are always verified (Node's defaults), and TLS below 1.2 is refused.
 */
export function transportOptions(smtp: SmtpSettings): SMTPTransportOptions {
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    ...(smtp.username ? { auth: { user: smtp.username, pass: smtp.password } } : {}),
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
    dnsTimeout: SMTP_TIMEOUT_MS,
    tls: { minVersion: 'TLSv1.2' },
    // nodemailer's own logging would print the SMTP conversation; failures are logged below.
    logger: false,
    debug: false,
  };
}

interface SmtpFailure {
  code?: string;
  message?: string;
  responseCode?: number;
  command?: string;
}

/** A failure in words an operator can act on, from nodemailer's codes (no server text, no secrets). */
export function describeFailure(error: unknown): string {
  const { code, responseCode, message } = (error ?? {}) as SmtpFailure;
  const reply = responseCode ? ` (SMTP ${responseCode})` : '';
  // A refused certificate surfaces as a socket error; it needs a different fix than a dead server.
  const tls = code === 'ETLS' || (code === 'ESOCKET' && /certificate|ssl|tls/i.test(message ?? ''));
  if (tls) {
    return 'a TLS connection to the mail server could not be established (check SMTP Security and the certificate)';
  }
  switch (code) {
    case 'EAUTH':
    case 'ENOAUTH':
      return `the mail server refused the username or password${reply}`;
    case 'ETIMEDOUT':
      return 'the mail server did not answer in time';
    case 'EDNS':
      return 'the mail server host name could not be resolved';
    case 'ECONNECTION':
    case 'ESOCKET':
      return 'the mail server could not be reached';
    case 'EENVELOPE':
      return `the mail server refused the sender or the recipient${reply}`;
    default:
      return `the mail server refused the message${reply}`;
  }
}

const LOG_LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * One log line in the server's format (pino JSON on stdout, like Fastify's request log), honouring
 * LOG_LEVEL. AppContext has no logger, and mail goes out from the outbox dispatcher, outside any
 * request.
 */
export function logLine(
  ctx: Ctx,
  level: 'warn' | 'error',
  fields: Record<string, unknown>,
  msg: string,
): void {
  const app = appOf(ctx);
  if (LOG_LEVELS[level] < LOG_LEVELS[app.config.logLevel]) return;
  const line = {
    level: LOG_LEVELS[level],
    time: Date.now(),
    pid: process.pid,
    ...('requestId' in ctx ? { reqId: ctx.requestId } : {}),
    ...fields,
    msg,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Names the server, the failure class and the recipient's domain: never the password, the body or the address. */
function logFailure(ctx: Ctx, smtp: SmtpSettings, mail: OutgoingMail, error: unknown): void {
  const { code, responseCode, command } = (error ?? {}) as SmtpFailure;
  logLine(
    ctx,
    'warn',
    {
      template: mail.template ?? 'other',
      smtpHost: smtp.host,
      smtpPort: smtp.port,
      smtpSecurity: smtp.security,
      recipientDomain: mail.to.split('@')[1] ?? '',
      errorCode: code ?? null,
      responseCode: responseCode ?? null,
      command: command?.split(' ')[0] ?? null,
    },
    `e-mail not sent: ${describeFailure(error)}`,
  );
}

/**
 * One attempt to send one e-mail: the outcome, and the error when the server refused. Throws only
 * when the settings cannot be read (an SMTP password this encryption key cannot decrypt).
 */
export async function deliverMail(
  ctx: Ctx,
  mail: OutgoingMail,
): Promise<{ result: SendResult; error?: unknown }> {
  const app = appOf(ctx);
  const template = mail.template ?? 'other';
  const smtp = await readSmtpSettings(ctx);
  if (!smtp) {
    app.metrics.mailSent.inc({ template, result: 'not_configured' });
    return { result: 'not_configured' };
  }
  const transport = nodemailer.createTransport(transportOptions(smtp));
  try {
    await transport.sendMail({
      from: smtp.fromAddress,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      // RFC 3834: tells mail servers and clients not to send out-of-office replies back.
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: (mail.attachments ?? []).map((file) => ({
        filename: file.filename,
        content: file.content,
        contentType: file.contentType,
      })),
      // The bodies are ours, but no content should ever make nodemailer read a file or a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    app.metrics.mailSent.inc({ template, result: 'sent' });
    return { result: 'sent' };
  } catch (error) {
    app.metrics.mailSent.inc({ template, result: 'failed' });
    logFailure(ctx, smtp, mail, error);
    return { result: 'failed', error };
  } finally {
    transport.close();
  }
}
