import type { Kysely } from 'kysely';
import type { RequestContext } from '../../context.ts';
import { encryptSecret } from '../../crypto/secrets.ts';
import { newId } from '../../db/ids.ts';
import type { Database, IdentityProviderPreset, IdentityProviderRow } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { transaction } from '../../db/transaction.ts';
import { AppError } from '../../http/errors.ts';
import type { PageRequest } from '../../http/pagination.ts';
import { chainOf, lockOrganisation } from '../../tenancy/chain.ts';
import { changedFields, recordAudit } from '../audit/audit.service.ts';
import { type DomainLookup, entraIssuer, isTenantId, lookUpEntraDomain } from './entra-directory.ts';
import { auditMapping, presentMapping } from './identity-providers.presenter.ts';
import {
  findMapping,
  insertMapping,
  listMappings as listRows,
  type MappingFilter,
  nearestMapping,
  otherEnabledMapping,
  softDeleteMapping,
  updateMappingRow,
} from './identity-providers.repository.ts';
import { isLoopbackHttp, probeDiscovery } from './oidc-client.ts';

export interface MappingInput {
  orgId: string;
  name: string;
  preset: IdentityProviderPreset;
  issuer?: string | undefined;
  entraTenantId?: string | undefined;
  clientId: string;
  clientSecret?: string | undefined;
  allowedDomains?: string[] | undefined;
  linkByEmail?: boolean | undefined;
  enabled?: boolean | undefined;
}

export type MappingPatch = Partial<Omit<MappingInput, 'orgId' | 'clientSecret'>> & {
  clientSecret?: string | null | undefined;
};

export const GOOGLE_ISSUER = 'https://accounts.google.com';

type StoredMapping = Pick<IdentityProviderRow, 'entra_tenant_id' | 'entra_domain'>;

/**
 * The directory columns for what was sent as the directory: a tenant id as it is (lower case); a
 * domain as typed, with the tenant id it resolved to — from this request's look-up, or the stored
 * one when the mapping already had this domain (saving an unchanged form asks Entra nothing).
 */
function directoryColumns(
  directory: string,
  lookup: DomainLookup | undefined,
  current: StoredMapping | undefined,
): { entra_tenant_id: string; entra_domain: string | null } {
  if (isTenantId(directory)) return { entra_tenant_id: directory.toLowerCase(), entra_domain: null };
  if (current?.entra_tenant_id && current.entra_domain?.toLowerCase() === directory.toLowerCase()) {
    return { entra_tenant_id: current.entra_tenant_id, entra_domain: directory };
  }
  if (lookup?.domain === directory) return { entra_tenant_id: lookup.tenantId, entra_domain: directory };
  // The mapping changed between the look-up and the transaction (a concurrent save).
  throw new AppError(
    'conflict',
    'The identity provider changed while its directory was looked up; try again.',
  );
}

/** Whether saving `directory` needs Entra's answer: a new domain with the entra preset. */
function needsLookup(
  preset: IdentityProviderPreset,
  issuer: string | undefined,
  directory: string | undefined,
  current: StoredMapping | undefined,
): directory is string {
  return (
    preset === 'entra' &&
    issuer === undefined &&
    directory !== undefined &&
    !isTenantId(directory) &&
    current?.entra_domain?.toLowerCase() !== directory.toLowerCase()
  );
}

/**
 * The issuer a preset stands for. Entra and Google fix it (the only part of it that varies is the
 * Entra directory, under the configured authority), so a mapping cannot point the Entra preset at
 * some other server; the generic preset takes the issuer as given, https only except on this machine.
 */
function resolveIssuer(
  authority: string,
  preset: IdentityProviderPreset,
  issuer: string | undefined,
  directory: string | undefined,
  lookup: DomainLookup | undefined,
  current: StoredMapping | undefined,
): { issuer: string; entra_tenant_id: string | null; entra_domain: string | null } {
  if (preset !== 'oidc' && issuer !== undefined) {
    throw AppError.invalidField('body.issuer', `Leave it out: the ${preset} preset sets the issuer.`);
  }
  if (preset !== 'entra' && directory !== undefined) {
    throw AppError.invalidField('body.entraTenantId', 'Only with the entra preset.');
  }
  switch (preset) {
    case 'entra': {
      if (directory === undefined) {
        throw AppError.invalidField('body.entraTenantId', 'Required with the entra preset.');
      }
      const columns = directoryColumns(directory, lookup, current);
      return { issuer: entraIssuer(authority, columns.entra_tenant_id), ...columns };
    }
    case 'google':
      return { issuer: GOOGLE_ISSUER, entra_tenant_id: null, entra_domain: null };
    case 'oidc': {
      if (issuer === undefined) throw AppError.invalidField('body.issuer', 'Required with the oidc preset.');
      if (!issuer.startsWith('https://') && !isLoopbackHttp(issuer)) {
        throw AppError.invalidField('body.issuer', 'Must be https (http only on 127.0.0.1 or localhost).');
      }
      return { issuer, entra_tenant_id: null, entra_domain: null };
    }
  }
}

