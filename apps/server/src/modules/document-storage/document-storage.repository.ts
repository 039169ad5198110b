import type { Kysely, Updateable } from 'kysely';
import type { Database, DocumentUploadTable } from '../../db/schema.ts';
import { forUpdate } from '../../db/transaction.ts';

/** The upload row of a document, locked until the commit (a second request for it waits). */
export function lockUploadOfDocument(trx: Kysely<Database>, documentId: string) {
  return trx
    .selectFrom('document_uploads')
    .selectAll()
    .where('document_id', '=', documentId)
    .$call(forUpdate(trx))
    .executeTakeFirst();
}

export async function insertUpload(trx: Kysely<Database>, row: DocumentUploadTable): Promise<void> {
  await trx.insertInto('document_uploads').values(row).execute();
}

export async function updateUpload(
  trx: Kysely<Database>,
  id: string,
  changes: Updateable<DocumentUploadTable>,
): Promise<void> {
  await trx.updateTable('document_uploads').set(changes).where('id', '=', id).execute();
}

/** The row as the upload job reads it, bytes included. */
export function uploadById(db: Kysely<Database>, id: string) {
  return db.selectFrom('document_uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What callers may show about a document's upload: no bytes. */
export function uploadOfDocument(db: Kysely<Database>, documentId: string) {
  return db
    .selectFrom('document_uploads')
    .select([
      'id',
      'document_id',
      'blob_name',
      'byte_size',
      'sha256',
      'status',
      'attempts',
      'last_error',
      'job_id',
      'container',
      'etag',
      'requested_at',
      'uploaded_at',
    ])
    .where('document_id', '=', documentId)
    .executeTakeFirst();
}

/**
 * Records a finished upload of exactly the content `sha256` names: false when the document was
 * replaced meanwhile (another request stored new bytes), which must then be uploaded too.
 */
export async function markUploaded(
  trx: Kysely<Database>,
  id: string,
  sha256: string,
  done: { container: string; etag: string; at: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('document_uploads')
    .set((eb) => ({
      status: 'uploaded',
      content: null,
      container: done.container,
      etag: done.etag,
      uploaded_at: done.at,
      last_error: null,
      attempts: eb('attempts', '+', 1),
      claim_job_id: null,
      claim_until: null,
      updated_at: done.at,
    }))
    .where('id', '=', id)
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Records a failed attempt and lets go of the document; `final` gives the upload up. */
export async function recordUploadFailure(
  trx: Kysely<Database>,
  id: string,
  jobId: string,
  failure: { reason: string; final: boolean; at: string },
): Promise<void> {
  await trx
    .updateTable('document_uploads')
    .set((eb) => ({
      ...(failure.final ? { status: 'failed' as const } : {}),
      last_error: failure.reason.slice(0, 500),
      attempts: eb('attempts', '+', 1),
      updated_at: failure.at,
    }))
    .where('id', '=', id)
    .where('status', '!=', 'uploaded')
    .execute();
  await releaseUpload(trx, id, jobId);
}

/**
 * Takes the document for one job until `until` (or longer, when the same job takes it again after
 * a restart): false while another job holds it and its hold has not lapsed.
 */
export async function claimUpload(
  trx: Kysely<Database>,
  id: string,
  jobId: string,
  hold: { now: string; until: string },
): Promise<boolean> {
  const result = await trx
    .updateTable('document_uploads')
    .set({ claim_job_id: jobId, claim_until: hold.until })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('claim_job_id', 'is', null),
        eb('claim_job_id', '=', jobId),
        eb('claim_until', '<=', hold.now),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Lets go of the document, if this job still holds it. */
export async function releaseUpload(trx: Kysely<Database>, id: string, jobId: string): Promise<void> {
  await trx
    .updateTable('document_uploads')
    .set({ claim_job_id: null, claim_until: null })
    .where('id', '=', id)
    .where('claim_job_id', '=', jobId)
    .execute();
}
