import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { Clock, RequestContext } from '../../context.ts';
import { decryptSecret, encryptSecret } from '../../crypto/secrets.ts';
import type { Database, SessionStage, UserRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { consumeRateLimit } from '../../http/rate-limit.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { advanceSession, revokeSessions, rotateSession, type SessionChange } from '../auth/sessions.ts';
import { sha256Hex } from '../auth/tokens.ts';
import {
  advanceMfaStep,
  clearMfaColumns,
  enableMfaSecret,
  findUserInScope,
  loadOwnLiveUser,
  setPendingMfaSecret,
} from '../users/users.service.ts';
import {
  countUnusedRecoveryCodes,
  deleteRecoveryCodes,
  spendRecoveryCode,
  replaceRecoveryCodes as storeRecoveryCodes,
} from './mfa.repository.ts';

/**
 * TOTP multi-factor authentication (RFC 6238: SHA-1, 6 digits, 30-second steps, which is what
 * every authenticator app implements). Secrets are encrypted at rest with the process key; the
 * last accepted time step is stored so a code can never be used twice; recovery codes are stored
 * as hashes and each works once.
 */

export const MFA_ISSUER = 'Azure Stack Hub CMS';
/** 160 bits, the RFC 4226 recommendation for SHA-1 (otplib refuses fewer than 128). */
const SECRET_BYTES = 20;
const STEP_SECONDS = 30;
const RECOVERY_CODE_COUNT = 10;
/** Alphabet of recovery codes: lower case without look-alikes (0/o, 1/i/l). 31 symbols. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
/** Verification attempts per user and window: with ±1 step accepted, a guess has a 3-in-a-million chance. */
const VERIFY_LIMIT = { hits: 10, seconds: 300 };

function loadSelf(ctx: RequestContext): Promise<UserRow> {
  return loadOwnLiveUser(ctx.app.db.kysely, ctx.actor.userId);
}

/**
 * The time step a code belongs to, if it is a code of `secret` within one step of now and later
 * than `lastStep`; null otherwise. One step either way absorbs clock drift and the seconds it takes
 * to type the code.
 */
async function acceptedStep(
  clock: Clock,
  secret: string,
  input: string,
  lastStep: number,
): Promise<number | null> {
  const token = input.replace(/\s+/g, '');
  // otplib throws on a token of the wrong length; a mistyped code is just a wrong code here.
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(clock() / 1000),
    epochTolerance: STEP_SECONDS,
  });
  // `verify` is typed for TOTP and HOTP alike; only a TOTP result carries the step.
  if (!result.valid || !('timeStep' in result)) return null;
  // Replay protection is checked here rather than with otplib's afterTimeStep, which throws when
  // the stored step lies ahead of the window (a clock that went back).
  return result.timeStep > lastStep ? result.timeStep : null;
}