const domainsText = (domains: string[] | undefined) =>
  domains === undefined || domains.length === 0 ? null : JSON.stringify([...new Set(domains)].sort());

/**
 * Refuses a second enabled mapping. Callers hold the organisation's row lock (lockOrganisation),
 * so two concurrent requests cannot both enable one.
 */
async function assertOnlyEnabled(
  trx: Kysely<Database>,
  orgId: string,
  field: string,
  exceptId?: string,
): Promise<void> {
  if (await otherEnabledMapping(trx, orgId, exceptId)) {
    throw AppError.invalidField(
      field,
      'This organisation already has an enabled identity provider; disable it first.',
      'conflict',
    );
  }
}

export async function createMapping(ctx: RequestContext, input: MappingInput, redirectUri: string) {
  const scope = ctx.actor.scope;
  const authority = ctx.app.config.entraAuthority;
  // Asked before the transaction: no locks are held while Entra answers.
  const lookup = needsLookup(input.preset, input.issuer, input.entraTenantId, undefined)
    ? await lookUpEntraDomain(authority, input.entraTenantId)
    : undefined;
  return transaction(ctx.app.db, async (trx) => {
    // Locked: one enabled mapping per organisation, and the chain copied as it stands at the commit.
    const org = await lockOrganisation(trx, scope, input.orgId);
    if (!org) throw AppError.invalidField('body.orgId', 'No such organisation.', 'not_found');
    const resolved = resolveIssuer(
      authority,
      input.preset,
      input.issuer,
      input.entraTenantId,
      lookup,
      undefined,
    );
    const enabled = input.enabled ?? true;
    if (enabled) await assertOnlyEnabled(trx, org.id, 'body.orgId');
    const now = nowIso(ctx.app.clock);
    const row: IdentityProviderRow = {
      id: newId('idp'),
      org_id: org.id,
      ...chainOf(org),
      name: input.name,
      preset: input.preset,
      ...resolved,
      client_id: input.clientId,
      client_secret: input.clientSecret ? encryptSecret(ctx.app.encryptionKey, input.clientSecret) : null,
      allowed_domains: domainsText(input.allowedDomains),
      link_by_email: input.linkByEmail ? 1 : 0,
      enabled: enabled ? 1 : 0,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    };
    await insertMapping(trx, row);
    await recordAudit(trx, ctx, {
      action: 'identityProvider.create',
      targetType: 'identityProvider',
      targetId: row.id,
      orgId: org.id,
      after: { ...auditMapping(row), clientSecretChanged: row.client_secret !== null },
    });
    return presentMapping(row, redirectUri);
  });
}

export async function getMapping(ctx: RequestContext, id: string, redirectUri: string) {
  const row = await findMapping(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!row) throw AppError.notFound('Identity provider');
  return presentMapping(row, redirectUri);
}

export async function isMappingVisible(ctx: RequestContext, id: string): Promise<boolean> {
  return (await findMapping(ctx.app.db.kysely, ctx.actor.scope, id)) !== undefined;
}

export async function listMappings(
  ctx: RequestContext,
  filter: MappingFilter,
  page: PageRequest,
  redirectUri: string,
) {
  const result = await listRows(ctx.app.db.kysely, ctx.actor.scope, filter, page);
  return { ...result, items: result.items.map((row) => presentMapping(row, redirectUri)) };
}

