import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import type { Database, UserRow } from '../../db/schema.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { findUserInScope } from '../users/users.service.ts';
import {
  deleteUserIdentity,
  findMapping,
  findUserIdentity,
  listUserIdentities,
} from './identity-providers.repository.ts';

/**
 * The federated identities linked to a user (issuer + subject, written by the first federated
 * sign-in). Listing them shows how an account can be entered; removing one (unlinking) makes the
 * next sign-in through that provider a first one again, which links only where the mapping allows
 * linking by verified e-mail.
 */

async function identitiesOf(db: Kysely<Database>, ctx: RequestContext, userId: string) {
  const rows = await listUserIdentities(db, userId);
  const items = [];
  for (const row of rows) {
    // A mapping above the viewer (the platform's, seen by a tenant) keeps its id to itself; its
    // name is what every user of it sees on the sign-in page anyway.
    const visible = (await findMapping(db, ctx.actor.scope, row.provider_id)) !== undefined;
    items.push({
      id: row.id,
      issuer: row.issuer,
      subject: row.subject,
      providerId: visible ? row.provider_id : null,
      providerName: row.provider_name,
      linkedAt: row.created_at,
      lastUsedAt: row.last_used_at,
    });
  }
  return { items };
}

async function loadUser(db: Kysely<Database>, ctx: RequestContext, userId: string): Promise<UserRow> {
  // The caller's own record is in its scope; anyone else's only when inside its branch (404 otherwise).
  const user = await findUserInScope(db, ctx.actor.scope, userId);
  if (!user) throw AppError.notFound('User');
  return user;
}

export async function listIdentities(ctx: RequestContext, userId: string) {
  const db = ctx.app.db.kysely;
  const user = await loadUser(db, ctx, userId);
  return identitiesOf(db, ctx, user.id);
}

/** Unlinks one identity of a user, audited in the same transaction; 404 for one not the user's. */
export async function removeIdentity(ctx: RequestContext, userId: string, identityId: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const user = await loadUser(trx, ctx, userId);
    const identity = await findUserIdentity(trx, user.id, identityId);
    if (!identity) throw AppError.notFound('Linked identity');
    await deleteUserIdentity(trx, identity.id);
    await recordAudit(trx, ctx, {
      action: 'user.identityUnlink',
      targetType: 'user',
      targetId: user.id,
      orgId: user.org_id,
      before: { identityId: identity.id, providerId: identity.provider_id, issuer: identity.issuer },
    });
  });
}
