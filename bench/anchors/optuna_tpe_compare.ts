/**
 * Trial-by-trial check of @skippy/core's TPE against Optuna 5.0's TPESampler (benchmark only, needs Optuna's output):
 *
 *   python3 bench/anchors/optuna_tpe.py trials 20 100 > /tmp/optuna_trials.json
 *   npx tsx bench/anchors/optuna_tpe_compare.ts /tmp/optuna_trials.json
 *
 * Runs our TPE study with the same seed on each benchmark objective and prints, per objective, the largest
 * parameter and value difference over all trials and the first trial whose parameters differ by more than 1e-9.
 */
import { readFileSync } from 'node:fs';
import { BENCHMARK_OBJECTIVES, createMemoryStorage, openStudy } from '@skippy/core/hpo';

interface OptunaTrials { optuna: string; seeds: number; trials: number; studies: Record<string, { params: Record<string, number>; value: number }[][]> }

const path = process.argv[2];
if (!path) { process.stderr.write('usage: npx tsx bench/anchors/optuna_tpe_compare.ts OPTUNA_TRIALS.json\n'); process.exit(2); }
const ref = JSON.parse(readFileSync(path, 'utf8')) as OptunaTrials;
const out: Record<string, unknown> = {};
for (const [name, studies] of Object.entries(ref.studies)) {
  const obj = BENCHMARK_OBJECTIVES[name];
  let maxParam = 0, maxValue = 0, firstDiff: string | null = null;
  studies.forEach((trials, seed) => {
    const study = openStudy(createMemoryStorage(), { name, directions: ['minimize'], space: obj.space, sampler: { kind: 'tpe' }, pruner: { kind: 'none' }, seed, objective: name }, { now: 0 });
    trials.forEach((r, i) => {
      const t = study.ask(i)!;
      const v = obj.evaluate(t.params);
      study.tell(t.number, { state: 'complete', values: [v] }, i);
      for (const [k, x] of Object.entries(r.params)) {
        const d = Math.abs((t.params[k] as number) - x);
        maxParam = Math.max(maxParam, d);
        if (d > 1e-9 && firstDiff === null) firstDiff = `seed ${seed} trial ${i} ${k}`;
      }
      maxValue = Math.max(maxValue, Math.abs(v - r.value));
    });
  });
  out[name] = { seeds: studies.length, trials: studies[0]?.length ?? 0, max_param_diff: maxParam, max_value_diff: maxValue, first_diff: firstDiff };
}
process.stdout.write(`${JSON.stringify({ optuna: ref.optuna, results: out }, null, 1)}\n`);
