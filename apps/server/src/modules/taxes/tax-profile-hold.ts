import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { holdTaxProfileRow } from './taxes.repository.ts';

/**
 * Whether the tax profile exists, share-locked until the caller's commit (a tenant edit or the
 * default setting naming it): a concurrent delete, which locks it for update, waits and then sees
 * the reference. Kept apart from taxes.service (which reads settings and organisations) so that
 * the settings and organisations services can call it without importing each other through it.
 */
export async function holdTaxProfile(trx: Kysely<Database>, id: string): Promise<boolean> {
  return (await holdTaxProfileRow(trx, id)) !== undefined;
}
