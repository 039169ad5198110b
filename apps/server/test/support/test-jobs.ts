import { registerJobType } from '../../src/modules/jobs/index.ts';

/**
 * A job type for tests of real worker processes, loaded into a `cms worker` child with
 * `--import` (never part of the product). `block: 'first'` waits on the first attempt until the
 * worker dies or stops, and finishes on a later one; `block: 'always'` waits on every attempt;
 * `block: 'never'` finishes at once.
 */
export const CLI_JOB_TYPE = 'test.cli';

registerJobType<{ block: 'first' | 'always' | 'never' }>({
  type: CLI_JOB_TYPE,
  handler: async (job) => {
    if (job.payload.block === 'always' || (job.payload.block === 'first' && job.attempt === 1)) {
      await job.progress({ done: 0, total: 1, message: `attempt ${job.attempt} waiting` });
      await new Promise((_resolve, reject) => {
        job.signal.addEventListener('abort', () => reject(job.signal.reason), { once: true });
      });
    }
    await job.progress({ done: 1, total: 1, message: `done by attempt ${job.attempt}` });
  },
});
