import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AnyContext, AppContext, RequestContext, SystemContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database, DocumentUploadStatus } from '../../db/schema.ts';
import { nowIso } from '../../db/time.ts';
import { AppError } from '../../http/errors.ts';
import { raiseAlert, resolveAlerts } from '../alerts/alerts.service.ts';
import {
  enqueueJob,
  JobLeaseLost,
  PermanentJobError,
  type RunningJob,
  registerJobType,
  WorkerShutdown,
} from '../jobs/index.ts';
import { jobType } from '../jobs/registry.ts';
import { getSetting } from '../settings/settings.service.ts';
import {
  type BlobConnection,
  BlobStoreError,
  type ProbeStepResult,
  probeConnection,
  putDocument,
} from './blob-store.ts';
import {
  claimUpload,
  insertUpload,
  lockUploadOfDocument,
  markUploaded,
  recordUploadFailure,
  releaseUpload,
  updateUpload,
  uploadById,
  uploadOfDocument,
} from './document-storage.repository.ts';

/**
 * "Store Invoices In Azure Storage" (issue 14, docs/document-storage.md). The owner of a document
 * (the invoices module, when it issues one) hands its bytes over with requestDocumentUpload inside
 * its own transaction; the durable `documents.upload` job writes them into the configured, private
 * Azure Blob container, retrying with backoff; the outcome is on the document's row
 * (documentUpload) and, when it needs someone, in an alert. The container is never exposed: no
 * URL or SAS of a blob leaves this module, documents are served through the CMS's scoped routes.
 */

export const DOCUMENT_UPLOAD_JOB = 'documents.upload';
export const UPLOAD_ALERT = 'documents.upload_failed';
export const MAX_DOCUMENT_BYTES = 10 * 2 ** 20;

/**
 * 6 attempts: 1, 2, 4, 8 and 16 minutes apart, about half an hour in which a storage outage heals
 * or an operator corrects the connection (each attempt reads the settings afresh).
 */
export const UPLOAD_ATTEMPTS = { maxAttempts: 6, retryBaseMs: 60_000 } as const;

/** How long a job holds a document while it writes it (longer than the few calls it makes, 60 s each at most). */
const HOLD_MS = 10 * 60_000;

/**
 * A blob name: path segments of letters, digits, `.`, `_` and `-`, none starting with a dot (no
 * `..`), at most 400 characters (Azure Stack Hub allows 880). The owner derives it from the
 * document so that a repeat writes the same blob and two documents never share one (invoices
 * escape their number, invoice-files.ts blobNameOf: `ten_…/INV_2F2026_2F7.pdf`); should two
 * collide anyway, the second is refused rather than written over the first (putDocument).
 */
