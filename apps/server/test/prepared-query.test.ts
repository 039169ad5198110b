import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type Param, preparedQuery } from '../src/db/prepared.ts';
import { ALL_ENGINES, availableEngines, createTestDatabase, type TestDatabase } from './support/engines.ts';

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
    await migrateToLatest(db, randomBytes(32));
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
