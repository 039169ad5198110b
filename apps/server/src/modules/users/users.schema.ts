import { z } from 'zod';
import { secretText, singleLineText } from '../../http/field-rules.ts';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { Email, Id, Phone } from '../shared.schema.ts';

export const Role = z
  .enum(['admin', 'reader'])
  .describe('admin: Administrator; reader: Reader (sees everything in scope, changes nothing)');
export const Level = z.enum(['platform', 'distributor', 'partner', 'tenant']);

export const UserStatus = z
  .enum(['invited', 'active', 'disabled', 'locked_out'])
  .describe(
    'invited: has not activated the account yet; active: can sign in; disabled: sign-in blocked by an ' +
      'administrator; locked_out: password sign-in refused after failed attempts (until `lockedUntil`, or ' +
      'until unlocked). The first that applies, in the order disabled, locked_out, invited, active',
  );

export const User = z
  .object({
    id: z.string(),
    orgId: z.string(),
    orgName: z.string().describe("The name of the user's organisation"),
    level: Level,
    role: Role,
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    phone: z.string().nullable(),
    mfaRequired: z.boolean(),
    mfaEnabled: z.boolean().describe('Has a confirmed TOTP factor'),
    federatedOnly: z.boolean(),
    disabled: z.boolean(),
    lockedOut: z
      .boolean()
      .describe('Password sign-in refused after failed attempts; tokens and sessions still work'),
    lockedUntil: z
      .string()
      .nullable()
      .describe('When the lockout ends by itself; null when not locked out or locked until unlocked'),
    status: UserStatus,
    activatedAt: z
      .string()
      .nullable()
      .describe(
        'When the account was activated (a password set, or a first federated sign-in); null while invited',
      ),
    activationCodePending: z
      .boolean()
      .describe(
        'The first sign-in still needs an activation code (Require User Activation Code); an administrator ' +
          'can issue a new one with POST /api/v1/users/{id}/activation-code',
      ),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });

export const UserPage = pageSchema(User);

const Password = secretText(200).min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`);

/** A new user's person fields; also the shape of an administrator assigned while creating an organisation. */
export const NewPerson = z.strictObject({
  firstName: singleLineText(100).min(1),
  lastName: singleLineText(100).min(1),
  email: Email,
  phone: Phone.optional(),
  initialPassword: Password.optional().describe('Must be changed at first sign-in'),
});

export const UserCreate = NewPerson.extend({
  orgId: Id.describe('The organisation the user belongs to; fixes the level'),
  role: Role,
  mfaRequired: z.boolean().optional(),
  federatedOnly: z.boolean().optional(),
});

export const UserUpdate = z.strictObject({
  firstName: singleLineText(100).min(1).optional(),
  lastName: singleLineText(100).min(1).optional(),
  email: Email.optional(),
  phone: Phone.nullable().optional().describe('null removes the number'),
  role: Role.optional(),
  mfaRequired: z.boolean().optional(),
  federatedOnly: z.boolean().optional(),
  disabled: z.boolean().optional(),
  lockedOut: z
    .literal(false)
    .optional()
    .describe('Set false to unlock; locking happens only on failed password sign-ins'),
  orgId: Id.optional().describe('Move the user to another organisation within your scope; its level follows'),
});

export const UserListQuery = z.strictObject({
  ...listQueryFields(['email', 'lastName', 'createdAt']),
  orgId: Id.optional().describe('Only the users of this organisation (not those below it)'),
  level: Level.optional().describe('Only the users of organisations of this level'),
  role: Role.optional(),
  status: UserStatus.optional(),
});
