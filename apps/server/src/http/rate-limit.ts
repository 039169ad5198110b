import type { AppContext } from '../context.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError } from './errors.ts';

/**
 * Fixed-window counters in the database, so a limit holds across every server process (an
 * in-memory counter would let N processes allow N times the limit). Each hit is one atomic
 * increment followed by a read, so the limit is never exceeded; under a burst a request may read
 * increments made after its own and be refused although it was within the limit, which is the
 * safe side for sign-in and reset limits. Windows older than a day are swept now and then.
 */
export async function consumeRateLimit(
  app: AppContext,
  bucket: string,
  limit: number,
  windowSeconds: number,
  now = app.clock(),
): Promise<void> {
  const db = app.db.kysely;
  const windowMs = windowSeconds * 1000;
  const start = Math.floor(now / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  const key = bucket.slice(0, 200);
  const increment = () =>
    db
      .updateTable('rate_limits')
      .set((eb) => ({ hits: eb('hits', '+', 1) }))
      .where('bucket', '=', key)
      .where('window_start', '=', windowStart)
      .executeTakeFirst();
  if (Number((await increment()).numUpdatedRows) === 0) {
    try {
      await db
        .insertInto('rate_limits')
        .values({ bucket: key, window_start: windowStart, hits: 1 })
        .execute();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      await increment();
    }
  }
  const row = await db
    .selectFrom('rate_limits')
    .select('hits')
    .where('bucket', '=', key)
    .where('window_start', '=', windowStart)
    .executeTakeFirstOrThrow();
  if (Math.random() < 0.01) {
    await db
      .deleteFrom('rate_limits')
      .where('window_start', '<', new Date(now - 86_400_000).toISOString())
      .execute();
  }
  if (row.hits > limit) {
    throw new AppError('rate_limited', 'Too many attempts; wait and try again.', [], {
      retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now) / 1000)),
    });
  }
}
