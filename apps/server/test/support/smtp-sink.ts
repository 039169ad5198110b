import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { AppContext } from '../../src/context.ts';
import { systemContext } from '../../src/context.ts';
import { updateSettings } from '../../src/modules/settings/settings.service.ts';

/**
 * A real SMTP server on 127.0.0.1 with an ephemeral port, for tests: what the CMS sends goes over
 * a socket through nodemailer's whole client, and every message is parsed back with mailparser,
 * so a test reads what a mail client would show (recipients, subject, text and HTML bodies).
 */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** The AUTH user name the client signed in with, when it did. */
  user: string | null;
  /** Was the session upgraded to TLS (STARTTLS or implicit)? */
  secure: boolean;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  host: string;
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (arrived or arriving) that matches; fails after `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** The messages sent to an address (envelope recipient, case-insensitive). */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

export interface SinkOptions {
  /** Accept only this user name and password (AUTH is then required). */
  credentials?: { user: string; pass: string };
  /** Offer STARTTLS (with smtp-server's built-in self-signed certificate). Off by default. */
  starttls?: boolean;
  /** TLS from the first byte (port-465 style), with the same self-signed certificate. */
  implicitTls?: boolean;
  /** The certificate for STARTTLS or implicit TLS instead of smtp-server's built-in one (expired). */
  certificate?: { key: string; cert: string };
  /** Refuse every message with this SMTP reply text, to test failures. */
  rejectWith?: string;
}

export async function startSmtpSink(options: SinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const waiters: Array<{ match: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }> = [];
  const serverOptions: SMTPServerOptions = {
    // Without credentials any client may send; with them, AUTH is required (over plain text too,
    // since the sink runs on loopback without a trusted certificate).
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    secure: options.implicitTls ?? false,
    ...(options.certificate ?? {}),
    disabledCommands: options.starttls ? [] : ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      const want = options.credentials;
      if (want && auth.username === want.user && auth.password === want.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, callback) {
      if (options.rejectWith) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error(options.rejectWith), { responseCode: 550 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const mail: ReceivedMail = {
            to: session.envelope.rcptTo.map((r) => r.address),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            user: typeof session.user === 'string' ? session.user : null,
            secure: session.secure,
            parsed,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          };
          messages.push(mail);
          for (const waiter of [...waiters]) {
            if (waiter.match(mail)) {
              waiters.splice(waiters.indexOf(waiter), 1);
              waiter.resolve(mail);
            }
          }
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  };
  const server = new SMTPServer(serverOptions);
  const port = await new Promise<number>((resolve, reject) => {
    server.on('error', reject);
    const listening = server.listen(0, '127.0.0.1', () => resolve((listening.address() as AddressInfo).port));
  });
  return {
    host: '127.0.0.1',
    port,
    messages,
    to: (address) => messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    waitFor(match, timeoutMs = 5000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<ReceivedMail>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (m: ReceivedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`No matching e-mail within ${timeoutMs} ms (${messages.length} received)`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Points the SMTP settings of an app at a sink (plain SMTP on loopback, no TLS, no sign-in). */
export async function useSmtpSink(
  app: AppContext,
  sink: Pick<SmtpSink, 'host' | 'port'>,
  extra: Record<string, string | number> = {},
): Promise<void> {
  await updateSettings(systemContext(app, 'test-smtp'), {
    'smtp.host': sink.host,
    'smtp.port': sink.port,
    'smtp.security': 'none',
    'smtp.fromAddress': 'cms@platform.test',
    'smtp.username': '',
    ...extra,
  });
}

/** The first link in a message's text that points at `path` (`/activate`, `/reset-password`). */
export function linkIn(mail: ReceivedMail, path: string): URL {
  const match = mail.text.match(/https?:\/\/\S+/g)?.find((l) => new URL(l).pathname === path);
  if (!match) throw new Error(`No ${path} link in: ${mail.text}`);
  return new URL(match);
}

/** The token parameter of the link to `path` in a message. */
export function tokenIn(mail: ReceivedMail, path: string): string {
  const token = linkIn(mail, path).searchParams.get('token');
  if (!token) throw new Error(`The ${path} link has no token`);
  return token;
}
