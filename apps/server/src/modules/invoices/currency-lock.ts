import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { tenantHasIssued } from './invoices.repository.ts';

/**
 * semantics.md "Currencies": a tenant's currency is locked once it has an invoice. The
 * organisations service asks this under the tenant's row lock, which issuing takes too, so a
 * currency change and a first issue run one after the other. Kept apart from the invoices service
 * so organisations does not import invoicing's dependencies (which import organisations).
 */
export function tenantCurrencyLocked(db: Kysely<Database>, tenantId: string): Promise<boolean> {
  return tenantHasIssued(db, tenantId);
}
