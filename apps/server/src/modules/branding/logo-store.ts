import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../db/ids.ts';
import type { Database, LogoContentType } from '../../db/schema.ts';
import { deleteLogos, findLogoImage, insertLogo } from './branding.repository.ts';

/**
 * Logo images as other modules keep them: System Settings' image settings (the invoice header logo)
 * store their pictures here beside the branding logos, so `/api/v1/branding/logos/{id}` serves
 * them too. Separate from branding.service, which reads settings: settings.service calls this.
 */

/** Stores an image already checked (logo-image.ts checkLogo); a new row, so a new URL. */
export async function storeLogo(
  db: Kysely<Database>,
  logo: { orgId: string; contentType: LogoContentType; bytes: Buffer; createdAt: string },
): Promise<{ id: string; sha256: string }> {
  const id = newId('lgo');
  const sha256 = createHash('sha256').update(logo.bytes).digest('hex');
  await insertLogo(db, { id, sha256, ...logo });
  return { id, sha256 };
}

export async function removeLogos(db: Kysely<Database>, ids: string[]): Promise<void> {
  await deleteLogos(db, ids);
}

/** A stored image's bytes and type, whoever owns it (a deleted partner's too: its old invoices). */
export async function logoImage(
  db: Kysely<Database>,
  id: string,
): Promise<{ bytes: Buffer; contentType: LogoContentType } | undefined> {
  const row = await findLogoImage(db, id);
  return row ? { bytes: Buffer.from(row.data), contentType: row.content_type } : undefined;
}
