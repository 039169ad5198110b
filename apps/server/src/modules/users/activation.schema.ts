import { z } from 'zod';
import { secretText } from '../../http/field-rules.ts';
import { Email } from '../shared.schema.ts';
import { User } from './users.schema.ts';

export const InvitationOutcome = z
  .enum(['queued', 'not_sent', 'not_needed'])
  .describe(
    'queued: the invitation e-mail is in the outbox with the user and goes out (retried while the mail ' +
      'server is unreachable); not_sent: SMTP is not configured (the user exists, resend with ' +
      'POST /api/v1/users/{id}/invitation once it is); not_needed: no invitation (an initial password ' +
      'was given, or the user is Federated Only)',
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
}).meta({ id: 'UserCreated' });

/** On an organisation create/update response: for the administrators that request created. */
export const NewAdministratorFields = {
  invitation: InvitationOutcome.optional().describe('Only for administrators created by this request'),
  activationCode: ActivationCode.optional(),
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

export const PasswordResetAccepted = z.object({ message: z.string() }).meta({ id: 'PasswordResetAccepted' });

export const PasswordResetConfirmBody = z.strictObject({ token: LinkToken, password: NewPassword });

export const PasswordResetResult = z
  .object({ email: z.string().describe('The account whose password changed: sign in with it') })
  .meta({ id: 'PasswordResetResult' });

export const InvitationSent = z
  .object({
    expiresAt: z.string().describe('When the new link stops working; earlier links already have'),
    activationCode: ActivationCode.optional().describe(
      'A new one-time activation code, when the user still had one pending (the old one no longer works)',
    ),
  })
  .meta({ id: 'InvitationSent' });

export const PasswordResetSent = z
  .object({ expiresAt: z.string().describe('When the link stops working') })
  .meta({ id: 'PasswordResetSent' });
