/**
 * The typed failures of a job attempt. A handler throws PermanentJobError to fail at once (no
 * retry helps: the region was deleted, the input is invalid); the runner raises the others.
 */

/** A failure no retry can fix: the job fails at once, whatever attempts are left. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * The job no longer holds its lease (it was cancelled, or its lease lapsed and another worker
 * claimed it): a fenced write was refused and nothing of it was written. The handler should stop;
 * its attempt is no longer this worker's to finish.
 */
export class JobLeaseLost extends Error {
  override name = 'JobLeaseLost';
  constructor(
    readonly jobId: string,
    readonly why: 'cancelled' | 'taken over' | 'finished' = 'taken over',
  ) {
    super(`job ${jobId} no longer holds its lease (${why})`);
  }
}

/** The attempt ran longer than the Job Maximum Runtime setting: the job fails with this message. */
export class JobTimedOut extends Error {
  override name = 'JobTimedOut';
  constructor(hours: number) {
    super(`Stopped: ran longer than the Job Maximum Runtime of ${hours} ${hours === 1 ? 'hour' : 'hours'}.`);
  }
}

/** The worker is shutting down: the attempt is handed back (queued again, not counted). */
export class WorkerShutdown extends Error {
  override name = 'WorkerShutdown';
  constructor() {
    super('the worker is shutting down');
  }
}
