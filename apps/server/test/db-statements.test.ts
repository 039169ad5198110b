import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type Param, preparedQuery } from '../src/db/prepared.ts';
import { withStatementCache } from '../src/db/sqlite-statements.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';

describe('SQLite rows packed as JSON', () => {
  const sqlite = new BetterSqlite3(':memory:');
  // biome-ignore lint/suspicious/noExplicitAny: an ad-hoc table outside the app schema
  const db = new Kysely<any>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  // What the cache prepares, to prove the packed statement is the one being compared.
  const preparedSql: string[] = [];
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((text: string) => {
    preparedSql.push(text);
    return prepare(text);
  }) as typeof sqlite.prepare;
  const columns = ['id', 'label', 'amount', 'ratio', 'note', 'flag', 'big', 'empty'];

  beforeAll(() => {
    sqlite.exec(`create table t (id integer primary key, label text, amount text, ratio real,
      note varchar(20), flag integer, big integer, empty text)`);
    const insert = sqlite.prepare('insert into t values (?, ?, ?, ?, ?, ?, ?, ?)');
    const labels = ['Zürich "quoted"', 'back\\slash', 'tab\tnew\nline', '日本語', '', 'emoji 🚀', 'plain'];
    labels.forEach((label, i) => {
      insert.run(i + 1, label, `${i}.10`, i / 3, i % 2 ? null : `n${i}`, i % 2, 2 ** 52 + i, null);
    });
  });
  afterAll(() => db.destroy());

  const plain = (query: string, ...parameters: unknown[]) => sqlite.prepare(query).all(...parameters);

  it('returns exactly what better-sqlite3 returns, in the inner ORDER BY and LIMIT', async () => {
    const rows = await db
      .selectFrom('t')
      .select(columns)
      .where('id', '>', 1)
      .orderBy('label', 'desc')
      .orderBy('id', 'desc')
      .limit(4)
      .execute();
    const expected = plain(
      `select ${columns.join(', ')} from t where id > ? order by label desc, id desc limit ?`,
      1,
      4,
    );
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r.id)).toEqual([4, 3, 7, 6]);
    expect(preparedSql.some((text) => text.includes('json_array('))).toBe(true);
    expect(rows[0]).toMatchObject({ label: '日本語', ratio: 1, big: 2 ** 52 + 3, empty: null });
  });

  it('keeps real numbers exact to the last bit', async () => {
    const rows = await db.selectFrom('t').selectAll().orderBy('id').execute();
    expect(rows.map((r) => r.ratio)).toEqual([0, 1 / 3, 2 / 3, 1, 4 / 3, 5 / 3, 2]);
  });

  it('falls back to plain rows for good when a column holds a blob', async () => {
    sqlite.prepare('insert into t (id, label) values (?, ?)').run(100, Buffer.from([0, 1, 2]));
    const query = () => db.selectFrom('t').select(columns).where('id', '>=', 7).orderBy('id').execute();
    const first = await query();
    expect(first.map((r) => r.id)).toEqual([7, 100]);
    expect(Buffer.from(first[1]!.label)).toEqual(Buffer.from([0, 1, 2]));
    expect(await query()).toEqual(first);
  });
});

describe.each(ALL_ENGINES)('prepared queries [%s]', (engine) => {
  const skip = !availableEngines().includes(engine);
  let testDb: TestDatabase;
  let db: Db;
  const organisationByName = preparedQuery((k, param: Param<'kind' | 'name'>) =>
    k
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where('kind', '=', param('kind'))
      .where('name', '=', param('name'))
      .where('deleted_at', 'is', null)
      .orderBy('id')
      .limit(5),
  );

  beforeAll(async () => {
    if (skip) return;
    testDb = await createTestDatabase(engine);
    db = openDatabase(testDb.url);
    await migrateToLatest(db);
    const now = new Date().toISOString();
    for (const [id, name] of [
      ['dst_a', 'Alpha'],
      ['dst_b', 'Beta'],
    ]) {
      await db.kysely
        .insertInto('organisations')
        .values({
          id: id!,
          kind: 'distributor',
          name: name!,
          currency: 'EUR',
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
  });
  afterAll(async () => {
    if (skip) return;
    await db.destroy();
    await testDb.drop();
  });

  it.skipIf(skip)('runs the compiled statement with each call’s values, constants kept', async () => {
    expect(await organisationByName(db.kysely, { kind: 'distributor', name: 'Beta' })).toEqual([
      { id: 'dst_b', name: 'Beta' },
    ]);
    expect(await organisationByName(db.kysely, { kind: 'distributor', name: 'Alpha' })).toEqual([
      { id: 'dst_a', name: 'Alpha' },
    ]);
    expect(await organisationByName(db.kysely, { kind: 'tenant', name: 'Alpha' })).toEqual([]);
  });

  it.skipIf(skip)('refuses a placeholder that was transformed instead of used as a value', async () => {
    const broken = preparedQuery((k, param: Param<'name'>) =>
      k
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', `${param('name')}%`),
    );
    await expect(broken(db.kysely, { name: 'Alpha' })).rejects.toThrow(/placeholders.*name/);
    // The same statement built per call agrees with the prepared one.
    const direct = await db.kysely
      .selectFrom('organisations')
      .select(['id', 'name'])
      .where(sql<boolean>`name = ${'Alpha'}`)
      .execute();
    expect(direct).toEqual([{ id: 'dst_a', name: 'Alpha' }]);
  });
});
