import type { Labels } from '../../app/labels.ts';

const OBJECT_WORDS: Record<string, string> = {
  platform: 'Platform',
  user: 'User',
  apiToken: 'API token',
  identityProvider: 'Identity provider',
  setting: 'Setting',
  auth: 'Sign-in',
};

/** Past-tense words for the audit log's verbs; others are spelt out from their camelCase. */
const VERB_WORDS: Record<string, string> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  move: 'moved',
  revoke: 'revoked',
  activate: 'activated',
  lockout: 'locked out',
  brandingUpdate: 'branding changed',
  invitationResent: 'invitation resent',
  identityLink: 'identity linked',
  identityUnlink: 'identity unlinked',
  mfaDisable: 'MFA turned off',
  mfaEnrol: 'MFA set up',
  mfaRecoveryCodes: 'new MFA recovery codes',
  mfaReset: 'MFA reset',
  passwordChange: 'password changed',
  passwordReset: 'password reset',
  passwordResetRequested: 'password reset requested',
  passwordResetSent: 'password reset link sent',
  signIn: 'signed in',
  signInFailed: 'sign-in failed',
  signOutEverywhere: 'signed out everywhere',
  mfaVerify: 'MFA code accepted',
  mfaVerifyFailed: 'MFA code refused',
  suspend: 'suspended',
  resume: 'resumed',
  cancel: 'cancelled',
  provisioned: 'provisioned on its region',
  provisionFailed: 'provisioning failed',
  regionDelete: 'deleted on its region',
  planAcquire: 'add-on plan acquired',
  planAcquireFailed: 'add-on plan not acquired',
  planRemove: 'add-on plan removed',
};

const spelt = (camel: string) => camel.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();

/** The name of a kind of object in the operator's nouns: "tenant" → "Department". */
export function objectWords(type: string, labels: Labels): string {
  if (type in labels) return labels[type as keyof Labels].singular;
  const known = OBJECT_WORDS[type];
  if (known) return known;
  const text = spelt(type);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An audit action as words: `tenant.update` → "Tenant changed", `user.mfaReset` → "User: MFA reset". */
export function actionWords(action: string, labels: Labels): string {
  const dot = action.indexOf('.');
  if (dot < 0) return spelt(action);
  const object = objectWords(action.slice(0, dot), labels);
  const verb = action.slice(dot + 1);
  const words = VERB_WORDS[verb] ?? spelt(verb);
  // A simple verb reads "Tenant created"; a phrase with its own object reads "User: password reset".
  return /^(created|changed|deleted|moved|revoked|activated|locked out|suspended|resumed|cancelled)$/.test(
    words,
  )
    ? `${object} ${words}`
    : `${object}: ${words}`;
}
