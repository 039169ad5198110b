import { z } from 'zod';
import { secretText } from '../../http/field-rules.ts';
import { Email } from '../shared.schema.ts';
import { User } from './users.schema.ts';

export const InvitationOutcome = z
  .enum(['queued', 'link', 'not_needed'])
  .describe(
    'queued: the invitation e-mail is in the outbox with the user and goes out (retried while the mail ' +
      'server is unreachable); link: e-mail is off (SMTP not configured), so the activation link is in ' +
      '`activationLink` for you to hand over; not_needed: no invitation (an initial password was given, ' +
      'or the user is Federated Only)',
  );

const ActivationLink = z
  .string()
  .describe(
    'The one-time activation link (e-mail is off): hand it to the user, who sets a password with it. ' +
      'Shown only in this response; it works once and expires with the invitation (7 days)',
  );

const ActivationCode = z
  .string()
  .describe(
    'The one-time activation code (Require User Activation Code): hand it over out of band; it is ' +
      'required at first sign-in and shown only in this response',
  );

/** users.create answers with the user plus what happened to its invitation. */
export const UserCreated = User.extend({
  invitation: InvitationOutcome,
  activationCode: ActivationCode.optional(),
  activationLink: ActivationLink.optional(),
}).meta({ id: 'UserCreated' });

/** On an organisation create/update response: for the administrators that request created. */
export const NewAdministratorFields = {
  invitation: InvitationOutcome.optional().describe('Only for administrators created by this request'),
  activationCode: ActivationCode.optional(),
  activationLink: ActivationLink.optional(),
};

/** A link token from an e-mail: what randomSecret() makes (URL-safe base64). */
const LinkToken = z
  .string()
  .min(20, 'Not a valid link token.')
  .max(200, 'Not a valid link token.')
  .regex(/^[A-Za-z0-9_-]+$/, 'Not a valid link token.')
  .describe('The `token` parameter of the link in the e-mail');

const NewPassword = secretText(200)
  .min(1)
  .describe('At least 12 characters, not containing your e-mail address');

export const ActivateBody = z.strictObject({ token: LinkToken, password: NewPassword });

export const ActivateResult = z
  .object({
    email: z.string().describe('The account now active: sign in with it'),
    activationCodeRequired: z
      .boolean()
      .describe('The first sign-in also needs the activation code from your administrator'),
  })
  .meta({ id: 'ActivateResult' });

export const PasswordResetRequestBody = z.strictObject({ email: Email });

export const PasswordResetAccepted = z
  .object({
    message: z.string().describe('What happens next, to show the person asking'),
    delivery: z
      .enum(['email', 'administrator'])
      .describe(
        'email: an account that can reset its password gets the link by e-mail; administrator: e-mail is ' +
          'off on this portal, so nothing is sent and an administrator has to issue a reset link. Says ' +
          'nothing about whether the address has an account',
      ),
  })
  .meta({ id: 'PasswordResetAccepted' });

export const PasswordResetConfirmBody = z.strictObject({ token: LinkToken, password: NewPassword });

export const PasswordResetResult = z
  .object({ email: z.string().describe('The account whose password changed: sign in with it') })
  .meta({ id: 'PasswordResetResult' });

export const InvitationSent = z
  .object({
    expiresAt: z.string().describe('When the new link stops working; earlier links already have'),
    delivery: z
      .enum(['email', 'link'])
      .describe('email: the link is in the outbox; link: e-mail is off, the link is in `activationLink`'),
    activationLink: ActivationLink.optional(),
    activationCode: ActivationCode.optional().describe(
      'A new one-time activation code, when the user still had one pending (the old one no longer works)',
    ),
  })
  .meta({ id: 'InvitationSent' });

export const ActivationCodeIssued = z
  .object({
    activationCode: ActivationCode.describe(
      'The new one-time activation code for the first sign-in; the previous one no longer works. Shown ' +
        'only in this response',
    ),
    expiresAt: z.string().describe('When the code stops working'),
  })
  .meta({ id: 'ActivationCodeIssued' });

export const PasswordResetSent = z
  .object({
    expiresAt: z.string().describe('When the new link stops working; earlier reset links already have'),
    delivery: z
      .enum(['email', 'link'])
      .describe('email: the link is in the outbox; link: e-mail is off, the link is in `passwordResetLink`'),
    passwordResetLink: z
      .string()
      .optional()
      .describe(
        'The one-time password-reset link (e-mail is off): hand it to the user, who chooses a new password ' +
          'with it. Shown only in this response; it works once and expires (60 minutes)',
      ),
  })
  .meta({ id: 'PasswordResetSent' });
