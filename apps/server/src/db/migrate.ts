import { type Migration, type MigrationResult, Migrator } from 'kysely';
import type { Db } from './database.ts';
import { foundation } from './migrations/0001_foundation.ts';
import { identity } from './migrations/0002_identity.ts';
import { mailOutbox } from './migrations/0003_mail_outbox.ts';
import { branding } from './migrations/0004_branding.ts';
import { identityLastUsed } from './migrations/0005_identity_last_used.ts';
import { chainHistory } from './migrations/0006_chain_history.ts';
import { lockoutUntil } from './migrations/0007_lockout_until.ts';
import { idempotencySealed } from './migrations/0008_idempotency_sealed.ts';
import { entraDomain } from './migrations/0009_entra_domain.ts';
import { regionsUsage } from './migrations/0010_regions_usage.ts';
import { jobs } from './migrations/0011_jobs.ts';
import { alerts } from './migrations/0012_alerts.ts';
import { plansOffers } from './migrations/0013_plans_offers.ts';
import { identityChecks } from './migrations/0014_identity_checks.ts';
import { pricing } from './migrations/0015_pricing.ts';
import { invoiceIssuer } from './migrations/0016_invoice_issuer.ts';
import { documentUploads } from './migrations/0017_document_uploads.ts';
import { mailLog } from './migrations/0018_mail_log.ts';
import { itemCreditIdentity } from './migrations/0019_item_credit_identity.ts';
import { invoices } from './migrations/0020_invoices.ts';
import { invoicePdfs } from './migrations/0021_invoice_pdfs.ts';
import { invoiceCycle } from './migrations/0022_invoice_cycle.ts';
import { invoiceLinesDigest } from './migrations/0023_invoice_lines_digest.ts';
import { idempotencyKeyExpiry } from './migrations/0024_idempotency_key_expiry.ts';

/**
 * Every migration in order. Names sort; a shipped migration is never edited. The encryption key is
 * for migrations that encrypt data already stored.
 */
export function migrations(db: Db, encryptionKey: Buffer): Record<string, Migration> {
  return {
    '0001_foundation': foundation(db.dialect),
    '0002_identity': identity(db.dialect),
    '0003_mail_outbox': mailOutbox(db.dialect),
    '0004_branding': branding(db.dialect),
    '0005_identity_last_used': identityLastUsed(db.dialect),
    '0006_chain_history': chainHistory(db.dialect),
    '0007_lockout_until': lockoutUntil(db.dialect),
    '0008_idempotency_sealed': idempotencySealed(encryptionKey),
    '0009_entra_domain': entraDomain(db.dialect),
    '0010_regions_usage': regionsUsage(db.dialect),
    '0011_jobs': jobs(db.dialect),
    '0012_alerts': alerts(db.dialect),
    '0013_plans_offers': plansOffers(db.dialect),
    '0014_identity_checks': identityChecks(db.dialect),
    '0015_pricing': pricing(db.dialect),
    '0016_invoice_issuer': invoiceIssuer(db.dialect),
    '0017_document_uploads': documentUploads(db.dialect),
    '0018_mail_log': mailLog(db.dialect),
    '0019_item_credit_identity': itemCreditIdentity(db.dialect),
    '0020_invoices': invoices(db.dialect),
    '0021_invoice_pdfs': invoicePdfs(db.dialect),
    '0022_invoice_cycle': invoiceCycle(db.dialect),
    '0023_invoice_lines_digest': invoiceLinesDigest(),
    '0024_idempotency_key_expiry': idempotencyKeyExpiry(),
  };
}

export async function migrateToLatest(db: Db, encryptionKey: Buffer): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations(db, encryptionKey) },
    migrationTableName: 'cms_migrations',
    migrationLockTableName: 'cms_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '?'} failed: ${String(error)}`, { cause: error });
  }
  return results ?? [];
}
