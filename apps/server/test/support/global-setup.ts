import type { TestProject } from 'vitest/node';
import { ALL_ENGINES, type EngineName, probeEngine } from './engines.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    availableEngines: EngineName[];
  }
}

/**
 * Decides once which database engines the run can use. Outside CI a missing server is skipped
 * loudly; under CI=true it fails the run, because a skipped engine would hide a real failure.
 */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = wantedEngines(process.env);
  if (process.env.CI === 'true' && process.env.CMS_TEST_ENGINES !== undefined) {
    console.warn(
      `\n*** CI=true: ignoring CMS_TEST_ENGINES=${process.env.CMS_TEST_ENGINES}; every engine runs.\n`,
    );
  }
  const available: EngineName[] = [];
  const missing: string[] = [];
  for (const engine of wanted) {
    const problem = await probeEngine(engine);
    if (problem === null) available.push(engine);
    else missing.push(`${engine}: ${problem}`);
  }
  if (missing.length > 0) {
    const message = `Database engines not reachable:\n  ${missing.join('\n  ')}`;
    if (process.env.CI === 'true') {
      throw new Error(`${message}\nCI=true requires every engine; start the servers (see .ci/run).`);
    }
    console.warn(`\n*** SKIPPING ${message}\n*** Their suites are skipped on this run.\n`);
  }
  project.provide('availableEngines', available);
}

/**
 * CMS_TEST_ENGINES narrows the engines for a quick local loop. Under CI=true it is ignored: a
 * narrowed CI run would pass while an engine it left out is broken.
 */
export function wantedEngines(env: NodeJS.ProcessEnv): EngineName[] {
  if (env.CI === 'true' || env.CMS_TEST_ENGINES === undefined) return [...ALL_ENGINES];
  const wanted = env.CMS_TEST_ENGINES.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !(ALL_ENGINES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`CMS_TEST_ENGINES names unknown engines: ${unknown.join(', ')}`);
  return wanted as EngineName[];
}
