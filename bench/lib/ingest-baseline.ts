/**
 * The baseline of `npm run bench -- ingest`: the rows the collection stored, already parsed, read
 * back from its database and inserted into the same table (same schema and indexes, a fresh
 * database) by a minimal script: one prepared single-row INSERT, 1,000 rows per transaction. Only
 * the inserts and commits are timed, not the reads. With a row limit only the first rows (in
 * primary-key order, whole batches) are inserted: a rate needs no more, and single-row inserts over
 * the network take many minutes for all of them (the smaller table only favours the baseline).
 * argv: <source database url> <target database url> [<row limit>]; prints {seconds, rows}.
 */
import Database from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import pg from 'pg';

const [sourceUrl, targetUrl, limitArg] = process.argv.slice(2) as [string, string, string | undefined];
const limit = limitArg === undefined ? Number.POSITIVE_INFINITY : Number(limitArg);
const COLUMNS = [
  'region_id',
  'reported_window',
  'azs_subscription_id',
  'record_key',
  'meter_id',
  'resource_uri',
  'usage_start',
  'usage_end',
  'quantity',
  'raw_quantity',
  'sku',
  'location',
  'tags',
  'additional_info',
  'first_job_id',
  'first_collected_at',
  'collected_at',
];
const BATCH = 1000;
type Row = unknown[];

/** The source in primary-key order, 1,000 rows at a time, up to the limit. */
async function* source(): AsyncGenerator<Row[]> {
  let read = 0;
  for await (const batch of allRows()) {
    yield batch;
    read += batch.length;
    if (read >= limit) return;
  }
}

/** Reads the source in primary-key order, 1,000 rows at a time (not timed). */
async function* allRows(): AsyncGenerator<Row[]> {
  const order = 'region_id, reported_window, azs_subscription_id, record_key';
  if (sourceUrl.startsWith('sqlite:')) {
    const db = new Database(sourceUrl.slice('sqlite:'.length), { readonly: true });
    const stmt = db.prepare(`select ${COLUMNS.join(', ')} from usage_records order by ${order}`).raw(true);
    let batch: Row[] = [];
    for (const row of stmt.iterate() as IterableIterator<Row>) {
      batch.push(row);
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    db.close();
    return;
  }
  // Keyset pages on the other engines.
  let last: Row | null = null;
  const read = sourceUrl.startsWith('postgres')
    ? await (async () => {
        const client = new pg.Client({ connectionString: sourceUrl });
        await client.connect();
        return {
          page: async (after: Row | null) =>
            (
              await client.query({
                text: `select ${COLUMNS.join(', ')} from usage_records ${after ? 'where (region_id, reported_window, azs_subscription_id, record_key) > ($1, $2, $3, $4)' : ''} order by ${order} limit ${BATCH}`,
                values: after ? [after[0], after[1], after[2], after[3]] : [],
                rowMode: 'array',
              })
            ).rows as Row[],
          end: () => client.end(),
        };
      })()
    : await (async () => {
        const conn = await createConnection({
          uri: sourceUrl,
          supportBigNumbers: true,
          bigNumberStrings: true,
          decimalNumbers: false,
          dateStrings: true,
        });
        return {
          page: async (after: Row | null) =>
            (
              await conn.query({
                sql: `select ${COLUMNS.join(', ')} from usage_records ${after ? 'where (region_id, reported_window, azs_subscription_id, record_key) > (?, ?, ?, ?)' : ''} order by ${order} limit ${BATCH}`,
                values: after ? [after[0], after[1], after[2], after[3]] : [],
                rowsAsArray: true,
              })
            )[0] as Row[],
          end: () => conn.end(),
        };
      })();
  // finally: the consumer stops early at the row limit, and an open connection keeps the process alive.
  try {
    for (;;) {
      const rows = await read.page(last);
      if (rows.length === 0) break;
      yield rows;
      last = rows[rows.length - 1]!;
    }
  } finally {
    await read.end();
  }
}

let seconds = 0;
let rows = 0;
const timed = async (work: () => Promise<void> | void) => {
  const start = process.hrtime.bigint();
  await work();
  seconds += Number(process.hrtime.bigint() - start) / 1e9;
};

if (targetUrl.startsWith('sqlite:')) {
  const db = new Database(targetUrl.slice('sqlite:'.length));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536'); // as the app's connection (apps/server/src/db/database.ts)
  const insert = db.prepare(
    `insert into usage_records (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const batchInsert = db.transaction((batch: Row[]) => {
    for (const row of batch) insert.run(...row);
  });
  for await (const batch of source()) {
    await timed(() => batchInsert(batch));
    rows += batch.length;
  }
  db.close();
} else if (targetUrl.startsWith('postgres')) {
  const client = new pg.Client({ connectionString: targetUrl });
  await client.connect();
  const text = `insert into usage_records (${COLUMNS.join(', ')}) values (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
  for await (const batch of source()) {
    await timed(async () => {
      await client.query('begin');
      for (const row of batch) await client.query({ name: 'baseline-insert', text, values: row });
      await client.query('commit');
    });
    rows += batch.length;
  }
  await client.end();
} else {
  const conn = await createConnection({
    uri: targetUrl,
    supportBigNumbers: true,
    bigNumberStrings: true,
    decimalNumbers: false,
    dateStrings: true,
  });
  const text = `insert into usage_records (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`;
  for await (const batch of source()) {
    await timed(async () => {
      await conn.beginTransaction();
      for (const row of batch) await conn.execute(text, row as never[]);
      await conn.commit();
    });
    rows += batch.length;
  }
  await conn.end();
}
process.stdout.write(`${JSON.stringify({ seconds, rows })}\n`);
