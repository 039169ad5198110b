import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.ts';
import { type AppContext, type Clock, systemContext } from './context.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { transaction } from './db/transaction.ts';
import { createMetrics } from './http/metrics.ts';
import { ResponseCache } from './http/response-cache.ts';
import { registerAlertMetrics } from './modules/alerts/alerts.service.ts';
import { registerDocumentUploads } from './modules/document-storage/document-storage.service.ts';
import {
  ensureIdentityCheckSchedule,
  registerIdentityChecks,
} from './modules/identity-checks/identity-checks.service.ts';
import { ensureInvoiceCycleSchedule, registerInvoiceCycle } from './modules/invoices/invoice-cycle.ts';
import { registerInvoiceGeneration } from './modules/invoices/invoice-generate.ts';
import { registerInvoiceIssue } from './modules/invoices/invoice-issue.ts';
import { ensureKeepPdfsSchedule, registerKeepPdfsSweep } from './modules/invoices/invoice-pdf-sweep.ts';
import { ensureJobCleanupSchedule, registerJobCleanup } from './modules/jobs/cleanup.ts';
import { JobRunner, runnerTiming } from './modules/jobs/runner.ts';
import { MailDispatcher } from './modules/mail/outbox.ts';
import { registerOfferSync } from './modules/offers/offer-sync.service.ts';
import {
  ensurePlatformOrganisation,
  findPlatformOrganisation,
} from './modules/organisations/organisations.service.ts';
import { registerRating } from './modules/rating/rating.jobs.ts';
import { ensureRegionSchedules } from './modules/regions/regions.service.ts';
import { seedSettingsFromEnvironment } from './modules/settings/settings.service.ts';
import { registerProvisioningReconciler } from './modules/subscriptions/provisioning.service.ts';
import { registerHeldPullConfirmation } from './modules/usage/held-pulls.service.ts';
import { syncMeterCatalog } from './modules/usage/meters.service.ts';
import { registerUsageCollection } from './modules/usage/usage-collections.service.ts';
import { MAIL_PREPARERS } from './modules/users/activation.service.ts';
import { insertUser, platformAdministratorExists } from './modules/users/users.service.ts';

/**
 * The key that encrypts secrets at rest. From CMS_ENCRYPTION_KEY, or on the embedded default a
 * key generated once into the data folder (and said so), so evaluation needs no setup.
 */
export function resolveEncryptionKey(config: Config, log: (message: string) => void): Buffer {
  if (config.encryptionKey) return Buffer.from(config.encryptionKey, 'base64');
  if (!config.databaseUrl.startsWith('sqlite:')) {
    throw new Error('CMS_ENCRYPTION_KEY is required with MySQL/MariaDB or PostgreSQL (32 bytes, base64)');
  }
  const file = join(config.dataDir, 'encryption.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
    log(`Generated an encryption key in ${file}: back it up with the database.`);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}

/** Opens and migrates the database and makes sure the platform organisation exists. */
export async function openApp(
  config: Config,
  log: (message: string) => void = console.log,
  /** The app's time; tests pass a fixed or advancing one. */
  clock: Clock = Date.now,
): Promise<AppContext> {
  const encryptionKey = resolveEncryptionKey(config, log);
  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db, encryptionKey);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // The dispatcher and the job runner need the app they belong to; they are attached before anything can use them.
  const metrics = createMetrics();
  const responseCache =
    db.changes && config.responseCacheMb > 0
      ? new ResponseCache(db.changes, config.responseCacheMb * 2 ** 20, metrics.responseCacheLookups)
      : undefined;
  const pause = async (_point: string): Promise<void> => {};
  const app = { config, db, metrics, encryptionKey, responseCache, pause, clock } as AppContext;
  app.mail = new MailDispatcher(app, { preparers: MAIL_PREPARERS });
  registerAlertMetrics(app);
  app.jobs = new JobRunner(app, runnerTiming(config.jobLeaseSeconds));
  registerUsageCollection();
  registerHeldPullConfirmation();
  registerProvisioningReconciler();
  registerOfferSync();
  registerIdentityChecks();
  registerRating();
  registerDocumentUploads();
  registerInvoiceGeneration();
  registerInvoiceIssue();
  registerInvoiceCycle();
  registerKeepPdfsSweep();
  registerJobCleanup();
  await seedSettingsFromEnvironment(app);
  await ensurePlatformOrganisation(app);
  await ensureIdentityCheckSchedule(systemContext(app, 'bootstrap'));
  await ensureInvoiceCycleSchedule(systemContext(app, 'bootstrap'));
  await ensureKeepPdfsSchedule(systemContext(app, 'bootstrap'));
  await ensureJobCleanupSchedule(systemContext(app, 'bootstrap'));
  await syncMeterCatalog(app);
  await ensureRegionSchedules(app);
  return app;
}

/**
 * Creates a platform administrator. Used by first start (when there is none) and by
 * `cms create-admin`. Returns the password when it was generated, to be shown once.
 */
export async function createPlatformAdmin(
  app: AppContext,
  input: { email: string; password?: string | undefined; firstName?: string; lastName?: string },
): Promise<{ userId: string; generatedPassword: string | null }> {
  const generatedPassword = input.password ? null : randomBytes(15).toString('base64url');
  const ctx = systemContext(app, 'bootstrap');
  const { user } = await transaction(app.db, async (trx) => {
    const platform = await findPlatformOrganisation(trx);
    if (!platform) throw new Error('The platform organisation is missing; run migrations and bootstrap');
    return insertUser(
      trx,
      ctx,
      platform,
      {
        email: input.email,
        firstName: input.firstName ?? 'Platform',
        lastName: input.lastName ?? 'Administrator',
        initialPassword: input.password ?? generatedPassword!,
        role: 'admin',
      },
      { operatorPassword: true },
    );
  });
  return { userId: user.id, generatedPassword };
}

export async function ensurePlatformAdmin(app: AppContext, log: (message: string) => void): Promise<void> {
  if (await platformAdministratorExists(app.db.kysely)) return;
  const email = app.config.adminEmail ?? 'admin@example.com';
  const { generatedPassword } = await createPlatformAdmin(app, { email, password: app.config.adminPassword });
  if (generatedPassword) {
    log(
      [
        '',
        '  Platform administrator created (shown once, change it after signing in):',
        `    email:    ${email}`,
        `    password: ${generatedPassword}`,
        '',
      ].join('\n'),
    );
  } else {
    log(`Platform administrator ${email} created from CMS_ADMIN_EMAIL / CMS_ADMIN_PASSWORD.`);
  }
}
