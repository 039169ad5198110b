import type { Reporter, SerializedError, TestCase, TestModule } from 'vitest/node';

const ENGINES = ['sqlite', 'mysql', 'postgres'] as const;

/**
 * Prints the per-engine pass counts of the multi-engine suites and ends the run with the plain
 * line CI reads: `N passed, N failed, N skipped`. A file that failed to load and an unhandled
 * error each count as a failure, so a crash can never look like a green run.
 */
export default class SummaryReporter implements Reporter {
  private passed = 0;
  private failed = 0;
  private skipped = 0;
  private perEngine = new Map<string, { passed: number; failed: number; skipped: number }>();

  onTestCaseResult(testCase: TestCase): void {
    const state = testCase.result().state;
    const bucket = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
    this[bucket] += 1;
    const engine = ENGINES.find((e) => testCase.fullName.includes(`[${e}]`));
    if (engine) {
      const counts = this.perEngine.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
      counts[bucket] += 1;
      this.perEngine.set(engine, counts);
    }
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<SerializedError>): void {
    for (const module of modules) {
      if (module.errors().length > 0) this.failed += module.errors().length;
    }
    this.failed += errors.length;
    const lines = ['', 'Per-engine results (repository, service and transaction suites):'];
    for (const engine of ENGINES) {
      const c = this.perEngine.get(engine) ?? { passed: 0, failed: 0, skipped: 0 };
      lines.push(`  ${engine.padEnd(9)} ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
    }
    lines.push('', `${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped`);
    console.log(lines.join('\n'));
  }
}
