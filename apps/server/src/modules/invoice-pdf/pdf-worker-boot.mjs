// Starts a PDF rendering thread from its TypeScript source (development, tests, benchmarks): a
// worker thread does not inherit the parent's tsx loader, so it registers its own. The bundle runs
// the compiled worker instead (see pdf-pool.ts).
import { workerData } from 'node:worker_threads';

const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);