function newRecoveryCode(): string {
  const chars = Array.from(randomBytes(10), (b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** What is hashed: case, spaces and dashes do not matter when a person types a code back. */
function recoveryCodeHash(code: string): string {
  return sha256Hex(code.toLowerCase().replace(/[\s-]+/g, ''));
}

/** Voids every recovery code of the user and stores a new set; returns the codes in clear, once. */
async function replaceRecoveryCodes(trx: Kysely<Database>, userId: string, now: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await storeRecoveryCodes(trx, userId, codes.map(recoveryCodeHash), now);
  return codes;
}

/** A proof of the second factor as sent: a TOTP code or a recovery code, under these field names. */
export interface FactorProof {
  code?: string | undefined;
  recoveryCode?: string | undefined;
}
interface ProofFields {
  code: string;
  recoveryCode: string;
}
type FactorMethod = 'totp' | 'recovery';

/** Exactly one of the two fields, else a 400 naming the field to fill in. */
function proofMethod(input: FactorProof, fields: ProofFields, missing: string): FactorMethod {
  if (input.code === undefined && input.recoveryCode === undefined) {
    throw AppError.invalidField(fields.code, missing);
  }
  if (input.code !== undefined && input.recoveryCode !== undefined) {
    throw AppError.invalidField(
      fields.recoveryCode,
      `Send either ${fields.code} or ${fields.recoveryCode}, not both.`,
    );
  }
  return input.code !== undefined ? 'totp' : 'recovery';
}

/**
 * Spends a proof of the user's current factor inside the caller's transaction: false when the code
 * is wrong, replayed or already used. The conditional updates are the replay checks that hold
 * under concurrency: of two requests with the same code only one moves mfa_last_step forward (or
 * marks the recovery code used); the other updates no row.
 */
async function spendProof(
  trx: Kysely<Database>,
  ctx: RequestContext,
  user: UserRow,
  method: FactorMethod,
  input: FactorProof,
): Promise<boolean> {
  const secret = user.mfa_secret!;
  if (method === 'totp') {
    const step = await acceptedStep(
      ctx.app.clock,
      decryptSecret(ctx.app.encryptionKey, secret),
      input.code!,
      user.mfa_last_step,
    );
    if (step === null) return false;
    return advanceMfaStep(trx, user.id, secret, step);
  }
  return spendRecoveryCode(trx, user.id, recoveryCodeHash(input.recoveryCode!), nowIso(ctx.app.clock));
}

/**
 * A refused proof, recorded like a refused sign-in verification (metric and audit, in a
 * transaction of its own because the caller's rolled back) and answered naming the field.
 */
async function refuseProof(
  ctx: RequestContext,
  user: UserRow,
  method: FactorMethod,
  fields: ProofFields,
  refusal: { code: 'mfa_invalid' | 'invalid_request'; purpose?: string },
): Promise<never> {
  ctx.app.metrics.signInFailures.inc({ reason: 'mfa' });
  await transaction(ctx.app.db, (trx) =>
    recordAudit(trx, ctx, {
      action: 'auth.mfaVerifyFailed',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      after: { method, ...(refusal.purpose ? { purpose: refusal.purpose } : {}) },
    }),
  );
  const field = method === 'totp' ? fields.code : fields.recoveryCode;
  const message =
    method === 'totp'
      ? 'Not a valid code, or one already used: wait for the next code and try again.'
      : 'Not a valid recovery code, or one already used.';
  throw new AppError(refusal.code, `${field}: ${message}`, [{ field, message }]);
}

/** Fields of the proof a self-service change of the factor asks for (see mfa.schema.ts). */
const PROOF_FIELDS: ProofFields = { code: 'body.code', recoveryCode: 'body.recoveryCode' };
const CURRENT_PROOF_FIELDS: ProofFields = {
  code: 'body.currentCode',
  recoveryCode: 'body.currentRecoveryCode',
};
const PROOF_MISSING =
  'Prove your current second factor: send the code of your authenticator app, or an unused recovery code.';

/**
 * Moves the session on (under a new id) when the request completed the step it was at; otherwise
 * (an active session checking a code, an API token) the stage stays what it is, so nothing ever
 * regresses.
 */
async function completeStep(
  trx: Kysely<Database>,
  ctx: RequestContext,
  step: SessionStage,
  user: Pick<UserRow, 'mfa_secret' | 'mfa_required' | 'must_change_password'>,
): Promise<SessionChange> {
  const actor = ctx.actor;
  return actor.stage === step ? advanceSession(trx, ctx, user) : { stage: actor.stage, cookie: null };
}

/**
 * Starts an enrolment: a new secret, kept as pending until a code proves the app has it, so a
 * re-enrolment abandoned half-way leaves the current factor working.
 */
export async function startEnrolment(ctx: RequestContext) {
  const user = await loadSelf(ctx);
  const secret = generateSecret({ length: SECRET_BYTES });
  await setPendingMfaSecret(ctx.app.db.kysely, user.id, encryptSecret(ctx.app.encryptionKey, secret));
  const otpauthUri = generateURI({ issuer: MFA_ISSUER, label: user.email, secret });
  const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, otpauthUri, qrSvg };
}

/**
 * Confirms the pending secret with a code: it becomes the factor, with a new set of recovery codes.
 * Replacing a factor also needs a proof of the current one (`currentCode` or
 * `currentRecoveryCode`), spent in the same transaction: a stolen session alone cannot move the
 * second factor to the thief's device.
 */
export async function confirmEnrolment(
  ctx: RequestContext,
  input: { code: string; currentCode?: string | undefined; currentRecoveryCode?: string | undefined },
) {
  const user = await loadSelf(ctx);
  const pending = user.mfa_pending_secret;
  if (pending === null) {
    throw new AppError('invalid_request', 'No enrolment is in progress: start one first.');
  }
  const proof = { code: input.currentCode, recoveryCode: input.currentRecoveryCode };
  const proofMethodUsed =
    user.mfa_secret === null ? null : proofMethod(proof, CURRENT_PROOF_FIELDS, PROOF_MISSING);
  // A new secret has no history, so any step in the window is fresh.
  const step = await acceptedStep(
    ctx.app.clock,
    decryptSecret(ctx.app.encryptionKey, pending),
    input.code,
    0,
  );
  if (step === null) {
    throw AppError.invalidField(
      'body.code',
      'Not the current code of the new secret: check the clock of the device and try again.',
      'invalid_request',
    );
  }
  if (proofMethodUsed) {
    await consumeRateLimit(ctx.app, `mfa-verify:${user.id}`, VERIFY_LIMIT.hits, VERIFY_LIMIT.seconds);
  }
  const enrolled = await transaction(ctx.app.db, async (trx) => {
    if (proofMethodUsed && !(await spendProof(trx, ctx, user, proofMethodUsed, proof))) return null;
    const now = nowIso(ctx.app.clock);
    // Compare-and-set on the pending secret: of two concurrent confirmations (or a confirmation
    // racing a new enrolment) exactly one takes effect. The confirming code is spent: it cannot be
    // replayed at the next sign-in.
    if (!(await enableMfaSecret(trx, user.id, pending, step, now))) {
      throw new AppError('conflict', 'The enrolment changed while it was being confirmed: start again.');
    }
    const recoveryCodes = await replaceRecoveryCodes(trx, user.id, now);
    await recordAudit(trx, ctx, {
      action: 'user.mfaEnrol',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      before: { mfaEnabled: user.mfa_secret !== null },
      after: { mfaEnabled: true, replacedFactor: user.mfa_secret !== null },
    });
    // A new factor is a step up even for an active session (one replacing its factor): new id.
    const session =
      ctx.actor.stage === 'mfa_enrolment'
        ? await completeStep(trx, ctx, 'mfa_enrolment', { ...user, mfa_secret: pending })
        : await rotateSession(trx, ctx, ctx.actor.stage);
    return { ...session, recoveryCodes };
  });
  if (enrolled) return enrolled;
  return refuseProof(ctx, user, proofMethodUsed!, CURRENT_PROOF_FIELDS, {
    code: 'invalid_request',
    purpose: 'user.mfaEnrol',
  });
}

/**
 * Checks a second factor: a TOTP code or a recovery code. Completes the MFA step of a sign-in;
 * on an active session or API token it is a plain check (e.g. before a sensitive action) that
 * spends the code all the same. Failures are rate limited per user but never lock the account:
 * the password was already right, and a lockout here would let anyone who knows it lock the
 * owner out.
 */
export async function verifyMfa(ctx: RequestContext, input: FactorProof) {
  const method = proofMethod(
    input,
    PROOF_FIELDS,
    'Send the code of the authenticator app, or a recoveryCode.',
  );
  const user = await loadSelf(ctx);
  if (user.mfa_secret === null) {
    throw new AppError('invalid_request', 'Multi-factor authentication is not set up for this account.');
  }
  await consumeRateLimit(ctx.app, `mfa-verify:${user.id}`, VERIFY_LIMIT.hits, VERIFY_LIMIT.seconds);
  const verified = await transaction(ctx.app.db, async (trx) => {
    if (!(await spendProof(trx, ctx, user, method, input))) return null;
    const remaining = await countUnusedRecoveryCodes(trx, user.id);
    await recordAudit(trx, ctx, {
      action: 'auth.mfaVerify',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      after: { method, ...(method === 'recovery' ? { recoveryCodesRemaining: remaining } : {}) },
    });
    const session = await completeStep(trx, ctx, 'mfa', user);
    return { ...session, recoveryCodesRemaining: remaining };
  });
  if (verified) return verified;
  return refuseProof(ctx, user, method, PROOF_FIELDS, { code: 'mfa_invalid' });
}

/**
 * A new set of recovery codes for an enrolled user, against a proof of the factor (new codes are a
 * second factor in themselves); every older code stops working.
 */
export async function regenerateRecoveryCodes(ctx: RequestContext, input: FactorProof) {
  const method = proofMethod(input, PROOF_FIELDS, PROOF_MISSING);
  const user = await loadSelf(ctx);
  if (user.mfa_secret === null) {
    throw new AppError('invalid_request', 'Multi-factor authentication is not set up for this account.');
  }
  await consumeRateLimit(ctx.app, `mfa-verify:${user.id}`, VERIFY_LIMIT.hits, VERIFY_LIMIT.seconds);
  const issued = await transaction(ctx.app.db, async (trx) => {
    if (!(await spendProof(trx, ctx, user, method, input))) return null;
    const recoveryCodes = await replaceRecoveryCodes(trx, user.id, nowIso(ctx.app.clock));
    await recordAudit(trx, ctx, {
      action: 'user.mfaRecoveryCodes',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      after: { recoveryCodes: recoveryCodes.length },
    });
    return { recoveryCodes };
  });
  if (issued) return issued;
  return refuseProof(ctx, user, method, PROOF_FIELDS, {
    code: 'invalid_request',
    purpose: 'user.mfaRecoveryCodes',
  });
}

/** Clears every MFA column and recovery code of a user, in the caller's transaction. */
async function clearFactor(trx: Kysely<Database>, clock: Clock, userId: string): Promise<void> {
  await clearMfaColumns(trx, userId, nowIso(clock));
  await deleteRecoveryCodes(trx, userId);
}

/**
 * Removes the caller's own factor, against a proof of it (a stolen session alone cannot strip the
 * second factor). Refused while the account is MFA Required: the setting is the administrator's
 * decision, and an administrator can reset the factor instead.
 */
export async function disableMfa(ctx: RequestContext, input: FactorProof): Promise<void> {
  const user = await loadSelf(ctx);
  if (user.mfa_required === 1) {
    throw AppError.forbidden(
      'Your account is MFA Required: the factor cannot be removed; ask an administrator to reset it.',
    );
  }
  if (user.mfa_secret === null && user.mfa_pending_secret === null) return;
  // Only an abandoned enrolment, no factor yet: there is nothing to prove.
  const method = user.mfa_secret === null ? null : proofMethod(input, PROOF_FIELDS, PROOF_MISSING);
  if (method)
    await consumeRateLimit(ctx.app, `mfa-verify:${user.id}`, VERIFY_LIMIT.hits, VERIFY_LIMIT.seconds);
  const removed = await transaction(ctx.app.db, async (trx) => {
    if (method && !(await spendProof(trx, ctx, user, method, input))) return false;
    await clearFactor(trx, ctx.app.clock, user.id);
    await recordAudit(trx, ctx, {
      action: 'user.mfaDisable',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      before: { mfaEnabled: user.mfa_secret !== null },
      after: { mfaEnabled: false },
    });
    return true;
  });
  if (!removed) {
    await refuseProof(ctx, user, method!, PROOF_FIELDS, {
      code: 'invalid_request',
      purpose: 'user.mfaDisable',
    });
  }
}

/**
 * An administrator resets a user's MFA (a lost phone): the factor and recovery codes are gone and
 * every session of the user ends, so the next sign-in enrols again if MFA Required is on. Only for
 * users in the administrator's scope (404 otherwise); not for oneself, so a stolen administrator
 * session cannot strip its own second factor.
 */
export async function resetUserMfa(ctx: RequestContext, userId: string): Promise<void> {
  const actor = ctx.actor;
  if (userId === actor.userId) {
    throw new AppError(
      'invalid_request',
      'You cannot reset your own MFA: ask another administrator, or remove the factor yourself.',
    );
  }
  await transaction(ctx.app.db, async (trx) => {
    const user = await findUserInScope(trx, actor.scope, userId);
    if (!user) throw AppError.notFound('User');
    await clearFactor(trx, ctx.app.clock, user.id);
    await revokeSessions(trx, ctx.app.clock, user.id);
    await recordAudit(trx, ctx, {
      action: 'user.mfaReset',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      before: { mfaEnabled: user.mfa_secret !== null },
      after: { mfaEnabled: false },
    });
  });
}
