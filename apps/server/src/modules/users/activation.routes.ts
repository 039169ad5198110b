import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../shared.schema.ts';
import {
  ActivateBody,
  ActivateResult,
  InvitationSent,
  PasswordResetAccepted,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  PasswordResetResult,
  PasswordResetSent,
} from './activation.schema.ts';
import {
  activateAccount,
  confirmPasswordReset,
  requestPasswordReset,
  resendInvitation,
  sendPasswordReset,
} from './activation.service.ts';
import { isUserVisible } from './users.service.ts';

const isVisible = (ctx: Parameters<typeof isUserVisible>[0], params: { id: string }) =>
  isUserVisible(ctx, params.id);

export const activationRoutes = [
  defineRoute({
    id: 'auth.activate',
    public: true,
    method: 'POST',
    path: '/api/v1/auth/activate',
    tag: 'Authentication',
    summary: 'Activate an account: set the first password with the token from the invitation e-mail',
    description:
      'The link works once and expires (7 days). An unknown, used, replaced or expired token answers 400 ' +
      'with `field` `body.token` and changes nothing; a password that breaks the policy answers 400 with ' +
      '`body.password` and leaves the link usable. With Require User Activation Code the first sign-in ' +
      'also needs the code the administrator handed over.',
    body: ActivateBody,
    response: { status: 200, description: 'Activated; sign in now', schema: ActivateResult },
    handler: ({ ctx, body }) => activateAccount(ctx, body),
  }),
  defineRoute({
    id: 'auth.passwordResetRequest',
    public: true,
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    tag: 'Authentication',
    summary: 'Forgot password: e-mail a reset link to this address if it has an account',
    description:
      'Always 202 with the same body, whether or not the address has an account, so the answer does not ' +
      'tell which addresses exist. Activated, enabled, non-federated accounts get a link valid for 60 ' +
      'minutes. Limited per client address and per e-mail address (429 with Retry-After).',
    body: PasswordResetRequestBody,
    response: { status: 202, description: 'Accepted', schema: PasswordResetAccepted },
    handler: ({ ctx, body }) => requestPasswordReset(ctx, body),
  }),
  defineRoute({
    id: 'auth.passwordResetConfirm',
    public: true,
    method: 'POST',
    path: '/api/v1/auth/password-reset/confirm',
    tag: 'Authentication',
    summary: 'Set a new password with the token from the reset e-mail',
    description:
      'The link works once. The password is set, a lockout is lifted and every session of the user ends. ' +
      'An unusable token answers 400 with `field` `body.token` and changes nothing.',
    body: PasswordResetConfirmBody,
    response: { status: 200, description: 'Password set; sign in now', schema: PasswordResetResult },
    handler: ({ ctx, body }) => confirmPasswordReset(ctx, body),
  }),
  defineRoute({
    id: 'users.resendInvitation',
    method: 'POST',
    path: '/api/v1/users/:id/invitation',
    tag: 'Users',
    summary: 'E-mail a new invitation link to a user who has not activated yet (earlier links stop working)',
    description:
      '422 when SMTP is not configured, the user has already activated or is Federated Only. A pending ' +
      'activation code is replaced and the new one returned here, once.',
    params: IdParams,
    target: isVisible,
    response: { status: 202, description: 'Sent', schema: InvitationSent },
    handler: ({ ctx, params }) => resendInvitation(ctx, params.id),
  }),
  defineRoute({
    id: 'users.passwordReset',
    method: 'POST',
    path: '/api/v1/users/:id/password-reset',
    tag: 'Users',
    summary: 'E-mail a user a link to choose a new password',
    description:
      '422 when SMTP is not configured, or the user is Federated Only, disabled or not yet activated ' +
      '(resend the invitation instead).',
    params: IdParams,
    target: isVisible,
    response: { status: 202, description: 'Sent', schema: PasswordResetSent },
    handler: ({ ctx, params }) => sendPasswordReset(ctx, params.id),
  }),
];