export async function updateMapping(
  ctx: RequestContext,
  id: string,
  patch: MappingPatch,
  redirectUri: string,
) {
  const authority = ctx.app.config.entraAuthority;
  // Keep what the preset still uses; a preset change needs the new preset's own inputs.
  const inputs = (row: IdentityProviderRow) => {
    const preset = patch.preset ?? row.preset;
    const keepsEntra = preset === 'entra' && row.preset === 'entra';
    return {
      preset,
      issuer: patch.issuer ?? (preset === 'oidc' && row.preset === 'oidc' ? row.issuer : undefined),
      directory:
        patch.entraTenantId ??
        (keepsEntra ? (row.entra_domain ?? row.entra_tenant_id ?? undefined) : undefined),
    };
  };
  // A new domain is looked up before the transaction, so no locks are held while Entra answers.
  const before = await findMapping(ctx.app.db.kysely, ctx.actor.scope, id);
  if (!before) throw AppError.notFound('Identity provider');
  const wanted = inputs(before);
  const lookup = needsLookup(wanted.preset, wanted.issuer, wanted.directory, before)
    ? await lookUpEntraDomain(authority, wanted.directory)
    : undefined;
  return transaction(ctx.app.db, async (trx) => {
    const row = await findMapping(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Identity provider');
    const { preset, issuer, directory } = inputs(row);
    const resolved = resolveIssuer(authority, preset, issuer, directory, lookup, row);
    const enabled = patch.enabled ?? row.enabled === 1;
    await lockOrganisation(trx, ctx.actor.scope, row.org_id);
    if (enabled && row.enabled === 0) await assertOnlyEnabled(trx, row.org_id, 'body.enabled', id);
    const next: IdentityProviderRow = {
      ...row,
      name: patch.name ?? row.name,
      preset,
      ...resolved,
      client_id: patch.clientId ?? row.client_id,
      client_secret:
        patch.clientSecret === undefined
          ? row.client_secret
          : patch.clientSecret === null
            ? null
            : encryptSecret(ctx.app.encryptionKey, patch.clientSecret),
      allowed_domains:
        patch.allowedDomains === undefined ? row.allowed_domains : domainsText(patch.allowedDomains),
      link_by_email: patch.linkByEmail === undefined ? row.link_by_email : patch.linkByEmail ? 1 : 0,
      enabled: enabled ? 1 : 0,
      updated_at: nowIso(ctx.app.clock),
    };
    // The chain columns stay out: a concurrent move of the organisation rewrites them.
    const {
      id: _id,
      org_id: _o,
      distributor_id: _dst,
      partner_id: _ptn,
      tenant_id: _ten,
      created_at: _c,
      deleted_at: _d,
      ...changes
    } = next;
    await updateMappingRow(trx, id, changes);
    const diff = changedFields(auditMapping(row), auditMapping(next));
    if (patch.clientSecret !== undefined) diff.after.clientSecretChanged = true;
    await recordAudit(trx, ctx, {
      action: 'identityProvider.update',
      targetType: 'identityProvider',
      targetId: id,
      orgId: row.org_id,
      ...diff,
    });
    return presentMapping(next, redirectUri);
  });
}

/**
 * Soft-deletes a mapping: its users fall back to the next mapping up their chain (or to password
 * sign-in). Their federated identities stay, keyed by issuer and subject, so a mapping of the same
 * provider created later recognises them again.
 */
export async function deleteMapping(ctx: RequestContext, id: string): Promise<void> {
  await transaction(ctx.app.db, async (trx) => {
    const row = await findMapping(trx, ctx.actor.scope, id);
    if (!row) throw AppError.notFound('Identity provider');
    await softDeleteMapping(trx, id, nowIso(ctx.app.clock));
    await recordAudit(trx, ctx, {
      action: 'identityProvider.delete',
      targetType: 'identityProvider',
      targetId: id,
      orgId: row.org_id,
      before: auditMapping(row),
    });
  });
}

// ---------------------------------------------------------------------------------------------
// For the tenant identity health check (modules/identity-checks).

/**
 * The mapping an organisation's users sign in with: the nearest enabled one up its chain (its
 * own, its partner's, its distributor's or the platform's), or undefined. System read (no scope:
 * the caller has resolved the organisation already).
 */
export async function signInMappingOf(
  db: Kysely<Database>,
  chain: { tenant_id: string | null; partner_id: string | null; distributor_id: string | null },
) {
  const row = await nearestMapping(db, chain);
  return row === undefined
    ? undefined
    : {
        id: row.id,
        orgId: row.org_id,
        name: row.name,
        preset: row.preset,
        issuer: row.issuer,
        /** Entra preset: the directory's tenant id, and the domain it was given as (looked up when saved). */
        entraTenantId: row.entra_tenant_id,
        entraDomain: row.entra_domain,
      };
}

/** Whether the provider's discovery document answers now; the reason when it does not. */
export async function discoveryProblem(issuer: string, timeoutSeconds: number): Promise<string | null> {
  try {
    await probeDiscovery(issuer, timeoutSeconds);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
