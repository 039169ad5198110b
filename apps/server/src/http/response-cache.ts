import type { Counter } from 'prom-client';
import type { AppContext, RequestContext } from '../context.ts';
import { type ChangeClock, ReadRecorder, type TableSet } from '../db/change-clock.ts';

interface Entry {
  body: string;
  stamp: number;
  tables: TableSet;
}

/**
 * Sizes are string lengths, about bytes for JSON. A bigger answer would pin too much memory (and
 * one bigger than the whole budget would push every other answer out).
 */
const MAX_ENTRY_LENGTH = 512 * 1024;

/**
 * Serialised answers of read routes marked `cached`, kept until a table they were computed from
 * is written (db/change-clock.ts), so an answer from here is byte for byte what the handler would
 * produce now. Authentication and authorisation still run on every request; the key holds the
 * caller (user, role and scope) and the whole URL, so no two callers ever share an entry.
 *
 * Only on SQLite, where the clock is exact; least recently used entries go first once the
 * budget is spent.
 */
export class ResponseCache {
  readonly #entries = new Map<string, Entry>();
  #length = 0;

  constructor(
    private readonly clock: ChangeClock,
    private readonly maxLength: number,
    private readonly lookups: Counter<'result'>,
  ) {}

  /**
   * The answer to a signed-in caller's request for `url`: from the cache while still current,
   * else from `compute`, which gets a context whose queries are recorded and is kept.
   */
  async answer(
    ctx: RequestContext,
    url: string,
    compute: (ctx: RequestContext) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const { userId, roleKey, scope } = ctx.actor;
    const key = [
      userId,
      roleKey,
      scope.orgId,
      scope.distributorId,
      scope.partnerId,
      scope.tenantId,
      url,
    ].join('\n');
    const entry = this.#entries.get(key);
    if (entry) {
      this.#forget(key, entry);
      if (this.clock.unchangedSince(entry.stamp, entry.tables)) {
        this.#keep(key, entry); // now the most recently used
        this.lookups.inc({ result: 'hit' });
        return entry.body;
      }
      this.lookups.inc({ result: 'stale' });
    } else {
      this.lookups.inc({ result: 'miss' });
    }
    const stamp = this.clock.now();
    const recorder = new ReadRecorder();
    const body = await compute(recordingContext(ctx, recorder));
    if (body !== undefined && body.length <= Math.min(MAX_ENTRY_LENGTH, this.maxLength)) {
      this.#keep(key, { body, stamp, tables: recorder.tables });
    }
    return body;
  }

  #keep(key: string, entry: Entry): void {
    // Two concurrent misses for one key both keep their answer; the later one wins.
    const previous = this.#entries.get(key);
    if (previous) this.#forget(key, previous);
    this.#entries.set(key, entry);
    this.#length += entry.body.length;
    for (const [oldKey, old] of this.#entries) {
      if (this.#length <= this.maxLength) break;
      this.#forget(oldKey, old);
    }
  }

  #forget(key: string, entry: Entry): void {
    this.#entries.delete(key);
    this.#length -= entry.body.length;
  }
}

/** The same request, its queries running through `recorder`. */
function recordingContext(ctx: RequestContext, recorder: ReadRecorder): RequestContext {
  const { app } = ctx;
  const db = { ...app.db, kysely: app.db.kysely.withPlugin(recorder) };
  return { ...ctx, app: { ...app, db } satisfies AppContext };
}
