/** All benchmark suites. Each area adds its own file under suites/ and one line here. */
import type { BenchEntry } from './harness.ts';

export async function allBenchEntries(): Promise<BenchEntry[]> {
  const suites = await Promise.all([
    import('./suites/core.ts'),
    import('./suites/data.ts'),
    import('./suites/backtest.ts'),
    import('./suites/l2.ts'),
    import('./suites/eval.ts'),
    import('./suites/features.ts'),
    import('./suites/synthetic.ts'),
    import('./suites/hpo.ts'),
    import('./suites/rl.ts'),
    import('./suites/gbdt.ts'),
    import('./suites/ml.ts'),
    import('./suites/paper.ts'),
  ]);
  return suites.flatMap((s) => s.entries as BenchEntry[]);
}
