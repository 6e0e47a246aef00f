/**
 * The one experiment configuration, keyed by pipeline stage. Defaults live only here;
 * `config/training.yml` mirrors them. Unknown keys are errors at every depth.
 */
import { z } from 'zod';
import { dataSchema } from './data.ts';
import { featuresSchema } from './features.ts';
import { labelsSchema } from './labels.ts';
import { executionSchema } from './execution.ts';
import { riskSchema } from './risk.ts';
import { evaluationSchema } from './evaluation.ts';
import { modelsSchema } from './models.ts';
import { hpoSchema, hpoSpaceIssues } from './hpo.ts';
import { benchSchema } from './bench.ts';
import { ppoSchema } from './ppo.ts';
import { oneOf, section, str } from './primitives.ts';
import { splitKeyPath, withOwnValue } from './keyPath.ts';

export const experimentSchema = section({
  /** A name for humans; not part of the hash's meaning but stored with it. */
  name: str().max(200, { error: 'expected a name of at most 200 characters' }).default('default'),
  /** Master seed: every random stream of a run derives from it. */
  seed: z.number({ error: 'expected an integer seed' }).int({ error: 'expected an integer seed' }).default(42),
  data: dataSchema.prefault({}),
  features: featuresSchema.prefault({}),
  labels: labelsSchema.prefault({}),
  execution: executionSchema.prefault({}),
  risk: riskSchema.prefault({}),
  evaluation: evaluationSchema.prefault({}),
  models: modelsSchema.prefault({}),
  hpo: hpoSchema.prefault({}),
  bench: benchSchema.prefault({}),
  /**
   * What learns the trading decision: `supervised` (models.primary on the labels, sized by Kelly) or `ppo`
   * (a PPO policy per walk-forward window, trained in the trading environment with the ppo section; hosts
   * that load @skippy/ml: the server's run worker, `skippy-train ppo`). @default supervised
   */
  trainer: oneOf(['supervised', 'ppo']).default('supervised'),
  ppo: ppoSchema.prefault({}),
}).superRefine((cfg, ctx) => {
  if (!cfg.labels.max_holding_periods.includes(cfg.evaluation.horizon)) {
    ctx.addIssue({ code: 'custom', path: ['evaluation', 'horizon'], input: cfg.evaluation.horizon,
      message: `expected one of labels.max_holding_periods (${cfg.labels.max_holding_periods.join(', ')})` });
  }
  if (cfg.evaluation.cpcv.test_groups >= cfg.evaluation.cpcv.groups) {
    ctx.addIssue({ code: 'custom', path: ['evaluation', 'cpcv', 'test_groups'], input: cfg.evaluation.cpcv.test_groups,
      message: `expected fewer test groups than groups (${cfg.evaluation.cpcv.groups})` });
  }
  const dup = firstDuplicate(cfg.labels.max_holding_periods);
  if (dup >= 0) {
    ctx.addIssue({ code: 'custom', path: ['labels', 'max_holding_periods', dup], input: cfg.labels.max_holding_periods[dup], message: 'expected distinct horizons' });
  }
  const { start, end } = cfg.data.range;
  if (start && end && Date.parse(start) >= Date.parse(end)) {
    ctx.addIssue({ code: 'custom', path: ['data', 'range', 'end'], input: end, message: `expected a date after data.range.start (${start})` });
  }
  // hpo.space: each path and candidate value checked against this whole schema (see hpo.ts)
  for (const issue of hpoSpaceIssues(cfg, (v) => experimentSchema.safeParse(v), setValue, experimentSchema)) ctx.addIssue({ code: 'custom', ...issue });
});

/**
 * A deep copy of `input` with one dotted path replaced, following own keys of plain objects only
 * (keyPath.ts): a path that does not resolve, or names __proto__/constructor/prototype, returns the
 * input unchanged (hpoSpaceIssues has already refused it).
 */
function setValue<T>(input: T, path: string, value: unknown): T {
  const keys = splitKeyPath(path);
  return (keys && withOwnValue(input, keys, value)) ?? input;
}

function firstDuplicate(values: readonly number[]): number {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    if (seen.has(values[i])) return i;
    seen.add(values[i]);
  }
  return -1;
}

/** A fully-defaulted, validated experiment configuration. */
export type ExperimentConfig = z.infer<typeof experimentSchema>;
/** What a user may write: every key optional. */
export type ExperimentConfigInput = z.input<typeof experimentSchema>;