const BLOB_NAME = /^(?=.{1,400}$)[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;
const CONTENT_TYPE = /^[a-z]+\/[a-z0-9][a-z0-9.+-]{0,80}$/;
const DOCUMENT_ID = /^[a-z]{3}_[0-9a-hjkmnp-tv-z]{26}$/;

export interface DocumentToStore {
  /** The owner's id of the document (an invoice id): one stored blob per document. */
  documentId: string;
  /** Whose document it is (a tenant), named in the alert's details; not a visibility rule. */
  orgId?: string | null;
  blobName: string;
  contentType: string;
  content: Buffer;
}

export interface UploadRequest {
  uploadId: string;
  jobId: string | null;
  status: DocumentUploadStatus;
}

type Ctx = AnyContext | AppContext;
const appOf = (ctx: Ctx): AppContext => ('app' in ctx ? ctx.app : ctx);

/** Is "Store Invoices In Azure Storage" on? (`db`: the caller's transaction.) */
export async function isDocumentStorageOn(ctx: Ctx, db?: Kysely<Database>): Promise<boolean> {
  return (await getSetting(ctx, 'invoices.storeInAzureStorage', db)) === true;
}

/**
 * Hands a document over for storage, in the caller's transaction (wake `app.jobs` after the
 * commit). Null while "Store Invoices In Azure Storage" is off: nothing is kept. The same bytes
 * again change nothing; new bytes for the document replace the old ones and are uploaded over the
 * same blob. While an upload job of the document runs, a second one is queued behind it, so new
 * bytes are never left to a job that has already read the old ones.
 */
export async function requestDocumentUpload(
  trx: Kysely<Database>,
  ctx: AnyContext,
  document: DocumentToStore,
): Promise<UploadRequest | null> {
  if (!DOCUMENT_ID.test(document.documentId)) throw new Error(`Not a document id: ${document.documentId}`);
  if (!BLOB_NAME.test(document.blobName)) {
    throw new AppError(
      'invalid_request',
      `Not a blob name this CMS writes: ${JSON.stringify(document.blobName)}.`,
    );
  }
  if (!CONTENT_TYPE.test(document.contentType)) {
    throw new AppError('invalid_request', `Not a content type: ${JSON.stringify(document.contentType)}.`);
  }
  if (document.content.length === 0 || document.content.length > MAX_DOCUMENT_BYTES) {
    throw new AppError('invalid_request', `A stored document has 1 to ${MAX_DOCUMENT_BYTES} bytes.`);
  }
  if (!(await isDocumentStorageOn(ctx, trx))) return null;
  const now = nowIso(ctx.app.clock);
  const sha256 = createHash('sha256').update(document.content).digest('hex');
  const existing = await lockUploadOfDocument(trx, document.documentId);
  if (existing && existing.sha256 === sha256 && existing.blob_name === document.blobName) {
    // Already stored, or on its way: a repeat asks for nothing new.
    if (existing.status !== 'failed') {
      return { uploadId: existing.id, jobId: existing.job_id, status: existing.status };
    }
  }
  const fields = {
    org_id: document.orgId ?? null,
    blob_name: document.blobName,
    content_type: document.contentType,
    byte_size: document.content.length,
    sha256,
    content: document.content,
    status: 'pending' as const,
    attempts: 0,
    last_error: null,
    requested_at: now,
    uploaded_at: null,
    updated_at: now,
  };
  const uploadId = existing?.id ?? newId('dup');
  if (existing) {
    await updateUpload(trx, uploadId, fields);
  } else {
    await insertUpload(trx, {
      id: uploadId,
      document_id: document.documentId,
      job_id: null,
      claim_job_id: null,
      claim_until: null,
      container: null,
      etag: null,
      ...fields,
    });
  }
  const payload = { uploadId };
  let job = await enqueueJob(trx, ctx, {
    type: DOCUMENT_UPLOAD_JOB,
    payload,
    dedupeKey: `document:${document.documentId}`,
  });
  if (!job.created && job.status === 'running') {
    job = await enqueueJob(trx, ctx, {
      type: DOCUMENT_UPLOAD_JOB,
      payload,
      dedupeKey: `document:${document.documentId}:after:${job.id}`,
    });
  }
  await updateUpload(trx, uploadId, { job_id: job.id });
  return { uploadId, jobId: job.id, status: 'pending' };
}

/** Where a document's storage stands, for its owner to show (no URL: the container is private). */
export async function documentUpload(ctx: Ctx, documentId: string) {
  const row = await uploadOfDocument(appOf(ctx).db.kysely, documentId);
  if (!row) return null;
  return {
    status: row.status,
    blobName: row.blob_name,
    container: row.container,
    byteSize: row.byte_size,
    sha256: row.sha256,
    etag: row.etag,
    attempts: row.attempts,
    lastError: row.last_error,
    jobId: row.job_id,
    requestedAt: row.requested_at,
    uploadedAt: row.uploaded_at,
  };
}

/** The connection as the settings hold it now (read on every attempt, so a fix applies to the next retry). */
export async function readBlobConnection(app: AppContext): Promise<BlobConnection> {
  const [endpoint, accountName, container] = await Promise.all(
    ['invoices.storageBlobEndpoint', 'invoices.storageAccountName', 'invoices.storageContainer'].map(
      async (key) => String(await getSetting(app, key)),
    ),
  );
  let accountKey: string;
  try {
    accountKey = String(await getSetting(app, 'invoices.storageAccountKey'));
  } catch {
    throw new BlobStoreError(
      'The Azure Storage account key cannot be decrypted with this CMS_ENCRYPTION_KEY; enter it again (System Settings → Invoices).',
      true,
    );
  }
  if (!endpoint || !accountName || !accountKey || !container) {
    throw new BlobStoreError(
      'The Azure Storage connection is incomplete (System Settings → Invoices: endpoint, account name, key and container).',
      true,
    );
  }
  return { endpoint: endpoint.replace(/\/+$/, ''), accountName, accountKey, container };
}

/** How long the whole storage test may take: a few calls, each of which gives up after 60 s. */
const TEST_TIMEOUT_MS = 90_000;

/**
 * System Settings → Invoices "Test storage connection": the saved connection (so what is tested is
 * what uploads use), proven by a probe blob that is written, read back and deleted. The probe's
 * name is unique per test, under a prefix no document uses, so a test never touches a document.
 */
export async function testDocumentStorage(ctx: RequestContext): Promise<{
  ok: boolean;
  container: string | null;
  steps: (Omit<ProbeStepResult, 'step'> & { step: 'settings' | ProbeStepResult['step'] })[];
}> {
  let connection: BlobConnection;
  try {
    connection = await readBlobConnection(ctx.app);
  } catch (error) {
    if (!(error instanceof BlobStoreError)) throw error;
    const container = String(await getSetting(ctx, 'invoices.storageContainer'));
    return {
      ok: false,
      container: container || null,
      steps: [
        { step: 'settings', status: 'error', message: error.message },
        ...(['container', 'write', 'read', 'delete'] as const).map((step) => ({
          step,
          status: 'skipped' as const,
          message: 'Skipped: an earlier step failed.',
        })),
      ],
    };
  }
  const probe = {
    blobName: `cms-connection-test/${randomUUID()}.txt`,
    content: Buffer.from(`CMS storage connection test at ${nowIso(ctx.app.clock)}\n`),
  };
  const steps = await probeConnection(connection, probe, AbortSignal.timeout(TEST_TIMEOUT_MS));
  return {
    ok: steps.every((s) => s.status === 'ok'),
    container: connection.container,
    steps: [
      { step: 'settings', status: 'ok', message: `Saved connection to ${connection.endpoint}.` },
      ...steps,
    ],
  };
}

interface UploadPayload {
  uploadId: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One attempt: hold the document, write its current bytes, record them as stored only if they are
 * still the document's bytes (else write the new ones too). A failure is recorded on the row; one
 * only an operator can fix raises the alert at once, any other when the job gives up.
 */
async function runUpload(job: RunningJob<UploadPayload>): Promise<void> {
  const { app, ctx } = job;
  const { uploadId } = job.payload;
  const held = await job.fenced((trx) =>
    claimUpload(trx, uploadId, job.id, { now: iso(app.clock()), until: iso(app.clock() + HOLD_MS) }),
  );
  if (!held) throw new Error('Another upload of this document is in progress; this one tries again later.');
  let row = await uploadById(app.db.kysely, uploadId);
  try {
    for (let round = 0; row && row.status !== 'uploaded' && row.content; round++) {
      if (round === 3)
        throw new Error('The document changed three times while it was uploaded; trying again later.');
      const connection = await readBlobConnection(app);
      const { etag } = await putDocument(
        connection,
        {
          documentId: row.document_id,
          blobName: row.blob_name,
          contentType: row.content_type,
          content: Buffer.from(row.content),
          sha256: row.sha256,
        },
        job.signal,
      );
      const stored = row;
      await app.pause('documents.upload');
      const done = await job.fenced(async (trx) => {
        const marked = await markUploaded(trx, uploadId, stored.sha256, {
          container: connection.container,
          etag,
          at: nowIso(app.clock),
        });
        if (marked) await resolveAlerts(trx, ctx, { kind: UPLOAD_ALERT, key: stored.document_id });
        return marked;
      });
      if (done) return;
      row = await uploadById(app.db.kysely, uploadId);
    }
    if (!row) throw new PermanentJobError('The document to upload no longer exists.');
    await job.fenced((trx) => releaseUpload(trx, uploadId, job.id));
  } catch (error) {
    if (!row || isInterruption(error, job.signal)) throw error;
    await recordFailure(job, row, error);
  }
}

/** Stopped from outside (cancelled, lease lost, shutdown): nothing to record, the job's state says it. */
function isInterruption(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || error instanceof JobLeaseLost || error instanceof WorkerShutdown;
}

async function recordFailure(
  job: RunningJob<UploadPayload>,
  row: { id: string; document_id: string; blob_name: string; org_id: string | null },
  error: unknown,
): Promise<never> {
  const reason = error instanceof Error ? error.message : String(error);
  const needsOperator = error instanceof BlobStoreError && error.needsOperator;
  const final = job.attempt >= job.maxAttempts || error instanceof PermanentJobError;
  await job.fenced(async (trx) => {
    await recordUploadFailure(trx, row.id, job.id, { reason, final, at: nowIso(job.app.clock) });
    if (final || needsOperator) await alertUploadFailed(trx, job.ctx, row, reason, final, job);
  });
  throw error instanceof PermanentJobError ? error : new Error(reason);
}

async function alertUploadFailed(
  trx: Kysely<Database>,
  ctx: SystemContext,
  row: { document_id: string; blob_name: string; org_id: string | null },
  reason: string,
  final: boolean,
  job: RunningJob<UploadPayload>,
): Promise<void> {
  // The platform's alone (no subject): the storage account is the operator's, not the tenant's.
  await raiseAlert(trx, ctx, {
    kind: UPLOAD_ALERT,
    key: row.document_id,
    severity: 'critical',
    title: `${row.blob_name} could not be stored in Azure Storage`,
    message: final
      ? `${reason} The upload gave up after ${job.attempt} attempts; retry its job once the cause is fixed.`
      : `${reason} The upload is retried with backoff and reads the settings again each time.`,
    details: {
      documentId: row.document_id,
      blobName: row.blob_name,
      orgId: row.org_id,
      jobId: job.id,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
    },
  });
}

/** Registers `documents.upload` with the job runner, once per process. */
export function registerDocumentUploads(): void {
  if (jobType(DOCUMENT_UPLOAD_JOB)) return;
  registerJobType<UploadPayload, never>({
    type: DOCUMENT_UPLOAD_JOB,
    ...UPLOAD_ATTEMPTS,
    handler: runUpload,
  });
}
