import { mkdirSync } from 'node:fs';
import { openApp } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import type { AppContext, Clock } from '../../src/context.ts';
import { encryptSecret } from '../../src/crypto/secrets.ts';
import { newId } from '../../src/db/ids.ts';
import type { RegionTable } from '../../src/db/schema.ts';
import { TEST_ENCRYPTION_KEY } from './app.ts';
import { createTestDatabase, type EngineName, type TestDatabase, tempDataDir } from './engines.ts';

/** The app on a fresh database of `engine`, without the HTTP server (usage storage and collection tests). */
export async function openUsageApp(
  engine: EngineName,
  clock?: Clock,
): Promise<{ app: AppContext; db: TestDatabase; close(): Promise<void> }> {
  const db = await createTestDatabase(engine);
  const dataDir = tempDataDir();
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({
    DATABASE_URL: db.url,
    CMS_DATA_DIR: dataDir,
    CMS_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    LOG_LEVEL: 'silent',
  });
  const app = await openApp(config, () => {}, clock);
  return {
    app,
    db,
    close: async () => {
      await app.db.destroy();
      await db.drop();
    },
  };
}

/** A region row as the regions module would store it (its API is another module's). */
export async function insertRegion(
  app: AppContext,
  fields: Partial<RegionTable> & { name: string },
  secret?: string,
): Promise<RegionTable> {
  const now = new Date(app.clock()).toISOString();
  const row: RegionTable = {
    id: newId('reg'),
    kind: 'azure_stack',
    name_key: fields.name.toLowerCase(),
    description: null,
    arm_endpoint: null,
    identity_system: null,
    directory_tenant: null,
    client_id: null,
    client_secret: secret === undefined ? null : encryptSecret(app.encryptionKey, secret),
    provider_subscription_id: null,
    location: null,
    time_zone: 'UTC',
    collection_window_hours: 6,
    schedule: null,
    enabled: 1,
    usage_watermark: null,
    last_run_at: null,
    last_success_at: null,
    last_error: null,
    last_error_at: null,
    created_at: now,
    updated_at: now,
    ...fields,
  };
  await app.db.kysely.insertInto('regions').values(row).execute();
  return row;
}
