import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BlobServiceClient,
  type ContainerClient,
  newPipeline,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../src/context.ts';
import { newId } from '../src/db/ids.ts';
import { transaction } from '../src/db/transaction.ts';
import { pinnedVersionPolicy, STORAGE_SERVICE_VERSION } from '../src/modules/document-storage/blob-store.ts';
import {
  DOCUMENT_UPLOAD_JOB,
  type DocumentToStore,
  documentUpload,
  requestDocumentUpload,
  UPLOAD_ALERT,
  UPLOAD_ATTEMPTS,
} from '../src/modules/document-storage/document-storage.service.ts';
import { enqueueJob } from '../src/modules/jobs/index.ts';
import type { JobRunner } from '../src/modules/jobs/runner.ts';
import { updateSettings } from '../src/modules/settings/settings.service.ts';
import { ok, platformAdminToken, startTestApp, type TestApp } from './support/app.ts';
import {
  AZURITE_ACCOUNT,
  AZURITE_KEY,
  type AzuriteProcess,
  azuriteAvailable,
  startAzurite,
} from './support/azurite.ts';
import { skipWithout } from './support/engine-world.ts';
import { ALL_ENGINES, createTestDatabase, type TestDatabase } from './support/engines.ts';

/**
 * "Store Invoices In Azure Storage" against a real Azurite on loopback, started WITHOUT
 * --skipApiVersionCheck: every request must state a storage service version Azurite knows, as a
 * stamp refuses one it does not support. A recording proxy in front of Azurite proves the version
 * on the wire is the pinned one. Uploads run through the durable job on a clock the test moves:
 * success, retries while Azurite is down, giving up (status and alert), a wrong key (clear error,
 * nothing written), another document's blob at the same name (refused, not overwritten), a public container refused, and a private container that answers no
 * anonymous read.
 */

const haveAzurite = azuriteAvailable();
let azurite: AzuriteProcess | undefined;
/** Every x-ms-version the CMS sent through the proxy. */
const versionsSeen: string[] = [];
let proxy: Server | undefined;
let proxyPort = 0;

