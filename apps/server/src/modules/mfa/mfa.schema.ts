import { z } from 'zod';
import { Stage } from '../auth/auth.schema.ts';

/**
 * A code typed by a person. The schema checks only type and size: the format (6 digits, spaces
 * ignored; a recovery code with or without its dash) is the service's business, so a mistyped
 * code gets the same "not valid" answer as a wrong one rather than a validation error.
 */
export const TotpCode = z
  .string()
  .min(1)
  .max(20)
  .describe('The 6-digit code the authenticator app shows (spaces are ignored)');

export const RecoveryCode = z
  .string()
  .min(1)
  .max(40)
  .describe('One of the recovery codes shown at enrolment (xxxxx-xxxxx); each works once');

export const MfaEnrolment = z
  .object({
    secret: z.string().describe('The new TOTP secret (base32), for typing into an app that cannot scan'),
    otpauthUri: z.string().describe('otpauth://totp/… URI holding the secret, issuer and account'),
    qrSvg: z.string().describe('The URI as a QR code, an SVG document'),
  })
  .meta({ id: 'MfaEnrolment' });

export const MfaConfirmBody = z
  .strictObject({
    code: TotpCode.describe('The current code of the new secret'),
    currentCode: TotpCode.optional().describe('When replacing a factor: a code of the current one'),
    currentRecoveryCode: RecoveryCode.optional().describe('When replacing a factor: an unused recovery code'),
  })
  .describe('Replacing an existing factor needs exactly one of `currentCode` and `currentRecoveryCode`');

export const MfaEnrolled = z
  .object({
    stage: Stage,
    recoveryCodes: z
      .array(z.string())
      .describe('Single-use codes for when the authenticator is lost: shown this once, stored hashed'),
  })
  .meta({ id: 'MfaEnrolled' });

// Both optional in the schema (so it stays a plain object in the contract); the service insists
// on exactly one and names the field when it is not.
export const MfaVerifyBody = z
  .strictObject({
    code: TotpCode.optional(),
    recoveryCode: RecoveryCode.optional(),
  })
  .describe('Exactly one of `code` and `recoveryCode`');

/** Proof of the current factor for a self-service change to it (the same shape as verify). */
export const MfaProofBody = z
  .strictObject({
    code: TotpCode.optional(),
    recoveryCode: RecoveryCode.optional(),
  })
  .describe('Proof of your current factor: exactly one of `code` and `recoveryCode`');

export const MfaVerified = z
  .object({
    stage: Stage,
    recoveryCodesRemaining: z.number().int().describe('Unused recovery codes left after this one'),
  })
  .meta({ id: 'MfaVerified' });

export const MfaRecoveryCodes = z
  .object({
    recoveryCodes: z.array(z.string()).describe('The new codes, shown this once; every older code is void'),
  })
  .meta({ id: 'MfaRecoveryCodes' });
