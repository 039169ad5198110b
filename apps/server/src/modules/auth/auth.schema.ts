import { z } from 'zod';
import { secretText, singleLineText } from '../../http/field-rules.ts';
import { Email, prefixedId } from '../shared.schema.ts';
import { User } from '../users/users.schema.ts';

export const SignInBody = z.strictObject({
  email: Email,
  password: secretText(200).min(1),
  activationCode: z
    .string()
    .max(20)
    .optional()
    .describe('The one-time code from your administrator, at first sign-in'),
});

export const Stage = z
  .enum(['active', 'mfa', 'password_change', 'mfa_enrolment'])
  .describe('The sign-in step still to do; only `active` sessions reach the rest of the API');

export const ChangePasswordBody = z.strictObject({
  currentPassword: secretText(200).min(1),
  newPassword: secretText(200).min(1).describe('At least 12 characters, not containing your e-mail address'),
});

export const StageResult = z.object({ stage: Stage }).meta({ id: 'StageResult' });

export const Me = z
  .object({
    user: User,
    organisation: z.object({
      id: z.string(),
      kind: z.enum(['platform', 'distributor', 'partner', 'tenant']),
      name: z.string(),
    }),
    roleKey: z.string().describe('Level and role, e.g. partner_admin'),
    authenticatedBy: z.enum(['session', 'token']),
    stage: Stage,
    permissions: z.record(z.string(), z.boolean()).describe('Operation id → may this caller use it'),
    initialPasswordAllowed: z
      .boolean()
      .describe(
        'users.create accepts `initialPassword` (Require User Activation is off); otherwise new users set ' +
          'their password through the invitation link',
      ),
    platformTimeZone: z
      .string()
      .describe(
        'The Platform Time Zone setting (IANA name): the portal takes the current month and today from it',
      ),
  })
  .meta({ id: 'Me' });

export const SignInResult = z
  .object({
    csrfToken: z.string().describe('Send as X-CSRF-Token on every write made with the session cookie'),
    me: Me,
  })
  .meta({ id: 'SignInResult' });

export const ApiToken = z
  .object({
    id: z.string(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().describe('Recorded at most once a minute'),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

export const ApiTokenList = z.object({ items: z.array(ApiToken) });

export const ApiTokenCreate = z.strictObject({
  name: singleLineText(100).min(1),
  expiresAt: z.iso.datetime({ offset: false }).nullable().optional().describe('UTC expiry; none when absent'),
});

export const ApiTokenCreated = ApiToken.extend({
  token: z.string().describe('The secret, shown this once: send as "Authorization: Bearer <token>"'),
}).meta({ id: 'ApiTokenCreated' });

export const ApiTokenParams = z.strictObject({ id: prefixedId('tok') });
