import { createHash } from 'node:crypto';
import {
  BlobServiceClient,
  type ContainerClient,
  newPipeline,
  type RequestPolicy,
  type RequestPolicyFactory,
  StorageSharedKeyCredential,
  type WebResource,
} from '@azure/storage-blob';

/**
 * The Azure Blob side of document storage, with no database: one connection's container, and one
 * document written into it. Used by the `documents.upload` job (document-storage.service.ts).
 */

/**
 * The storage service REST version every request states (`x-ms-version`). Azure Stack Hub's blob
 * service accepts only the versions its documentation lists: 2019-07-07 is the newest one from the
 * 2008 update on ("Azure Stack Hub storage: Differences and considerations", API version), and the
 * version its storage development guide tells the Azure SDKs to pin for the 2301 update and newer
 * ("Get started with Azure Stack Hub storage development tools", Specify API version), because
 * their default is not supported there. @azure/storage-blob 12.34 would send 2026-10-06, which a
 * stamp and Azurite (without --skipApiVersionCheck) refuse. Everything this module calls (get or
 * create a container, put a block blob with If-None-Match or If-Match, read a blob's properties)
 * exists in 2019-07-07. See docs/document-storage.md.
 */
export const STORAGE_SERVICE_VERSION = '2019-07-07';

/**
 * Sets `x-ms-version` on every request, after the SDK has serialised it and before the shared key
 * signs it (the version is part of what is signed). The SDK runs a policy factory of its own kind
 * there: not in a phase, so ahead of signing, after serialisation.
 */
export function pinnedVersionPolicy(version: string = STORAGE_SERVICE_VERSION): RequestPolicyFactory {
  return {
    create: (next: RequestPolicy): RequestPolicy => ({
      sendRequest: (request: WebResource) => {
        request.headers.set('x-ms-version', version);
        return next.sendRequest(request);
      },
    }),
  };
}

export interface BlobConnection {
  /** The blob service endpoint: `https://<account>.blob.<region>.<fqdn>`, or an emulator's `http://127.0.0.1:<port>/<account>`. */
  endpoint: string;
  accountName: string;
  accountKey: string;
  container: string;
}

/** A failure of a storage call, in words an operator can act on (never the key, a SAS or the server's text). */
export class BlobStoreError extends Error {
  override name = 'BlobStoreError';
  constructor(
    message: string,
    /** Only an operator can fix it (the key, the container's access, the settings): no point waiting. */
    readonly needsOperator: boolean,
  ) {
    super(message);
  }
}

