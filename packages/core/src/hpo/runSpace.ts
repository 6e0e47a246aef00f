/**
 * Run objectives: a study whose trials are workbench runs of one experiment config. The space's names
 * are dotted config paths (`models.primary.l2`); configForParams sets them on the base config and
 * validates the result; validateRunSpace checks each path and the range's ends on the config. Shared
 * by the CLI (`hpo:optuna` without --objective) and the server's study service.
 */
import { UserInputError } from '../util/errors.ts';
import { setConfigValue, validateConfig } from '../config/index.ts';
import type { ExperimentConfig } from '../config/index.ts';
import type { SearchSpace } from './space.ts';
import { validateSearchSpace } from './space.ts';

/** Roots a study may not search: the data, the study itself, the benchmark block and the name. */
const REFUSED_ROOTS = new Set(['data', 'hpo', 'bench', 'name']);

/** The name of the objective of a run study: out-of-sample Sharpe after costs, maximised. */
export const RUN_OBJECTIVE = 'run:oos_sharpe_after_costs';

function hasPath(root: unknown, path: string): boolean {
  let cur = root;
  for (const k of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return false;
    cur = (cur as Record<string, unknown>)[k];
  }
  return true;
}

/** configForParams(base, params, field) – the base config with each path set, validated (HPO and ablation off); a UserInputError names the path. */
export function configForParams(base: ExperimentConfig, params: Record<string, unknown>, field = '--space'): ExperimentConfig {
  let input: unknown = { ...base, hpo: { ...base.hpo, enabled: false, space: {}, ablation: { ...base.hpo.ablation, enabled: false } } };
  for (const [p, v] of Object.entries(params)) input = setConfigValue(input, p, v);
  const r = validateConfig(input);
  if (!r.ok) throw new UserInputError(`${field} ${r.issues[0].path}`, r.issues[0].message, r.issues[0].value);
  return r.config;
}

/**
 * validateRunSpace(config, raw, field) – the search space of a run study: validateSearchSpace, then every
 * name must be a dotted path to an existing config setting outside data, hpo, bench and name, and each
 * choice (or both ends of a range) must give a valid config.
 */
export function validateRunSpace(config: ExperimentConfig, raw: unknown, field: string): SearchSpace {
  const space = validateSearchSpace(raw, field);
  for (const [path, spec] of Object.entries(space)) {
    if (REFUSED_ROOTS.has(path.split('.')[0]) || !hasPath(config, path)) throw new UserInputError(`${field}.${path}`, 'expected a dotted path to an existing config setting outside data, hpo, bench and name (such as models.primary.l2)');
    const probes = spec.type === 'categorical' ? spec.choices : [spec.low, spec.high];
    for (const v of probes) configForParams(config, { [path]: v }, field);
  }
  return space;
}
