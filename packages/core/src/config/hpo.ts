import { z } from 'zod';
import { featureSetConfig } from '../features/featureSet.ts';
import { bool, posInt, section, str } from './primitives.ts';
import { isPlainRecord, MAX_KEY_PATH_LENGTH, ownValueAt, schemaHasKeyPath, splitKeyPath } from './keyPath.ts';

export const samplerSchema = z.discriminatedUnion('kind', [
  section({ kind: z.literal('grid') }),
  section({ kind: z.literal('random'), n_trials: posInt().default(20) }),
], { error: 'expected a sampler with kind grid | random' });

/** A feature-set spec (`price`, `price+microstructure`, `ret_5,spread_cs`, …) checked by featureSetConfig. */
const featureSetSpec = str('a feature set such as price+microstructure').max(500, { error: 'expected a feature set of at most 500 characters' }).superRefine((spec, ctx) => {
  try {
    featureSetConfig(spec);
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    // featureSetConfig's message reads "features.set: expected …, got …"; keep the expectation only
    ctx.addIssue({ code: 'custom', message: m.replace(/^features\.set: /, '').replace(/, got .*$/, '') });
  }
});

/** Largest number of variants a run may explore (ablation sets + HPO points): keeps runs bounded. */
export const MAX_VARIANTS = 200;
/**
 * Bounds of hpo.space. Every candidate value is checked against the whole schema (≈ 1 ms each, on the
 * server's request thread): 20,000 candidates for one path took 24 s, so the work is bounded before it starts.
 */
export const MAX_SPACE_PATHS = 32;
export const MAX_CANDIDATES_PER_PATH = 100;
export const MAX_CANDIDATES_TOTAL = 256;

export const hpoSchema = section({
  enabled: bool().default(false),
  sampler: samplerSchema.prefault({ kind: 'random' }),
  seed: z.number().int().default(11),
  /**
   * Search space: dotted config path → candidate values (e.g. "models.primary.l2": [0.1, 1, 10]).
   * Each value is checked against the whole schema (see hpoSpaceIssues); paths under data, hpo and
   * bench are refused (variants share the run's data).
   */
  space: z.record(z.string().max(MAX_KEY_PATH_LENGTH, { error: `expected a dotted config path of at most ${MAX_KEY_PATH_LENGTH} characters` }), z.array(z.union([z.number(), z.string().max(1000, { error: 'expected a string of at most 1000 characters' }), z.boolean()], { error: 'expected a number, string or true/false (one candidate value)' }), { error: 'expected a list of candidate values' })
    .min(1, { error: 'expected at least one candidate value' }).max(MAX_CANDIDATES_PER_PATH, { error: `expected at most ${MAX_CANDIDATES_PER_PATH} candidate values` }), { error: 'expected a mapping of config path → candidate values' })
    .refine((space) => Object.keys(space).length <= MAX_SPACE_PATHS, { error: `expected at most ${MAX_SPACE_PATHS} searched settings` }).default({}),
  /** Feature ablation: each feature set is a variant evaluated with the same CV, labels and model. */
  ablation: section({
    enabled: bool().default(false),
    feature_sets: z.array(featureSetSpec, { error: 'expected a list of feature sets' }).min(1, { error: 'expected at least one feature set' }).max(MAX_VARIANTS, { error: `expected at most ${MAX_VARIANTS} feature sets` })
      .default(['price', 'price+microstructure', 'price+microstructure+derivatives']),
  }).prefault({}),
});
export type HpoConfig = z.infer<typeof hpoSchema>;

/** One problem found by hpoSpaceIssues, as a zod custom issue (path from the config root). */
export interface HpoSpaceIssue {
  path: (string | number)[];
  message: string;
}

/** Result of validating a whole config (the experiment schema's safeParse, passed in to avoid an import cycle). */
export type ConfigParse = (value: unknown) => { success: true } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string; code: string; keys?: readonly string[] }[] } };

