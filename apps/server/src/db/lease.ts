import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/**
 * The one lease mechanism, shared by the mail outbox and the job runner (ARCHITECTURE.md, Jobs).
 *
 * A leased row waits in a `waiting` status until `next_attempt_at`. A worker claims it with a
 * conditional UPDATE that succeeds only while the row is still due, so of several processes exactly
 * one wins; the claim counts an attempt, moves the row to the `held` status and writes a new
 * random `claim_token` (the fencing token) and a `lease_until`. Every later write of the holder
 * first re-asserts its lease in the write's own transaction (holdLease: an UPDATE conditional on
 * the token, which also locks the row until the commit and extends the lease), so a holder that
 * lost the row (its lease lapsed and another worker claimed it, or it was cancelled) can never
 * write again: its token no longer matches. A holder that dies leaves a lease that lapses, and the
 * row is due again for anyone.
 *
 * Both tables use the same column names for the lease (status, attempts, next_attempt_at,
 * claim_token, lease_until, last_error, updated_at).
 */
export type LeasedTable = 'mail_outbox' | 'jobs';

export interface LeaseKind {
  table: LeasedTable;
  /** The status of a row waiting for its next attempt. */
  waiting: string;
  /** The status of a row a worker holds. */
  held: string;
}

/** Who holds a row: its id and the fencing token of the claim. */
export interface LeaseHolder {
  id: string;
  token: string;
}

/**
 * Due at `now`: waiting and its time has come, or held by a worker whose lease has lapsed. For the
 * owner's own query of due rows (it adds its filters and order); columns are the table's own.
 */
export function dueAt(kind: LeaseKind, now: string) {
  return sql<boolean>`((status = ${kind.waiting} and next_attempt_at <= ${now}) or (status = ${kind.held} and lease_until <= ${now}))`;
}

/**
 * The conditional UPDATE that claims a row while it is still due. Returns the holder (with the new
 * fencing token), or null when another worker got there first or the row is no longer due.
 */
export async function claimLease(
  db: Kysely<Database>,
  kind: LeaseKind,
  id: string,
  lease: { now: string; leaseUntil: string },
): Promise<LeaseHolder | null> {
  const token = randomUUID();
  const result = await db
    .updateTable(kind.table)
    .set((eb) => ({
      status: kind.held as never,
      claim_token: token,
      lease_until: lease.leaseUntil,
      attempts: eb('attempts', '+', 1),
      updated_at: lease.now,
    }))
    .where('id', '=', id)
    .where(dueAt(kind, lease.now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? { id, token } : null;
}

/**
 * The fence: in the caller's transaction, proves the holder still holds the row and extends its
 * lease to `leaseUntil`. The UPDATE locks the row until the transaction ends (on SQLite the
 * transaction holds the database), so nobody can claim, cancel or finish it in between. False
 * when the token no longer matches: the caller must not write.
 */
export async function holdLease(
  trx: Kysely<Database>,
  kind: LeaseKind,
  holder: LeaseHolder,
  lease: { now: string; leaseUntil: string },
): Promise<boolean> {
  const result = await trx
    .updateTable(kind.table)
    .set({ lease_until: lease.leaseUntil, updated_at: lease.now })
    .where('id', '=', holder.id)
    .where('claim_token', '=', holder.token)
    .where('status', '=', kind.held as never)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Ends the holder's lease: the row leaves the held status (waiting again for `nextAttemptAt`, or
 * finished), the token and lease are cleared. Conditional on the token like holdLease, and locks
 * the row the same way, so the owner may write its own columns after it in the same transaction.
 * False when the holder had already lost the row (nothing was written).
 */
export async function releaseLease(
  db: Kysely<Database>,
  kind: LeaseKind,
  holder: LeaseHolder,
  end: {
    status: string;
    now: string;
    lastError: string | null;
    nextAttemptAt?: string | undefined;
    /** Give back the attempt the claim counted (a clean shutdown interrupted it). */
    refundAttempt?: boolean;
  },
): Promise<boolean> {
  const result = await db
    .updateTable(kind.table)
    .set((eb) => ({
      status: end.status as never,
      claim_token: null,
      lease_until: null,
      last_error: end.lastError,
      updated_at: end.now,
      ...(end.nextAttemptAt === undefined ? {} : { next_attempt_at: end.nextAttemptAt }),
      ...(end.refundAttempt ? { attempts: eb('attempts', '-', 1) } : {}),
    }))
    .where('id', '=', holder.id)
    .where('claim_token', '=', holder.token)
    .where('status', '=', kind.held as never)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes a row away from whoever holds or awaits it (a cancel): it moves to `status` and any
 * holder's token stops matching, so the holder's next fenced write fails. Only from the given
 * statuses; false when the row was in none of them.
 */
export async function revokeLease(
  db: Kysely<Database>,
  kind: LeaseKind,
  id: string,
  change: { from: readonly string[]; status: string; now: string; lastError: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable(kind.table)
    .set({
      status: change.status as never,
      claim_token: null,
      lease_until: null,
      last_error: change.lastError,
      updated_at: change.now,
    })
    .where('id', '=', id)
    .where('status', 'in', change.from as never[])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
