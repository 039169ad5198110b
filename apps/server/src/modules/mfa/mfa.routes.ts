import { defineRoute } from '../../http/route.ts';
import { setSessionCookie } from '../auth/sessions.ts';
import { IdParams } from '../shared.schema.ts';
import { isUserVisible } from '../users/users.service.ts';
import {
  MfaConfirmBody,
  MfaEnrolled,
  MfaEnrolment,
  MfaProofBody,
  MfaRecoveryCodes,
  MfaVerified,
  MfaVerifyBody,
} from './mfa.schema.ts';
import {
  confirmEnrolment,
  disableMfa,
  regenerateRecoveryCodes,
  resetUserMfa,
  startEnrolment,
  verifyMfa,
} from './mfa.service.ts';

export const mfaRoutes = [
  defineRoute({
    id: 'mfa.enrolmentStart',
    method: 'POST',
    path: '/api/v1/auth/mfa/enrolment',
    tag: 'Authentication',
    summary: 'Start a TOTP enrolment: a new secret with its otpauth URI and QR code',
    description:
      'The secret stays pending until confirmed; an existing factor keeps working until then. Reachable at ' +
      'the `mfa_enrolment` sign-in step and from active sessions and tokens (to replace the factor).',
    response: { status: 200, description: 'The pending secret', schema: MfaEnrolment },
    handler: ({ ctx }) => startEnrolment(ctx),
  }),
  defineRoute({
    id: 'mfa.enrolmentConfirm',
    method: 'POST',
    path: '/api/v1/auth/mfa/enrolment/confirm',
    tag: 'Authentication',
    summary: 'Confirm the pending secret with a code: it becomes the factor; recovery codes are shown once',
    description:
      'A wrong code answers 422 naming `body.code` and changes nothing. At the `mfa_enrolment` sign-in step ' +
      'the session moves on (`stage`). Any earlier factor and recovery codes are replaced; replacing one ' +
      'needs `currentCode` or `currentRecoveryCode` (spent once; a wrong one answers 422 naming it).',
    body: MfaConfirmBody,
    response: { status: 200, description: 'Enrolled', schema: MfaEnrolled },
    handler: async ({ ctx, body, reply }) => {
      const { cookie, ...enrolled } = await confirmEnrolment(ctx, body);
      setSessionCookie(ctx.app, reply, cookie);
      return enrolled;
    },
  }),
  defineRoute({
    id: 'mfa.verify',
    method: 'POST',
    path: '/api/v1/auth/mfa/verify',
    tag: 'Authentication',
    summary: 'Prove the second factor with a TOTP code or a recovery code',
    description:
      'Completes the `mfa` sign-in step; on an active session or token it only checks the code. A code is ' +
      'accepted once (a replay, or a code older than the last one accepted, is refused) and a recovery ' +
      'code works once. A wrong code answers 401 `mfa_invalid`; attempts are limited per user (429).',
    body: MfaVerifyBody,
    response: { status: 200, description: 'Verified; the sign-in step now due', schema: MfaVerified },
    handler: async ({ ctx, body, reply }) => {
      const { cookie, ...verified } = await verifyMfa(ctx, body);
      setSessionCookie(ctx.app, reply, cookie);
      return verified;
    },
  }),
  defineRoute({
    id: 'mfa.recoveryCodesRegenerate',
    method: 'POST',
    path: '/api/v1/auth/mfa/recovery-codes',
    tag: 'Authentication',
    summary: 'Replace your recovery codes with a new set (shown once; the old ones stop working)',
    description:
      'Needs a proof of your factor: `code` or an unused `recoveryCode` (spent once; a wrong one answers ' +
      '422 naming it and changes nothing).',
    body: MfaProofBody,
    response: { status: 200, description: 'The new recovery codes', schema: MfaRecoveryCodes },
    handler: ({ ctx, body }) => regenerateRecoveryCodes(ctx, body),
  }),
  defineRoute({
    id: 'mfa.disable',
    method: 'DELETE',
    path: '/api/v1/auth/mfa',
    tag: 'Authentication',
    summary: 'Remove your own second factor and recovery codes (not while your account is MFA Required)',
    description:
      'Needs a proof of your factor: `code` or an unused `recoveryCode` (spent once; a wrong one answers ' +
      '422 naming it and changes nothing).',
    body: MfaProofBody,
    response: { status: 204, description: 'Removed' },
    handler: async ({ ctx, body }) => {
      await disableMfa(ctx, body);
      return undefined;
    },
  }),
  defineRoute({
    id: 'users.mfaReset',
    method: 'POST',
    path: '/api/v1/users/:id/mfa-reset',
    tag: 'Users',
    summary: "Reset a user's MFA: factor and recovery codes removed, sessions ended",
    description:
      'For a user who lost the device. With MFA Required on, the next sign-in enrols a new factor.',
    params: IdParams,
    target: (ctx, params) => isUserVisible(ctx, params.id),
    response: { status: 204, description: 'Reset' },
    handler: async ({ ctx, params }) => {
      await resetUserMfa(ctx, params.id);
      return undefined;
    },
  }),
];
