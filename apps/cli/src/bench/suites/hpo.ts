/**
 * HPO: TPE against Optuna 5.0's TPESampler (defaults) on the benchmark objectives — the median over
 * 20 seeds (0..19) of the best value after 50 and 100 trials, and the sampler time of one 1,000-trial
 * Hartmann-6 study. The quality entries compute their medians in setup (untimed) and print them on
 * stderr beside the anchor (`hpo.tpe.branin.median_best@100 = … (Optuna 5.0: 0.417) ok|WORSE`); the
 * timed part is trivial. Reproduce the Optuna side with `python3 bench/anchors/optuna_tpe.py quality`
 * and `… time`.
 */
import { BENCHMARK_OBJECTIVES, createMemoryStorage, localTrialQueue, openStudy, runTrials } from '@skippy/core/hpo';
import type { BenchEntry } from '../harness.ts';

/** Optuna 5.0.0 TPESampler defaults, 20 seeds, measured for issue 11. */
export const OPTUNA_ANCHORS: Record<string, { at50: number; at100: number }> = {
  branin: { at50: 0.507, at100: 0.417 },
  hartmann6: { at50: -2.992, at100: -3.228 },
  rosenbrock4: { at50: 9.09, at100: 3.20 },
};

/** bestCurve(objective, seed, trials) – the best value after each trial of one TPE study. */
export async function bestCurve(name: string, seed: number, trials: number): Promise<number[]> {
  const obj = BENCHMARK_OBJECTIVES[`bench:${name}`];
  const study = openStudy(createMemoryStorage(), { name, directions: ['minimize'], space: obj.space, sampler: { kind: 'tpe' }, pruner: { kind: 'none' }, seed, objective: obj.name }, { now: 0 });
  await runTrials(localTrialQueue(study, { nTrials: trials, now: () => 0 }), (t) => obj.evaluate(t.params));
  let b = Infinity;
  return study.trials().map((t) => (b = Math.min(b, t.values?.[0] ?? Infinity)));
}

const median = (a: number[]) => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

const cache = new Map<string, Promise<{ at50: number; at100: number }>>();
/** medianBest(name) – median over seeds 0..19 of the best after 50 and 100 trials. */
export function medianBest(name: string, seeds = 20): Promise<{ at50: number; at100: number }> {
  const key = `${name}:${seeds}`;
  if (!cache.has(key)) {
    cache.set(key, (async () => {
      const curves = [];
      for (let s = 0; s < seeds; s++) curves.push(await bestCurve(name, s, 100));
      return { at50: median(curves.map((c) => c[49])), at100: median(curves.map((c) => c[99])) };
    })());
  }
  return cache.get(key)!;
}

const quality = (name: string, at: 50 | 100): BenchEntry<number> => ({
  name: `hpo.tpe.${name}.median_best@${at}`,
  async setup() {
    const m = await medianBest(name);
    const v = at === 50 ? m.at50 : m.at100, anchor = at === 50 ? OPTUNA_ANCHORS[name].at50 : OPTUNA_ANCHORS[name].at100;
    process.stderr.write(`hpo.tpe.${name}.median_best@${at} = ${v.toFixed(4)} (Optuna 5.0: ${anchor}) ${v <= anchor ? 'ok' : 'WORSE'}\n`);
    return v;
  },
  run: (v) => v,
});

export const entries: BenchEntry[] = [
  ...(['branin', 'hartmann6', 'rosenbrock4'] as const).flatMap((n) => [quality(n, 50), quality(n, 100)]),
  {
    name: 'hpo.tpe.hartmann6.sampler.1000trials',
    targetMs: 8300,
    setup: () => null,
    run: () => bestCurve('hartmann6', 0, 1000),
  } as BenchEntry<null>,
] as BenchEntry[];
