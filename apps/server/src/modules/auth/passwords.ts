import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../http/errors.ts';

/** argon2id with the library defaults (m=19 MiB, t=2, p=1): ~25 ms per hash on this hardware. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the user does not exist, so an unknown email costs the same time as a
// wrong password and sign-in timing does not reveal which addresses have accounts.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2m2j7cS8x1Pp4i9uPSZQcs6ou3nNAHvQdjAbCUT39Ig';

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 12;

export const PASSWORD_MAX_LENGTH = 200;

/**
 * The password policy: long rather than complex (NIST SP 800-63B): at least 12 characters, not
 * the e-mail address or a part of it, and not one character repeated.
 */
export function assertPasswordPolicy(password: string, email: string, field: string): void {
  const lower = password.toLowerCase();
  const localPart = email.toLowerCase().split('@')[0] ?? '';
  // A short local part ("jo@…") would forbid half the dictionary; only a real name is checked.
  const containsEmail =
    lower.includes(email.toLowerCase()) || (localPart.length >= 3 && lower.includes(localPart));
  const problem =
    password.length < PASSWORD_MIN_LENGTH
      ? `At least ${PASSWORD_MIN_LENGTH} characters.`
      : password.length > PASSWORD_MAX_LENGTH
        ? `At most ${PASSWORD_MAX_LENGTH} characters.`
        : containsEmail
          ? 'Must not contain your e-mail address.'
          : /^(.)\1*$/.test(password)
            ? 'Must not be one character repeated.'
            : null;
  if (problem) throw AppError.invalidField(field, problem);
}
