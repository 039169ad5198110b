import { AppError } from '../../http/errors.ts';
import type { RunningJob } from './registry.ts';

export interface BatchFailure<T> {
  item: T;
  error: unknown;
}

/**
 * Runs a job's items in batches from `from`: `run(batch, next, clean)` does a batch's work in its
 * own fenced transaction(s), `next` being the index after it and `clean` whether nothing has
 * failed so far (a checkpoint is saved only while clean, so a retry starts before the first
 * failure). A batch that fails on its own — not the job's lease or cancellation, not an AppError —
 * is run again one item at a time, so one item's bad data does not hold back the others. Returns
 * the items that failed alone; the caller fails the job naming them.
 */
export async function runInBatches<T>(
  job: Pick<RunningJob, 'signal'>,
  items: readonly T[],
  options: { from: number; size: number },
  run: (batch: T[], next: number, clean: boolean) => Promise<void>,
): Promise<BatchFailure<T>[]> {
  const failed: BatchFailure<T>[] = [];
  const ownFailure = (error: unknown) => !job.signal.aborted && !(error instanceof AppError);
  for (let i = options.from; i < items.length; i += options.size) {
    job.signal.throwIfAborted();
    const batch = items.slice(i, i + options.size);
    try {
      await run(batch, i + batch.length, failed.length === 0);
      continue;
    } catch (error) {
      if (!ownFailure(error)) throw error;
      if (batch.length === 1) {
        failed.push({ item: batch[0]!, error });
        continue;
      }
    }
    for (const [k, item] of batch.entries()) {
      try {
        await run([item], i + k + 1, failed.length === 0);
      } catch (error) {
        if (!ownFailure(error)) throw error;
        failed.push({ item, error });
      }
    }
  }
  return failed;
}

/** The error that fails a job whose items failed alone (runInBatches): `${what} failed for N ${noun}`, naming the first. */
export function batchFailure<T>(failed: readonly BatchFailure<T>[], what: string, noun: string): Error {
  const [{ item, error }] = failed as [BatchFailure<T>];
  return new Error(
    `${what} failed for ${failed.length} ${noun}, the first ${String(item)}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