const REFUSED_ROOTS = new Set(['data', 'hpo', 'bench', 'name']);

/**
 * hpoSpaceIssues(config, parse) – every hpo.space path must name a setting of the schema and every
 * candidate value must pass it: the variant config (setConfigValue of the path on the validated
 * config, HPO switched off so the check does not recurse) is parsed again with the whole schema,
 * cross-field rules included. Issues are placed at hpo.space["path"][i].
 * A path resolves only through keys the schema declares AND the validated config owns (keyPath.ts):
 * `__proto__`, `constructor`, `prototype` and inherited names such as `toString` never resolve.
 * Also: grid size (or the random sampler's trials) ≤ MAX_VARIANTS together with the ablation sets.
 */
export function hpoSpaceIssues(config: Record<string, unknown> & { hpo: HpoConfig }, parse: ConfigParse, setValue: <T>(input: T, path: string, value: unknown) => T, schema?: unknown): HpoSpaceIssue[] {
  const hpo = config.hpo;
  const issues: HpoSpaceIssue[] = [];
  const base = { ...config, hpo: { ...hpo, enabled: false, space: {}, ablation: { ...hpo.ablation, enabled: false } } };
  const candidates = Object.values(hpo.space).reduce((a, v) => a + v.length, 0);
  if (candidates > MAX_CANDIDATES_TOTAL) {
    return [{ path: ['hpo', 'space'], message: `expected at most ${MAX_CANDIDATES_TOTAL} candidate values in all (this space has ${candidates})` }];
  }
  for (const [path, values] of Object.entries(hpo.space)) {
    const keys = splitKeyPath(path);
    if (keys === null || REFUSED_ROOTS.has(keys[0])) {
      issues.push({ path: ['hpo', 'space', path], message: 'expected a dotted config path outside data, hpo, bench and name, such as models.primary.l2' });
      continue;
    }
    if (!hasPath(config, keys) || (schema !== undefined && !schemaHasKeyPath(schema, keys))) {
      issues.push({ path: ['hpo', 'space', path], message: `expected a dotted path to a config setting, such as models.primary.l2 (${describeMissing(config, keys)})` });
      continue;
    }
    values.forEach((value, i) => {
      const r = parse(setValue(base, path, value));
      if (r.success) return;
      const first = r.error.issues[0];
      const at = formatInner(first.path);
      const msg = first.code === 'unrecognized_keys' ? `unknown key ${(first.keys ?? []).join(', ')}` : first.message;
      issues.push({ path: ['hpo', 'space', path, i], message: at === path ? msg : `${at}: ${msg}` });
    });
  }
  const gridSize = Object.values(hpo.space).reduce((a, v) => a * v.length, 1);
  const points = Object.keys(hpo.space).length === 0 ? 0 : hpo.sampler.kind === 'grid' ? gridSize : Math.min(gridSize, hpo.sampler.n_trials);
  const total = (hpo.enabled ? points : 0) + (hpo.ablation.enabled ? hpo.ablation.feature_sets.length : 0);
  if (total > MAX_VARIANTS) issues.push({ path: ['hpo', 'space'], message: `expected at most ${MAX_VARIANTS} variants (ablation sets + HPO points), this space gives ${total}` });
  return issues;
}

/** True when every key is an own property of a plain object on the way down (never a prototype). */
function hasPath(root: unknown, keys: string[]): boolean {
  return ownValueAt(root, keys).found;
}

function describeMissing(root: unknown, keys: string[]): string {
  let cur: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const where = keys.slice(0, i).join('.') || '(root)';
    if (!isPlainRecord(cur)) return `${where} has no settings below it`;
    if (!Object.hasOwn(cur, k)) return `${where} has no key "${k}"; expected one of: ${Object.keys(cur).join(', ')}`;
    cur = cur[k];
  }
  return '';
}

function formatInner(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}