beforeAll(async () => {
  if (!haveAzurite) return;
  azurite = await startAzurite();
  proxy = createServer((incoming, outgoing) => {
    versionsSeen.push(String(incoming.headers['x-ms-version']));
    const forward = httpRequest(
      {
        host: '127.0.0.1',
        port: azurite!.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    // Azurite down: the proxy drops the connection, as an unreachable endpoint would.
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  proxyPort = await new Promise<number>((resolve) =>
    proxy!.listen(0, '127.0.0.1', () => resolve((proxy!.address() as AddressInfo).port)),
  );
});
afterAll(async () => {
  await azurite?.stop();
  await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
});

/** A client of the test's own, pinned like the CMS's, to read what the CMS stored. */
function testContainer(name: string, key = AZURITE_KEY): ContainerClient {
  const pipeline = newPipeline(new StorageSharedKeyCredential(AZURITE_ACCOUNT, key), {
    retryOptions: { maxTries: 1 },
  });
  pipeline.factories.push(pinnedVersionPolicy());
  return new BlobServiceClient(azurite!.endpoint, pipeline).getContainerClient(name);
}

/**
 * Runs `work` with Azurite stopped; `startAgain` brings it back on the same port (the end does, if
 * the work did not), so a failing test leaves the next one a running Azurite.
 */
async function whileAzuriteDown(work: (startAgain: () => Promise<void>) => Promise<void>): Promise<void> {
  const port = azurite!.port;
  await azurite!.stop();
  const startAgain = async () => {
    azurite = await startAzurite(port);
  };
  try {
    await work(startAgain);
  } finally {
    if (!azurite!.running()) await startAgain();
  }
}

const pdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n${'x'.repeat(2000)}\n%%EOF\n`);

describe.each(ALL_ENGINES)('document storage in Azure Blob [%s]', (engine) => {
  const skip = skipWithout(engine) || !haveAzurite;
  let testDb: TestDatabase;
  let t: TestApp;
  let now = Date.parse('2026-07-01T08:00:00.000Z');
  const clock = () => now;
  const runner = () => t.app.jobs as JobRunner;
  const container = `invoices-${engine}`;
  let admin: ReturnType<TestApp['client']>;

  const connect = (values: Record<string, unknown> = {}) =>
    updateSettings(systemContext(t.app, 'test'), {
      'invoices.storeInAzureStorage': true,
      'invoices.storageBlobEndpoint': `http://127.0.0.1:${proxyPort}/${AZURITE_ACCOUNT}`,
      'invoices.storageAccountName': AZURITE_ACCOUNT,
      'invoices.storageAccountKey': AZURITE_KEY,
      'invoices.storageContainer': container,
      ...values,
    });
  const request = (document: DocumentToStore) =>
    transaction(t.app.db, (trx) => requestDocumentUpload(trx, systemContext(t.app, 'test'), document));
  const newDocument = (label: string, content = pdf(label)): DocumentToStore => {
    const documentId = newId('job');
    return {
      documentId,
      blobName: `ten_${documentId.slice(4)}/INV-2026-${label}.pdf`,
      contentType: 'application/pdf',
      content,
    };
  };
  const jobRow = (id: string) =>
    t.app.db.kysely.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const uploadRow = (documentId: string) =>
    t.app.db.kysely
      .selectFrom('document_uploads')
      .selectAll()
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow();
  const alertsAbout = async (documentId: string) =>
    ok(
      await admin.GET('/api/v1/alerts', { params: { query: { kind: UPLOAD_ALERT, status: 'unresolved' } } }),
    ).items.filter((alert) => alert.key === documentId);
  const blobExists = (name: string, inContainer = container) =>
    testContainer(inContainer).getBlockBlobClient(name).exists();

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    t = await startTestApp(testDb.url, { CMS_WORKER: 'false' }, { clock });
    admin = t.client((await platformAdminToken(t.app)).token);
  });
  afterAll(async () => {
    if (skip) return;
    await t.close();
    await testDb.drop();
  });

  it.skipIf(skip)('refuses to switch storage on without a complete, valid connection', async () => {
    const save = async (values: Record<string, unknown>) => {
      const { response, error } = await admin.PATCH('/api/v1/settings', { body: { values } });
      return { status: response.status, errors: (error as { errors?: unknown[] } | undefined)?.errors };
    };
    expect(await save({ 'invoices.storeInAzureStorage': true })).toEqual({
      status: 400,
      errors: [
        {
          field: 'body.values.invoices.storageBlobEndpoint',
          message: 'Required while Store Invoices In Azure Storage is on (Azure Storage Blob Endpoint).',
        },
      ],
    });
    for (const [key, value, message] of [
      ['invoices.storageBlobEndpoint', 'http://storage.example.com/acct', /https/],
      ['invoices.storageBlobEndpoint', 'https://acct.blob.example.com/?sv=2019&sig=abc', /No query/],
      ['invoices.storageBlobEndpoint', 'https://key:secret@acct.blob.example.com', /No user name/],
      ['invoices.storageAccountName', 'Dev_Store', /lower-case/],
      ['invoices.storageAccountKey', 'not base64!', /base64/],
      ['invoices.storageContainer', 'Invoices--2026', /lower-case/],
    ] as const) {
      expect(await save({ [key]: value })).toEqual({
        status: 400,
        errors: [{ field: `body.values.${key}`, message: expect.stringMatching(message) }],
      });
    }
    // Nothing of the refused saves was written.
    const stored = await t.app.db.kysely
      .selectFrom('settings')
      .select('key')
      .where('key', 'like', 'invoices.%')
      .execute();
    expect(stored).toEqual([]);
    // The whole connection with the switch, in one save, is accepted.
    expect(
      (
        await save({
          'invoices.storeInAzureStorage': true,
          'invoices.storageBlobEndpoint': 'https://invoices.blob.local.azurestack.external',
          'invoices.storageAccountName': 'invoices',
          'invoices.storageAccountKey': AZURITE_KEY,
        })
      ).status,
    ).toBe(200);
    await connect();
    // The key is encrypted at rest and never returned.
    const row = await t.app.db.kysely
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'invoices.storageAccountKey')
      .executeTakeFirstOrThrow();
    expect(row.value).not.toContain(AZURITE_KEY.slice(0, 20));
    const listed = ok(await admin.GET('/api/v1/settings'));
    const key = listed.groups
      .find((group) => group.id === 'invoices')!
      .settings.find((setting) => setting.key === 'invoices.storageAccountKey')!;
    expect(key.value).toBe('********');
    // Clearing a part of the connection while the switch is on is refused as well.
    await expect(
      updateSettings(systemContext(t.app, 'test'), { 'invoices.storageAccountKey': '' }),
    ).rejects.toMatchObject({ errors: [{ field: 'body.values.invoices.storageAccountKey' }] });
  });

  it.skipIf(skip)(
    'uploads a document through the job into a private container, stating the pinned service version',
    async () => {
      await connect();
      const document = newDocument('000001');
      versionsSeen.length = 0;
      const requested = await request(document);
      expect(requested).toMatchObject({ status: 'pending' });
      await runner().runNow();
      expect((await jobRow(requested!.jobId!)).status).toBe('succeeded');
      const row = await uploadRow(document.documentId);
      expect(row).toMatchObject({
        status: 'uploaded',
        content: null,
        container,
        attempts: 1,
        last_error: null,
      });
      expect(row.etag).toMatch(/^"?0x/);
      // The bytes in the container are the document's, with its type.
      const blob = testContainer(container).getBlockBlobClient(document.blobName);
      expect(Buffer.compare(await blob.downloadToBuffer(), document.content)).toBe(0);
      const properties = await blob.getProperties();
      expect(properties.contentType).toBe('application/pdf');
      expect(properties.metadata?.sha256).toBe(createHash('sha256').update(document.content).digest('hex'));
      // Every request the CMS made stated the pinned version, which Azurite accepted; the SDK's own
      // default is refused by this Azurite (it checks versions), so the pin is what made it work.
      expect(versionsSeen.length).toBeGreaterThanOrEqual(2);
      expect(new Set(versionsSeen)).toEqual(new Set([STORAGE_SERVICE_VERSION]));
      const unpinned = new BlobServiceClient(
        azurite!.endpoint,
        newPipeline(new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY), {
          retryOptions: { maxTries: 1 },
        }),
      );
      await expect(unpinned.getContainerClient(container).getProperties()).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringMatching(/API version .* is not supported by Azurite/),
      });
      // The container the CMS created is private: no anonymous read of the blob or of the list.
      expect((await testContainer(container).getProperties()).blobPublicAccess).toBeUndefined();
      const anonymous = await fetch(`${azurite!.endpoint}/${container}/${document.blobName}`);
      expect([401, 403, 404]).toContain(anonymous.status);
      const listing = await fetch(`${azurite!.endpoint}/${container}?restype=container&comp=list`);
      expect([401, 403, 404]).toContain(listing.status);
      // What the owner may show carries no URL, host or signature that would open the blob.
      const status = await documentUpload(t.app, document.documentId);
      expect(status).toMatchObject({ status: 'uploaded', blobName: document.blobName, container });
      const shown = JSON.stringify(status);
      expect(shown).not.toMatch(/https?:|127\.0\.0\.1|sig=|sv=|se=/);
      expect(shown).not.toContain(AZURITE_KEY);
      // Nor does the job, whose payload names only the upload row.
      expect(JSON.parse((await jobRow(requested!.jobId!)).payload_json)).toEqual({ uploadId: row.id });
    },
  );

  it.skipIf(skip)(
    'asks for nothing new on a repeat, and overwrites the same blob with new bytes',
    async () => {
      await connect();
      const document = newDocument('000002');
      const first = await request(document);
      await runner().runNow();
      const again = await request(document);
      expect(again).toEqual({ uploadId: first!.uploadId, jobId: first!.jobId, status: 'uploaded' });
      const jobs = await t.app.db.kysely
        .selectFrom('jobs')
        .select('id')
        .where('dedupe_key', '=', `document:${document.documentId}`)
        .execute();
      expect(jobs).toHaveLength(1);
      const revised = { ...document, content: pdf('000002 revised') };
      const second = await request(revised);
      expect(second).toMatchObject({ uploadId: first!.uploadId, status: 'pending' });
      expect(second!.jobId).not.toBe(first!.jobId);
      await runner().runNow();
      const blob = testContainer(container).getBlockBlobClient(document.blobName);
      expect(Buffer.compare(await blob.downloadToBuffer(), revised.content)).toBe(0);
      expect(await uploadRow(document.documentId)).toMatchObject({ status: 'uploaded', attempts: 1 });
    },
  );

  it.skipIf(skip)(
    'writes the newest bytes last when the document is replaced while a job is writing it',
    async () => {
      await connect();
      const document = newDocument('000008');
      const revised = { ...document, content: pdf('000008 revised') };
      const first = await request(document);
      let followUp: string | null = null;
      t.app.pause = async (point) => {
        if (point !== 'documents.upload' || followUp !== null) return;
        // The old bytes are in the container, not yet recorded: new bytes arrive now.
        followUp = (await request(revised))!.jobId;
      };
      try {
        await runner().runNow();
      } finally {
        t.app.pause = async () => {};
      }
      // The running job saw its bytes replaced and wrote the new ones; the job queued behind it
      // found them stored.
      expect(followUp).not.toBe(first!.jobId);
      expect((await jobRow(first!.jobId!)).status).toBe('succeeded');
      expect((await jobRow(followUp!)).status).toBe('succeeded');
      const blob = testContainer(container).getBlockBlobClient(document.blobName);
      expect(Buffer.compare(await blob.downloadToBuffer(), revised.content)).toBe(0);
      expect(await uploadRow(document.documentId)).toMatchObject({
        status: 'uploaded',
        sha256: createHash('sha256').update(revised.content).digest('hex'),
        claim_job_id: null,
      });
    },
  );

  it.skipIf(skip)('lets one job at a time write a document', async () => {
    await connect();
    const document = newDocument('000009');
    const requested = await request(document);
    const other = newId('job');
    await t.app.db.kysely
      .updateTable('document_uploads')
      .set({ claim_job_id: other, claim_until: new Date(now + 60_000).toISOString() })
      .where('document_id', '=', document.documentId)
      .execute();
    await runner().runNow();
    const job = await jobRow(requested!.jobId!);
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job.last_error).toMatch(/Another upload of this document is in progress/);
    expect(await blobExists(document.blobName)).toBe(false);
    // The other job's hold lapses (its worker died): the retry writes it.
    now += UPLOAD_ATTEMPTS.retryBaseMs;
    await runner().runNow();
    expect(await uploadRow(document.documentId)).toMatchObject({ status: 'uploaded', claim_job_id: null });
  });

  it.skipIf(skip)(
    "never writes over another document's blob; the same bytes found there count as written",
    async () => {
      await connect();
      // The name is already taken in the container by what this CMS did not write (another
      // installation sharing the container, a database restored from an older backup).
      const document = newDocument('000010');
      await testContainer(container).createIfNotExists();
      const blob = testContainer(container).getBlockBlobClient(document.blobName);
      const foreign = pdf('someone else');
      await blob.upload(foreign, foreign.length, { metadata: { documentid: newId('job') } });
      const foreignEtag = (await blob.getProperties()).etag;
      const requested = await request(document);
      await runner().runNow();
      expect((await jobRow(requested!.jobId!)).last_error).toMatch(
        /already holds another document; it was not overwritten/,
      );
      expect(await uploadRow(document.documentId)).toMatchObject({ status: 'pending', etag: null });
      expect(Buffer.compare(await blob.downloadToBuffer(), foreign)).toBe(0);
      expect((await blob.getProperties()).etag).toBe(foreignEtag);
      // Only an operator can sort that out: alerted at once.
      expect(await alertsAbout(document.documentId)).toHaveLength(1);
      // Its retries are not the later tests' business.
      await t.app.db.kysely
        .updateTable('jobs')
        .set({ status: 'cancelled' })
        .where('id', '=', requested!.jobId!)
        .execute();

      // A document uploaded, then its upload again (its outcome was lost, say): the blob already
      // holds its bytes, which counts as done and writes nothing.
      const mine = newDocument('000011');
      await request(mine);
      await runner().runNow();
      const mineBlob = testContainer(container).getBlockBlobClient(mine.blobName);
      const etag = (await mineBlob.getProperties()).etag;
      await t.app.db.kysely
        .updateTable('document_uploads')
        .set({ status: 'pending', content: mine.content, etag: null })
        .where('document_id', '=', mine.documentId)
        .execute();
      const uploadId = (await uploadRow(mine.documentId)).id;
      const again = await transaction(t.app.db, (trx) =>
        enqueueJob(trx, systemContext(t.app, 'test'), { type: DOCUMENT_UPLOAD_JOB, payload: { uploadId } }),
      );
      await runner().runNow();
      expect((await jobRow(again.id)).status).toBe('succeeded');
      expect(await uploadRow(mine.documentId)).toMatchObject({ status: 'uploaded', etag });
      expect((await mineBlob.getProperties()).etag).toBe(etag);
    },
  );

  it.skipIf(skip)('stores nothing while the switch is off', async () => {
    await connect({ 'invoices.storeInAzureStorage': false });
    const document = newDocument('000003');
    expect(await request(document)).toBeNull();
    expect(await documentUpload(t.app, document.documentId)).toBeNull();
  });

  it.skipIf(skip)('retries while Azure Storage is down and uploads once it is back', async () => {
    await connect();
    const document = newDocument('000004');
    await whileAzuriteDown(async (startAgain) => {
      const requested = await request(document);
      await runner().runNow();
      let job = await jobRow(requested!.jobId!);
      expect(job).toMatchObject({ status: 'queued', attempts: 1 });
      expect(job.last_error).toBe(
        'The Azure Storage endpoint could not be reached (check the endpoint, or try again later).',
      );
      expect(Date.parse(job.next_attempt_at)).toBe(now + UPLOAD_ATTEMPTS.retryBaseMs);
      expect(await uploadRow(document.documentId)).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_error: job.last_error,
      });
      // A passing outage is not an operator's problem yet: no alert.
      expect(await alertsAbout(document.documentId)).toEqual([]);
      // Not due yet: nothing happens.
      await runner().runNow();
      expect((await jobRow(requested!.jobId!)).attempts).toBe(1);
      await startAgain();
      now += UPLOAD_ATTEMPTS.retryBaseMs;
      await runner().runNow();
      job = await jobRow(requested!.jobId!);
      expect(job).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(await uploadRow(document.documentId)).toMatchObject({
        status: 'uploaded',
        attempts: 2,
        last_error: null,
      });
      // In-memory Azurite restarted empty: the container was made again, private.
      expect(await blobExists(document.blobName)).toBe(true);
      expect((await testContainer(container).getProperties()).blobPublicAccess).toBeUndefined();
    });
  });

  it.skipIf(skip)(
    'gives up after the last attempt with the status and an alert, and a retry after the fix resolves it',
    async () => {
      await connect();
      const document = newDocument('000005');
      await whileAzuriteDown(async (startAgain) => {
        const requested = await request(document);
        for (let attempt = 1; attempt <= UPLOAD_ATTEMPTS.maxAttempts; attempt++) {
          await runner().runNow();
          now += UPLOAD_ATTEMPTS.retryBaseMs * 2 ** (attempt - 1);
        }
        const job = await jobRow(requested!.jobId!);
        expect(job).toMatchObject({ status: 'failed', attempts: UPLOAD_ATTEMPTS.maxAttempts });
        expect(await uploadRow(document.documentId)).toMatchObject({
          status: 'failed',
          attempts: UPLOAD_ATTEMPTS.maxAttempts,
          content: expect.anything(),
        });
        const [alert] = await alertsAbout(document.documentId);
        expect(alert).toMatchObject({
          severity: 'critical',
          status: 'open',
          title: `${document.blobName} could not be stored in Azure Storage`,
          organisation: null,
          subscription: null,
        });
        expect(alert!.message).toMatch(/gave up after 6 attempts/);
        expect(alert!.details).toMatchObject({ documentId: document.documentId, jobId: requested!.jobId });
        // The storage is back; the operator retries the job.
        await startAgain();
        ok(await admin.POST('/api/v1/jobs/{id}/retry', { params: { path: { id: requested!.jobId! } } }));
        await runner().runNow();
        expect(await uploadRow(document.documentId)).toMatchObject({ status: 'uploaded' });
        const resolved = ok(
          await admin.GET('/api/v1/alerts', {
            params: { query: { kind: UPLOAD_ALERT, status: 'resolved' } },
          }),
        ).items.filter((a) => a.key === document.documentId);
        expect(resolved.map((a) => a.id)).toEqual([alert!.id]);
      });
    },
  );

  it.skipIf(skip)('says clearly that the key is wrong, alerts at once and writes nothing', async () => {
    const wrongKey = Buffer.alloc(64, 9).toString('base64');
    await connect({ 'invoices.storageAccountKey': wrongKey });
    const document = newDocument('000006');
    const requested = await request(document);
    await runner().runNow();
    const job = await jobRow(requested!.jobId!);
    expect(job.status).toBe('queued');
    expect(job.last_error).toMatch(/refused the account name or key \(403 \w+\)/);
    expect(job.last_error).not.toContain(wrongKey);
    const row = await uploadRow(document.documentId);
    expect(row).toMatchObject({ status: 'pending', etag: null, uploaded_at: null, claim_job_id: null });
    expect(row.last_error).toBe(job.last_error);
    // Only an operator can fix a key: the alert does not wait for the last attempt.
    const [alert] = await alertsAbout(document.documentId);
    expect(alert?.message).toMatch(/refused the account name or key/);
    expect(await blobExists(document.blobName)).toBe(false);
    // The corrected key applies to the next attempt.
    await connect();
    now += UPLOAD_ATTEMPTS.retryBaseMs;
    await runner().runNow();
    expect(await uploadRow(document.documentId)).toMatchObject({ status: 'uploaded' });
    expect(await blobExists(document.blobName)).toBe(true);
    expect(await alertsAbout(document.documentId)).toEqual([]);
  });

  it.skipIf(skip)('refuses a container that allows anonymous reads', async () => {
    const open = `public-${engine}`;
    await testContainer(open).create({ access: 'blob' });
    await connect({ 'invoices.storageContainer': open });
    const document = newDocument('000007');
    const requested = await request(document);
    await runner().runNow();
    const job = await jobRow(requested!.jobId!);
    expect(job.last_error).toMatch(/allows anonymous read access \(blob\); make it private/);
    expect(await blobExists(document.blobName, open)).toBe(false);
    expect(await alertsAbout(document.documentId)).toHaveLength(1);
    await connect();
  });

  describe('the storage connection test', () => {
    const testStorage = async () => ok(await admin.POST('/api/v1/document-storage/test'));
    const statuses = (result: { steps: { step: string; status: string }[] }) =>
      result.steps.map((s) => `${s.step}:${s.status}`);
    const blobsIn = async (name: string) => {
      const names: string[] = [];
      for await (const blob of testContainer(name).listBlobsFlat()) names.push(blob.name);
      return names;
    };

    it.skipIf(skip)(
      'creates the missing container private, writes, reads back and deletes a probe, leaving nothing',
      async () => {
        const fresh = `probe-${engine}`;
        await connect({ 'invoices.storageContainer': fresh });
        const seen = versionsSeen.length;
        const result = await testStorage();
        expect(result.ok, JSON.stringify(result)).toBe(true);
        expect(result.container).toBe(fresh);
        expect(statuses(result)).toEqual(['settings:ok', 'container:ok', 'write:ok', 'read:ok', 'delete:ok']);
        expect(result.steps[2]!.message).toMatch(
          /^Wrote cms-connection-test\/[0-9a-f-]{36}\.txt \(\d+ bytes\)\.$/,
        );
        expect((await testContainer(fresh).getProperties()).blobPublicAccess).toBeUndefined();
        expect(await blobsIn(fresh)).toEqual([]);
        // Through the proxy, with the pinned storage service version on every request.
        expect(new Set(versionsSeen.slice(seen))).toEqual(new Set([STORAGE_SERVICE_VERSION]));
        await connect();
      },
    );

    it.skipIf(skip)('names a wrong key at the container step and skips the rest', async () => {
      const wrongKey = Buffer.alloc(64, 7).toString('base64');
      await connect({ 'invoices.storageAccountKey': wrongKey });
      const result = await testStorage();
      expect(result.ok).toBe(false);
      expect(statuses(result)).toEqual([
        'settings:ok',
        'container:error',
        'write:skipped',
        'read:skipped',
        'delete:skipped',
      ]);
      expect(result.steps[1]!.message).toMatch(/refused the account name or key \(403 \w+\)/);
      expect(JSON.stringify(result)).not.toContain(wrongKey);
      await connect();
    });

    it.skipIf(skip)('refuses a public container before writing anything to it', async () => {
      const open = `public-${engine}`;
      await connect({ 'invoices.storageContainer': open });
      const result = await testStorage();
      expect(statuses(result).slice(0, 3)).toEqual(['settings:ok', 'container:error', 'write:skipped']);
      expect(result.steps[1]!.message).toMatch(/allows anonymous read access/);
      expect(await blobsIn(open)).toEqual([]);
      await connect();
    });

    it.skipIf(skip)('says when the endpoint cannot be reached', async () => {
      await whileAzuriteDown(async () => {
        const result = await testStorage();
        expect(result.ok).toBe(false);
        expect(result.steps[1]).toMatchObject({
          step: 'container',
          status: 'error',
          message: expect.stringMatching(/could not be reached/),
        });
      });
    });

    it.skipIf(skip)('says which settings are missing, even while storage is off', async () => {
      await connect({ 'invoices.storeInAzureStorage': false, 'invoices.storageBlobEndpoint': '' });
      const result = await testStorage();
      expect(result).toMatchObject({ ok: false, container: container });
      expect(statuses(result)).toEqual([
        'settings:error',
        'container:skipped',
        'write:skipped',
        'read:skipped',
        'delete:skipped',
      ]);
      expect(result.steps[0]!.message).toMatch(/connection is incomplete/);
      await connect();
    });
  });
});
