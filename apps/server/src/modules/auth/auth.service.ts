import type { Kysely } from 'kysely';
import type { Actor, AppContext, Clock, RequestContext, RoleKey } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database, SessionStage, UserRow } from '../../db/schema.ts';
import { addMinutes, nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { RequestCredentials } from '../../http/route.ts';
import { ROUTE_POLICY, STAGE_ROUTES } from '../../policy/route-policy.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findOrganisationSummary } from '../organisations/organisations.service.ts';
import { getSetting } from '../settings/settings.service.ts';
import { presentUser } from '../users/users.presenter.ts';
import { loadOwnUser } from '../users/users.service.ts';
import {
  findApiTokenOfUser,
  insertApiToken,
  listApiTokensOfUser,
  markApiTokenRevoked,
  revokeApiTokensOfUser,
  revokeSessionsOfUser,
  sessionCredential,
  tokenCredential,
  touchApiToken,
  touchSession,
} from './auth.repository.ts';
import { SESSION_COOKIE } from './sessions.ts';
import { randomSecret, safeEqualHex, sha256Hex, splitApiToken } from './tokens.ts';

const LAST_USE_RESOLUTION_MS = 60_000;

type ActorUser = Pick<
  UserRow,
  'id' | 'org_id' | 'level' | 'role' | 'distributor_id' | 'partner_id' | 'tenant_id'
>;

/** The actor a user acts as; `via` says which credential it presented. */
export function actorFromUser(
  user: ActorUser,
  via: { sessionId?: string; tokenId?: string; csrfToken?: string; stage?: SessionStage } = {},
): Actor {
  return {
    userId: user.id,
    role: user.role,
    roleKey: `${user.level}_${user.role}` as RoleKey,
    scope: {
      level: user.level,
      orgId: user.org_id,
      distributorId: user.distributor_id,
      partnerId: user.partner_id,
      tenantId: user.tenant_id,
    },
    sessionId: via.sessionId ?? null,
    tokenId: via.tokenId ?? null,
    csrfToken: via.csrfToken ?? null,
    stage: via.stage ?? 'active',
  };
}

/**
 * Turns the request's credentials into a verified actor, or null when there are none or they
 * are not valid. Every check reads the database, so a disabled user or a revoked token stops
 * working on the next request in every process.
 */
export async function authenticateRequest(
  app: AppContext,
  request: RequestCredentials,
): Promise<Actor | null> {
  const db = app.db.kysely;
  const now = nowIso(app.clock);
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const parts = /^Bearer (\S+)$/i.exec(authorization);
    const token = parts ? splitApiToken(parts[1]!) : null;
    if (!token) return rejected(app, 'token');
    const [row] = await tokenCredential(db, { tokenId: token.id });
    if (!row || !safeEqualHex(row.secret_hash, sha256Hex(token.secret))) return rejected(app, 'token');
    if (row.expires_at !== null && row.expires_at <= now) return rejected(app, 'token');
    if (
      row.last_used_at === null ||
      Date.parse(row.last_used_at) + LAST_USE_RESOLUTION_MS <= Date.parse(now)
    ) {
      await touchApiToken(db, token.id, now);
    }
    return actorFromUser(row, { tokenId: token.id });
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (!cookie) return null;
  const sessionId = sha256Hex(cookie);
  const [row] = await sessionCredential(db, { sessionId });
  if (!row || row.expires_at <= now) return rejected(app, 'session');
  if (addMinutes(row.last_seen_at, app.config.sessionIdleMinutes) <= now) return rejected(app, 'session');
  if (Date.parse(row.last_seen_at) + LAST_USE_RESOLUTION_MS <= Date.parse(now)) {
    await touchSession(db, sessionId, now);
  }
  return actorFromUser(row, { sessionId, csrfToken: row.csrf_token, stage: row.stage });
}

function rejected(app: AppContext, kind: 'token' | 'session'): null {
  app.metrics.rejectedCredentials.inc({ kind });
  return null;
}

const UNSAFE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Cookie-authenticated writes must echo the session's CSRF token in X-CSRF-Token. */
export function checkCsrf(actor: Actor | null, request: RequestCredentials): void {
  if (!actor?.sessionId || !UNSAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  if (typeof header !== 'string' || header !== actor.csrfToken) {
    throw new AppError('csrf_failed', 'Send the X-CSRF-Token header given at sign-in.');
  }
}

/** Who the caller is and which operations its role may use, for the portal to shape itself. */
export async function describeActor(ctx: RequestContext) {
  const actor = ctx.actor;
  const db = ctx.app.db.kysely;
  const user = await loadOwnUser(db, actor.userId);
  const org = await findOrganisationSummary(db, actor.scope.orgId);
  const permissions: Record<string, boolean> = {};
  for (const [routeId, policy] of Object.entries(ROUTE_POLICY)) {
    if (actor.stage !== 'active') {
      permissions[routeId] = STAGE_ROUTES[actor.stage].includes(routeId);
      continue;
    }
    if (policy === 'public' || policy === 'self') {
      permissions[routeId] = true;
      continue;
    }
    const rule = policy[actor.roleKey];
    permissions[routeId] =
      rule === 'allow' || (typeof rule === 'object' && (await getSetting(ctx, rule.setting)) === true);
  }
  return {
    user: presentUser(user, ctx.app.clock, org.name),
    organisation: org,
    roleKey: actor.roleKey,
    authenticatedBy: actor.tokenId ? ('token' as const) : ('session' as const),
    stage: actor.stage,
    permissions,
    initialPasswordAllowed: (await getSetting(ctx, 'users.requireActivation')) !== true,
    platformTimeZone: String(await getSetting(ctx, 'platform.timeZone')),
  };
}

export async function listApiTokens(ctx: RequestContext) {
  const rows = await listApiTokensOfUser(ctx.app.db.kysely, ctx.actor.userId);
  return { items: rows.map(presentToken) };
}

function presentToken(row: {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}) {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Creates a token for the caller; the secret is returned this once and stored only as a hash. */
export async function createApiToken(
  ctx: RequestContext,
  input: { name: string; expiresAt?: string | null },
) {
  const actor = ctx.actor;
  if (input.expiresAt && input.expiresAt <= nowIso(ctx.app.clock)) {
    throw AppError.invalidField('body.expiresAt', 'Must be in the future.');
  }
  const id = newId('tok');
  const secret = randomSecret();
  const row = {
    id,
    user_id: actor.userId,
    name: input.name,
    secret_hash: sha256Hex(secret),
    created_at: nowIso(ctx.app.clock),
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    revoked_at: null,
  };
  await transaction(ctx.app.db, async (trx) => {
    await insertApiToken(trx, row);
    await recordAudit(trx, ctx, {
      action: 'apiToken.create',
      targetType: 'apiToken',
      targetId: id,
      orgId: actor.scope.orgId,
      after: { name: input.name, expiresAt: row.expires_at, userId: actor.userId },
    });
  });
  return { ...presentToken(row), token: `${id}.${secret}` };
}

export async function revokeApiToken(ctx: RequestContext, id: string): Promise<void> {
  const actor = ctx.actor;
  await transaction(ctx.app.db, async (trx) => {
    const token = await findApiTokenOfUser(trx, id, actor.userId);
    if (!token) throw AppError.notFound('API token');
    if (token.revoked_at !== null) return;
    await markApiTokenRevoked(trx, id, nowIso(ctx.app.clock));
    await recordAudit(trx, ctx, {
      action: 'apiToken.revoke',
      targetType: 'apiToken',
      targetId: id,
      orgId: actor.scope.orgId,
      before: { name: token.name },
    });
  });
}

/**
 * Ends every session and revokes every API token of a user, in the caller's transaction (the
 * user is disabled or deleted).
 */
export async function revokeUserCredentials(
  trx: Kysely<Database>,
  clock: Clock,
  userId: string,
): Promise<void> {
  const now = nowIso(clock);
  await revokeSessionsOfUser(trx, userId, now);
  await revokeApiTokensOfUser(trx, userId, now);
}
