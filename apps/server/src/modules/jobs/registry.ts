import type { Kysely } from 'kysely';
import type { AppContext, SystemContext } from '../../context.ts';
import type { Database } from '../../db/schema.ts';

/** A job's progress as shown in the portal: `done` of `total` steps, and a line of text. */
export interface JobProgress {
  done: number;
  total: number;
  message?: string | null | undefined;
}

/** What a fenced transaction may also record, atomically with its own writes. */
export interface FencedExtras<C> {
  progress?: JobProgress;
  /** Replaces the job's checkpoint (JSON, at most 64 KB): what the next attempt resumes from. */
  checkpoint?: C;
}

/**
 * The job as its handler sees it. Every write the handler makes goes through `fenced`, whose
 * transaction first proves the job still holds its lease (and extends it): a handler that lost
 * its job (cancelled, or taken over by another worker after its lease lapsed) gets JobLeaseLost
 * and writes nothing.
 */
export interface RunningJob<P = unknown, C = unknown> {
  id: string;
  type: string;
  payload: P;
  /** 1 on the first attempt. */
  attempt: number;
  maxAttempts: number;
  app: AppContext;
  /** The system acting: no person behind it (the requester is recorded on the job). */
  ctx: SystemContext;
  /**
   * Aborted when the job is cancelled, loses its lease, exceeds the Job Maximum Runtime or the
   * worker shuts down; `signal.reason` says which. Pass it to long waits (fetch, timers).
   */
  signal: AbortSignal;
  /** The checkpoint an earlier attempt saved, or null on a fresh start. */
  checkpoint: C | null;
  /**
   * Runs `work` in a transaction that first verifies the lease (fencing token) and extends it;
   * throws JobLeaseLost (nothing written) otherwise, or the signal's reason once it is aborted.
   * `extras` are written in the same transaction after `work`.
   */
  fenced<T>(work: (trx: Kysely<Database>) => Promise<T>, extras?: FencedExtras<C>): Promise<T>;
  /** Records progress (fenced). */
  progress(progress: JobProgress): Promise<void>;
  /** Saves the checkpoint (fenced); prefer `fenced(work, { checkpoint })` to save it with the work. */
  saveCheckpoint(checkpoint: C): Promise<void>;
}

export type JobHandler<P = unknown, C = unknown> = (job: RunningJob<P, C>) => Promise<void>;

export interface JobTypeDefinition<P = unknown, C = unknown> {
  /** Dotted name, e.g. `usage.collect`. */
  type: string;
  handler: JobHandler<P, C>;
  /** Attempts before the job fails for good (default 5). */
  maxAttempts?: number;
  /** The first retry waits this long, each later one twice as long as the one before (default 30 s). */
  retryBaseMs?: number;
}

export interface RegisteredJobType {
  type: string;
  handler: JobHandler<unknown, unknown>;
  maxAttempts: number;
  retryBaseMs: number;
}

export const JOB_DEFAULTS = { maxAttempts: 5, retryBaseMs: 30_000 } as const;

const TYPE_NAME = /^[a-z][a-z0-9]*(?:[.-][a-z0-9]+)*$/;
const REGISTRY = new Map<string, RegisteredJobType>();

/**
 * Registers a job type at boot (like the mail preparers; registering the same handler again is a
 * no-op). Only registered types can be enqueued, and a worker claims only the types it has
 * registered, so a process started before a type existed leaves its jobs to processes that know it.
 */
export function registerJobType<P = unknown, C = unknown>(definition: JobTypeDefinition<P, C>): void {
  if (!TYPE_NAME.test(definition.type) || definition.type.length > 60) {
    throw new Error(
      `Job type "${definition.type}" must be a dotted lower-case name of at most 60 characters`,
    );
  }
  const existing = REGISTRY.get(definition.type);
  // Boot code may run more than once in a process (tests open several apps): the same handler again is fine.
  if (existing && existing.handler !== definition.handler) {
    throw new Error(`Job type "${definition.type}" is already registered with another handler`);
  }
  const maxAttempts = definition.maxAttempts ?? JOB_DEFAULTS.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be at least 1');
  REGISTRY.set(definition.type, {
    type: definition.type,
    handler: definition.handler as JobHandler<unknown, unknown>,
    maxAttempts,
    retryBaseMs: definition.retryBaseMs ?? JOB_DEFAULTS.retryBaseMs,
  });
}

export function jobType(type: string): RegisteredJobType | undefined {
  return REGISTRY.get(type);
}

export function registeredJobTypes(): string[] {
  return [...REGISTRY.keys()];
}
