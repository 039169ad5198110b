import type { IdentityProviderRow } from '../../db/schema.ts';

/** The stored domain list (JSON text, null for "any domain") as an array. */
export function allowedDomainsOf(row: Pick<IdentityProviderRow, 'allowed_domains'>): string[] {
  if (row.allowed_domains === null) return [];
  const parsed: unknown = JSON.parse(row.allowed_domains);
  return Array.isArray(parsed) ? parsed.filter((d): d is string => typeof d === 'string') : [];
}

/** The API view of a mapping. The client secret never leaves the server: only whether one is set. */
export function presentMapping(row: IdentityProviderRow, redirectUri: string) {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    preset: row.preset,
    issuer: row.issuer,
    entraTenantId: row.entra_tenant_id,
    entraDomain: row.entra_domain,
    clientId: row.client_id,
    clientSecretSet: row.client_secret !== null,
    allowedDomains: allowedDomainsOf(row),
    linkByEmail: row.link_by_email === 1,
    enabled: row.enabled === 1,
    redirectUri,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The audit form: every setting but the secret, whose changes are recorded as `clientSecretChanged`. */
export function auditMapping(row: IdentityProviderRow) {
  return {
    orgId: row.org_id,
    name: row.name,
    preset: row.preset,
    issuer: row.issuer,
    entraTenantId: row.entra_tenant_id,
    entraDomain: row.entra_domain,
    clientId: row.client_id,
    allowedDomains: allowedDomainsOf(row),
    linkByEmail: row.link_by_email === 1,
    enabled: row.enabled === 1,
  };
}
