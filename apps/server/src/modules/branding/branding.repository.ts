import type { Kysely } from 'kysely';
import type { BrandingRow, Database, LogoContentType } from '../../db/schema.ts';

/**
 * Branding rows are keyed by organisation id. Callers resolve that id through the scoped
 * organisations repository first (or take it from the actor's own chain), so nothing here can
 * reach an organisation outside the caller's branch.
 */
export function findBranding(db: Kysely<Database>, orgId: string): Promise<BrandingRow | undefined> {
  return db.selectFrom('branding').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

export interface LogoMeta {
  id: string;
  content_type: LogoContentType;
  byte_size: number;
  sha256: string;
}

export async function findLogoMeta(
  db: Kysely<Database>,
  ids: (string | null)[],
): Promise<Map<string, LogoMeta>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db
    .selectFrom('branding_logos')
    .select(['id', 'content_type', 'byte_size', 'sha256'])
    .where('id', 'in', wanted)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** A logo in use by a live organisation's branding; replaced and removed logos are gone. */
export function findServedLogo(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('branding_logos')
    .innerJoin('organisations', 'organisations.id', 'branding_logos.org_id')
    .select(['branding_logos.content_type', 'branding_logos.sha256', 'branding_logos.data'])
    .where('branding_logos.id', '=', id)
    .where('organisations.deleted_at', 'is', null)
    .executeTakeFirst();
}

/** A logo's bytes by id, whether its organisation is live or not. */
export function findLogoImage(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('branding_logos')
    .select(['content_type', 'data'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The live partner whose portal host name this is. */
export async function findPartnerIdByHostname(
  db: Kysely<Database>,
  hostname: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('branding')
    .innerJoin('organisations', 'organisations.id', 'branding.org_id')
    .select('organisations.id')
    .where('branding.portal_hostname', '=', hostname)
    .where('organisations.kind', '=', 'partner')
    .where('organisations.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.id;
}

export async function hostnameTaken(
  db: Kysely<Database>,
  hostname: string,
  exceptOrgId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('branding')
    .select('org_id')
    .where('portal_hostname', '=', hostname)
    .where('org_id', '!=', exceptOrgId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertLogo(
  db: Kysely<Database>,
  logo: {
    id: string;
    orgId: string;
    contentType: LogoContentType;
    bytes: Buffer;
    sha256: string;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('branding_logos')
    .values({
      id: logo.id,
      org_id: logo.orgId,
      content_type: logo.contentType,
      byte_size: logo.bytes.length,
      sha256: logo.sha256,
      data: logo.bytes,
      created_at: logo.createdAt,
    })
    .execute();
}

export async function deleteLogos(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('branding_logos').where('id', 'in', ids).execute();
}

export async function saveBranding(db: Kysely<Database>, row: BrandingRow, exists: boolean): Promise<void> {
  if (exists) {
    const { org_id, ...changes } = row;
    await db.updateTable('branding').set(changes).where('org_id', '=', org_id).execute();
  } else {
    await db.insertInto('branding').values(row).execute();
  }
}
