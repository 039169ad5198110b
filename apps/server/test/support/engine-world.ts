import { afterAll, beforeAll, it } from 'vitest';
import { startTestApp, type TestApp } from './app.ts';
import { availableEngines, createTestDatabase, type EngineName, type TestDatabase } from './engines.ts';
import { buildWorld, type World } from './world.ts';

/**
 * Whether a block on `engine` must skip: true only when the engine is not reachable on this
 * machine (under CI=true the run fails instead, at its start). The block then holds one skipped
 * test that says why, so a skip never passes silently.
 */
export function skipWithout(engine: EngineName): boolean {
  const skip = !availableEngines().includes(engine);
  if (skip) it.skip(`needs ${engine} (not reachable: see the warning at the start of the run)`, () => {});
  return skip;
}

/**
 * The usual setup of an engine-matrix suite: a fresh database on `engine`, the app on it and the
 * standard world, made before the block's tests (handed over through `use`) and dropped after
 * them, with `env` as configuration variables. Returns whether to skip: true only when the engine is not reachable on this machine, which
 * the run announces at its start (under CI=true an unreachable engine fails the run instead); the
 * block then holds one skipped test saying so, and its own tests may skip or not be declared.
 */
export function useEngineWorld(
  engine: EngineName,
  use: (app: TestApp, world: World, db: TestDatabase) => void,
  env: Record<string, string> = {},
): boolean {
  const skip = skipWithout(engine);
  let db: TestDatabase | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    if (skip) return;
    db = await createTestDatabase(engine);
    app = await startTestApp(db.url, env);
    use(app, await buildWorld(app), db);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  return skip;
}
