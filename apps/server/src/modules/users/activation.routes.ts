import { defineRoute } from '../../http/route.ts';
import { IdParams } from '../shared.schema.ts';
import {
  ActivateBody,
  ActivateResult,
  ActivationCodeIssued,
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
  issueActivationCode,
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
      'minutes. With e-mail off nothing is sent and the answer says so for every address ' +
      '(`delivery: administrator`): an administrator issues the reset link. Limited per client address and ' +
      'per e-mail address (429 with Retry-After).',
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
    summary: 'A new invitation link for a user who has not activated yet (earlier links stop working)',
    description:
      'With e-mail set up the link is e-mailed (`delivery: email`); with e-mail off it is returned once as ' +
      '`activationLink` to hand over (`delivery: link`). A pending activation code is replaced too and the ' +
      'new one returned here, once. 422 when the user has already activated (issue a new activation code ' +
      'instead, if one is still pending) or is Federated Only.',
    params: IdParams,
    target: isVisible,
    response: { status: 202, description: 'Issued', schema: InvitationSent },
    handler: ({ ctx, params }) => resendInvitation(ctx, params.id),
  }),
  defineRoute({
    id: 'users.activationCode',
    method: 'POST',
    path: '/api/v1/users/:id/activation-code',
    tag: 'Users',
    summary:
      'A new activation code for a user whose first sign-in still needs one (the old one stops working)',
    description:
      'For a user created under Require User Activation Code who has not completed the first sign-in, ' +
      'activated or not: the way back when the code was lost or replaced by a resend. The invitation ' +
      'link is not touched. 422 when no code is pending or the user is Federated Only.',
    params: IdParams,
    target: isVisible,
    response: { status: 200, description: 'The new code, shown once', schema: ActivationCodeIssued },
    handler: ({ ctx, params }) => issueActivationCode(ctx, params.id),
  }),
  defineRoute({
    id: 'users.passwordReset',
    method: 'POST',
    path: '/api/v1/users/:id/password-reset',
    tag: 'Users',
    summary: 'A new link for a user to choose a new password (earlier reset links stop working)',
    description:
      'With e-mail set up the link is e-mailed (`delivery: email`); with e-mail off it is returned once as ' +
      '`passwordResetLink` to hand over (`delivery: link`). The administrator never learns the password. ' +
      '422 when the user is Federated Only, disabled or not yet activated (resend the invitation instead).',
    params: IdParams,
    target: isVisible,
    response: { status: 202, description: 'Issued', schema: PasswordResetSent },
    handler: ({ ctx, params }) => sendPasswordReset(ctx, params.id),
  }),
];
