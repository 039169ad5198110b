import { z } from 'zod';
import { listQueryFields, pageSchema } from '../../http/pagination.ts';
import { PASSWORD_MIN_LENGTH } from '../auth/passwords.ts';
import { Email, Id, Phone } from '../shared.schema.ts';

export const Role = z.enum(['admin', 'reader']).describe('admin: Administrator; reader: read-only');
export const Level = z.enum(['platform', 'distributor', 'partner', 'tenant']);

export const User = z
  .object({
    id: z.string(),
    orgId: z.string(),
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
    lockedOut: z.boolean(),
    lastSignInAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'User' });

export const UserPage = pageSchema(User);

const Password = z.string().min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters.`).max(200);

/** A new user's person fields; also the shape of an administrator assigned while creating an organisation. */
export const NewPerson = z.strictObject({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
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
  firstName: z.string().trim().min(1).max(100).optional(),
  lastName: z.string().trim().min(1).max(100).optional(),
  email: Email.optional(),
  phone: Phone.nullable().optional().describe('null removes the number'),
  role: Role.optional(),
  mfaRequired: z.boolean().optional(),
  federatedOnly: z.boolean().optional(),
  disabled: z.boolean().optional(),
  lockedOut: z
    .literal(false)
    .optional()
    .describe('Set false to unlock; locking happens only on failed sign-ins'),
  orgId: Id.optional().describe('Move the user to another organisation within your scope; its level follows'),
});

export const UserListQuery = z.strictObject({
  ...listQueryFields(['email', 'lastName', 'createdAt']),
  orgId: Id.optional(),
  role: Role.optional(),
});
