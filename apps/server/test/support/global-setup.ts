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
  const wanted = (process.env.CMS_TEST_ENGINES?.split(',') ?? ALL_ENGINES) as EngineName[];
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