interface RestFailure {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Turns what the SDK threw into a BlobStoreError (an abort passes through untouched). */
export function describeStorageFailure(error: unknown): unknown {
  if (error instanceof BlobStoreError) return error;
  const { name, statusCode, code } = (error ?? {}) as RestFailure;
  if (name === 'AbortError') return error;
  const what = statusCode ? ` (${statusCode}${code ? ` ${code}` : ''})` : '';
  if (statusCode === 403) {
    return new BlobStoreError(
      `Azure Storage refused the account name or key${what}: check them in System Settings → Invoices.`,
      true,
    );
  }
  if (statusCode === 400 && code === 'InvalidHeaderValue') {
    return new BlobStoreError(
      `Azure Storage refused a request header${what}; it may not support storage service version ${STORAGE_SERVICE_VERSION}.`,
      true,
    );
  }
  if (
    statusCode !== undefined &&
    statusCode >= 400 &&
    statusCode < 500 &&
    statusCode !== 408 &&
    statusCode !== 409 &&
    statusCode !== 429
  ) {
    return new BlobStoreError(`Azure Storage refused the request${what}.`, true);
  }
  if (statusCode !== undefined)
    return new BlobStoreError(`Azure Storage answered with an error${what}.`, false);
  return new BlobStoreError(
    'The Azure Storage endpoint could not be reached (check the endpoint, or try again later).',
    false,
  );
}

function containerOf(connection: BlobConnection): ContainerClient {
  const credential = new StorageSharedKeyCredential(connection.accountName, connection.accountKey);
  // One try per call: the job retries with its own backoff, and an attempt should fail in seconds.
  const pipeline = newPipeline(credential, { retryOptions: { maxTries: 1, tryTimeoutInMs: 60_000 } });
  pipeline.factories.push(pinnedVersionPolicy());
  return new BlobServiceClient(connection.endpoint, pipeline).getContainerClient(connection.container);
}

/**
 * Makes sure the container exists and is private: created without public access when missing;
 * one that allows anonymous reads is refused, since every invoice in it could then be read by
 * anyone who learns or guesses a blob's address.
 */
async function privateContainer(container: ContainerClient, signal: AbortSignal): Promise<void> {
  let access: string | undefined;
  try {
    access = (await container.getProperties({ abortSignal: signal })).blobPublicAccess;
  } catch (error) {
    if ((error as RestFailure).statusCode !== 404) throw error;
    try {
      // No `access` option: the container is private.
      await container.create({ abortSignal: signal });
      return;
    } catch (createError) {
      // Created by another attempt meanwhile: read what it is.
      if ((createError as RestFailure).statusCode !== 409) throw createError;
      access = (await container.getProperties({ abortSignal: signal })).blobPublicAccess;
    }
  }
  if (access) {
    throw new BlobStoreError(
      `The container ${container.containerName} allows anonymous read access (${access}); make it private before invoices are stored in it.`,
      true,
    );
  }
}

export interface StoredBlob {
  etag: string;
}

/**
 * Writes one document as a block blob, never over another document's: the first write asks for a
 * name nobody holds (`If-None-Match: *`). A name already taken is then read: the same bytes (a
 * retry after an unknown outcome, a worker that lost its lease) count as written; an earlier
 * version of the same document (the metadata names it) is replaced, unless it changed meanwhile
 * (`If-Match`); anything else is refused for the operator to look at, and stays as it is.
 */
export async function putDocument(
  connection: BlobConnection,
  document: { documentId: string; blobName: string; contentType: string; content: Buffer; sha256: string },
  signal: AbortSignal,
): Promise<StoredBlob> {
  try {
    const container = containerOf(connection);
    await privateContainer(container, signal);
    const blob = container.getBlockBlobClient(document.blobName);
    const write = async (conditions: { ifNoneMatch: string } | { ifMatch: string }) => {
      const result = await blob.upload(document.content, document.content.length, {
        abortSignal: signal,
        conditions,
        blobHTTPHeaders: {
          blobContentType: document.contentType,
          // Stored with the blob, so whoever downloads it can check the bytes.
          blobContentMD5: createHash('md5').update(document.content).digest(),
        },
        // Lower case: HTTP headers come back so, and a blob's metadata travels in them.
        metadata: { sha256: document.sha256, [DOCUMENT_ID_KEY]: document.documentId },
      });
      return { etag: result.etag ?? '' };
    };
    try {
      return await write({ ifNoneMatch: '*' });
    } catch (error) {
      if (!isTaken(error)) throw error;
    }
    const existing = await blob.getProperties({ abortSignal: signal });
    if (existing.metadata?.sha256 === document.sha256) return { etag: existing.etag ?? '' };
    if (existing.metadata?.[DOCUMENT_ID_KEY] !== document.documentId) {
      throw new BlobStoreError(
        `The blob ${document.blobName} already holds another document; it was not overwritten. Look at what wrote it before retrying this upload.`,
        true,
      );
    }
    try {
      return await write({ ifMatch: existing.etag ?? '' });
    } catch (error) {
      if (!isTaken(error)) throw error;
      throw new BlobStoreError(`The blob ${document.blobName} changed while it was written.`, false);
    }
  } catch (error) {
    throw describeStorageFailure(error);
  }
}

const DOCUMENT_ID_KEY = 'documentid';

/**
 * A conditional write refused: the name is taken (409 BlobAlreadyExists) or the condition failed
 * (412). Other 409s (a lease on the blob, say) are failures like any other.
 */
function isTaken(error: unknown): boolean {
  const { statusCode, code } = (error ?? {}) as RestFailure;
  return statusCode === 412 || (statusCode === 409 && code === 'BlobAlreadyExists');
}

export type ProbeStep = 'container' | 'write' | 'read' | 'delete';
export interface ProbeStepResult {
  step: ProbeStep;
  status: 'ok' | 'error' | 'skipped';
  message: string;
}

const PROBE_STEPS: readonly ProbeStep[] = ['container', 'write', 'read', 'delete'];

/**
 * Proves a connection does what uploads need: the container is reachable and private (created,
 * private, when missing, as the first upload would), a small blob can be written, read back
 * byte-for-byte and deleted. Each step reports its outcome; after a failed one the rest are
 * skipped, except the delete, which still runs when the probe was written (nothing is left behind).
 */
export async function probeConnection(
  connection: BlobConnection,
  probe: { blobName: string; content: Buffer },
  signal: AbortSignal,
): Promise<ProbeStepResult[]> {
  const results: ProbeStepResult[] = [];
  const failure = (error: unknown) => {
    const described = describeStorageFailure(error);
    return described instanceof Error ? described.message : String(described);
  };
  const run = async (step: ProbeStep, work: () => Promise<string>) => {
    try {
      results.push({ step, status: 'ok', message: await work() });
      return true;
    } catch (error) {
      results.push({ step, status: 'error', message: failure(error) });
      return false;
    }
  };
  const container = containerOf(connection);
  const blob = container.getBlockBlobClient(probe.blobName);
  let written = false;
  const steps: Record<ProbeStep, () => Promise<string>> = {
    container: async () => {
      await privateContainer(container, signal);
      return `The container ${connection.container} is reachable and private.`;
    },
    write: async () => {
      await blob.upload(probe.content, probe.content.length, {
        abortSignal: signal,
        blobHTTPHeaders: { blobContentType: 'text/plain' },
      });
      written = true;
      return `Wrote ${probe.blobName} (${probe.content.length} bytes).`;
    },
    read: async () => {
      const read = await blob.downloadToBuffer(0, undefined, { abortSignal: signal });
      if (!read.equals(probe.content)) {
        throw new BlobStoreError(
          `Read ${probe.blobName} back, but its bytes differ from those written.`,
          true,
        );
      }
      return `Read ${probe.blobName} back; its ${read.length} bytes match.`;
    },
    delete: async () => {
      await blob.delete({ abortSignal: signal });
      return `Deleted ${probe.blobName}.`;
    },
  };
  let failed = false;
  for (const step of PROBE_STEPS) {
    const mustRun = step === 'delete' ? written : !failed;
    if (!mustRun) {
      results.push({ step, status: 'skipped', message: 'Skipped: an earlier step failed.' });
      continue;
    }
    if (!(await run(step, steps[step]))) failed = true;
  }
  return results;
}
