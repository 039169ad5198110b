/**
 * The e-mails the CMS sends: a plain-text body (what most security-minded clients show) and a
 * simple HTML body with inline styles only. Nothing is loaded from elsewhere (no images, fonts or
 * tracking), so a message renders the same offline and leaks nothing when it is opened.
 */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailTemplate = 'invitation' | 'password_reset';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every value put into the HTML body goes through this: names are user input. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** "2026-11-29 10:00 UTC": unambiguous wherever the reader is. */
function formatExpiry(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function greeting(firstName: string | null): string {
  return firstName ? `Hello ${firstName},` : 'Hello,';
}

/** Paragraphs → the HTML body: one link rendered as a button, the same link also spelled out. */
function htmlBody(
  title: string,
  paragraphs: string[],
  link: { label: string; url: string },
  after: string[],
) {
  const p = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  const url = escapeHtml(link.url);
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Segoe UI,Helvetica,Arial,sans-serif;' +
      'font-size:15px;line-height:1.5;color:#1f2328">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:6px;padding:32px">',
    `<h1 style="margin:0 0 24px;font-size:20px">${escapeHtml(title)}</h1>`,
    ...paragraphs.map(p),
    `<p style="margin:24px 0"><a href="${url}" style="display:inline-block;background:#0f6cbd;color:#ffffff;` +
      `text-decoration:none;padding:10px 20px;border-radius:4px">${escapeHtml(link.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57606a">Or open this address: <br><a href="${url}" ` +
      `style="color:#0f6cbd;word-break:break-all">${url}</a></p>`,
    ...after.map(p),
    '</div></body></html>',
  ].join('\n');
}

export interface InvitationInput {
  firstName: string | null;
  organisationName: string;
  link: string;
  expiresAt: string;
}

export function invitationMail(input: InvitationInput): RenderedMail {
  const subject = `Activate your ${input.organisationName} account`;
  const intro = [
    greeting(input.firstName),
    `An account has been created for you at ${input.organisationName}. Choose your password to activate it.`,
  ];
  const after = [
    `The link works once and until ${formatExpiry(input.expiresAt)}. If it has expired, ask your administrator for a new invitation.`,
    'If your administrator gave you an activation code, you will be asked for it the first time you sign in.',
    'If you did not expect this e-mail, you can ignore it.',
  ];
  return {
    subject,
    text: [...intro, '', `Activate your account: ${input.link}`, '', ...after].join('\n'),
    html: htmlBody(subject, intro, { label: 'Choose a password', url: input.link }, after),
  };
}

export interface PasswordResetInput {
  firstName: string | null;
  link: string;
  expiresAt: string;
  /** An administrator started the reset (otherwise someone asked for it on the sign-in page). */
  byAdministrator: boolean;
}

export function passwordResetMail(input: PasswordResetInput): RenderedMail {
  const subject = 'Reset your password';
  const intro = [
    greeting(input.firstName),
    input.byAdministrator
      ? 'An administrator has asked for your password to be reset. Choose a new password with the link below.'
      : 'Someone, hopefully you, asked to reset the password of your account. Choose a new password with the link below.',
  ];
  const after = [
    `The link works once and until ${formatExpiry(input.expiresAt)}. Resetting your password signs you out everywhere and unlocks a locked account.`,
    'If you did not ask for this, you can ignore this e-mail: your password stays as it is.',
  ];
  return {
    subject,
    text: [...intro, '', `Reset your password: ${input.link}`, '', ...after].join('\n'),
    html: htmlBody(subject, intro, { label: 'Choose a new password', url: input.link }, after),
  };
}

/** The message System Settings → SMTP sends to prove the settings work. */
export function testMail(input: { productName: string; host: string }): RenderedMail {
  const subject = `Test e-mail from ${input.productName}`;
  const lines = [
    'Hello,',
    `This is a test e-mail from ${input.productName}. It went out through the mail server ${input.host}, so the SMTP settings work.`,
    'You can delete this e-mail.',
  ];
  const p = (text: string) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`;
  return {
    subject,
    text: lines.join('\n\n'),
    html: [
      '<!doctype html>',
      `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
      '<body style="margin:0;padding:24px;font-family:Segoe UI,Helvetica,Arial,sans-serif;font-size:15px;color:#1f2328">',
      ...lines.map(p),
      '</body></html>',
    ].join('\n'),
  };
}
