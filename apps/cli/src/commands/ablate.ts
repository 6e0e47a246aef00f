/**
 * `skippy-train ablate:features --sets price,price+microstructure [--config F] [--json] [--apply]` – the
 * feature-tier ablation as its own command: each set through the same protocol (runExperiment with the
 * config's features replaced by the set), a paired comparison of the walk-forward out-of-sample returns of
 * each consecutive pair (difference in Sharpe, PSR of the per-bar difference series, stationary block
 * bootstrap CI of its Sharpe), PBO (CSCV) over the sets, and the plan's rule in words: a tier whose
 * ablation shows no significant lift is recommended off; tier 3 (derivatives) stays off unless it shows lift.
 * `--apply` writes the recommended tier switches into the config file, keeping its comments.
 */
import { readFileSync } from 'node:fs';
import { UserInputError, validateConfig } from '@skippy/core';
import { updateConfigYaml } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { bootstrapSharpeCi, cscvPbo, probabilisticSharpeRatio, sharpeRatio, sharpeStats } from '@skippy/core/eval';
import { enabledFeatureNames, featureSetConfig } from '@skippy/core/features';
import { syntheticAvailableData } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { mlModelFactories } from '@skippy/ml';
import { loadRunInputs } from '@skippy/io/artifacts';
import { writeFileAtomic } from '@skippy/io';
import type { CliContext, Command, CommandResult } from '../framework.ts';
import { getNumber, getString } from '../args.ts';
import { checkDataRequirements, storeAvailability } from './run.ts';
import { REDIS_OPTIONS, experimentRunner } from '../remote.ts';
import type { ExperimentRunner } from '../remote.ts';

export const TIERS = ['price', 'microstructure', 'derivatives'] as const;
export type Tier = (typeof TIERS)[number];
/** PSR of the difference above which a step shows lift (the verdict's PSR/DSR bar, as core's LIFT_PSR). */
export const LIFT_PSR = 0.95;

/** One feature set's out-of-sample result under the full protocol. */
export interface SetResult {
  set: string;
  features: string[];
  /** Per-bar returns of the strategy's equity over the walk-forward out-of-sample span. */
  returns: Float64Array;
  report: RunReport;
}

/** The paired comparison of two consecutive sets (to − from). */
export interface PairComparison {
  from: string;
  to: string;
  added: string[];
  sharpeDiff: number | null;
  sharpeDiffAnnualized: number | null;
  psrOfDifference: number | null;
  ci: { lower: number | null; upper: number | null; lowerAnnualized: number | null; upperAnnualized: number | null; confidence: number; method: string; meanBlock: number; resamples: number; seed: number };
  showsLift: boolean;
  statement: string;
}

const num = (x: number) => (Number.isFinite(x) ? x : null);
const s3 = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
const tokens = (spec: string) => spec.split(/[+]/).map((s) => s.trim()).filter(Boolean);

/** parseSets("price,price+microstructure") – the sets in order; "," between sets, "+" inside a set. */
export function parseSets(raw: string | undefined, fallback: readonly string[]): string[] {
  const sets = raw === undefined ? [...fallback] : raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (sets.length < 2) throw new UserInputError('--sets', 'expected at least two feature sets separated by "," (tiers inside a set joined by "+"), e.g. price,price+microstructure', raw ?? fallback.join(','));
  if (new Set(sets).size !== sets.length) throw new UserInputError('--sets', 'expected distinct feature sets', raw);
  return sets;
}

/** Per-bar returns of an equity curve from the first out-of-sample bar on. */
export function oosReturns(ts: Float64Array, equity: Float64Array, oosStart: number | null): Float64Array {
  let i0 = 1;
  if (oosStart !== null) while (i0 < ts.length && ts[i0] < oosStart) i0++;
  const out = new Float64Array(Math.max(0, ts.length - i0));
  for (let t = i0; t < ts.length; t++) out[t - i0] = equity[t] / equity[t - 1] - 1;
  return out;
}

/**
 * comparePair(a, b, {periodsPerYear, seed, resamples}) – Sharpe(b) − Sharpe(a) per bar and annualised, PSR(0)
 * of the per-bar difference series b − a, and a stationary block bootstrap percentile CI of that series'
 * Sharpe (seeded; mean block ⌈n^⅓⌉). Lift needs PSR ≥ 0.95, the CI above 0 and b itself profitable out of sample.
 */
export function comparePair(a: { set: string; returns: Float64Array }, b: { set: string; returns: Float64Array }, opts: { periodsPerYear: number; seed: number; resamples?: number }): PairComparison {
  const n = Math.min(a.returns.length, b.returns.length);
  const diff = new Float64Array(n);
  for (let t = 0; t < n; t++) diff[t] = b.returns[t] - a.returns[t];
  const ann = Math.sqrt(opts.periodsPerYear);
  const sa = num(sharpeRatio(a.returns)), sb = num(sharpeRatio(b.returns));
  const d = sa !== null && sb !== null ? sb - sa : null;
  const psr = num(probabilisticSharpeRatio(sharpeStats(diff), 0));
  const ci = bootstrapSharpeCi(diff, { seed: opts.seed, resamples: opts.resamples ?? 2000, method: 'stationary' });
  const lo = num(ci.lower), hi = num(ci.upper);
  const prev = new Set(tokens(a.set));
  const added = tokens(b.set).filter((t) => !prev.has(t));
  const losing = sb !== null && sb <= 0;
  const showsLift = psr !== null && psr >= LIFT_PSR && lo !== null && lo > 0 && d !== null && d > 0 && !losing;
  const what = added.join('+') || '(nothing added)';
  const why = showsLift ? `PSR ≥ ${LIFT_PSR} and the CI is above 0: shows lift`
    : losing ? `${b.set} itself loses out of sample (Sharpe ${s3(sb === null ? null : sb * ann)} annualised): no lift`
      : `${psr !== null && psr >= LIFT_PSR ? 'PSR passes but the CI includes 0' : `PSR < ${LIFT_PSR}`}: no significant lift`;
  return {
    from: a.set, to: b.set, added, sharpeDiff: d, sharpeDiffAnnualized: d === null ? null : d * ann, psrOfDifference: psr,
    ci: { lower: lo, upper: hi, lowerAnnualized: lo === null ? null : lo * ann, upperAnnualized: hi === null ? null : hi * ann, confidence: ci.confidence, method: ci.method, meanBlock: ci.meanBlock, resamples: ci.resamples, seed: opts.seed },
    showsLift,
    statement: `${what} over ${a.set}: out-of-sample Sharpe ${s3(d === null ? null : d * ann)} annualised (${d === null ? 'n/a' : d.toExponential(2)} per bar); PSR of the difference ${f3(psr)}; `
      + `${Math.round(ci.confidence * 100)} % block-bootstrap CI of the difference's Sharpe [${s3(lo === null ? null : lo * ann)}, ${s3(hi === null ? null : hi * ann)}] annualised — ${why}.`,
  };
}

/** Recommendation per tier by the plan's rule, in words. */
export interface Recommendation {
  tiers: Partial<Record<Tier, boolean>>;
  statements: string[];
}

/**
 * recommend(sets, pairs, config) – tiers added by a step are recommended on only when that step shows lift;
 * tiers of the first set are the baseline (kept); derivatives (tier 3) stays off unless a step adding it
 * shows lift; tiers no step tested are left as the config has them. Feature names (not tiers) get a statement only.
 */
export function recommend(sets: string[], pairs: PairComparison[], config: ExperimentConfig): Recommendation {
  const tiers: Partial<Record<Tier, boolean>> = {};
  const statements: string[] = [];
  const first = new Set(tokens(sets[0]));
  for (const t of TIERS) if (first.has(t)) statements.push(`${t}: in the first set (${sets[0]}), the baseline of the ablation — kept on.`);
  for (const t of TIERS) if (first.has(t)) tiers[t] = true;
  for (const p of pairs) {
    for (const tok of p.added) {
      if (!(TIERS as readonly string[]).includes(tok)) { statements.push(`${tok}: a feature, not a tier — ${p.showsLift ? 'shows lift' : 'no significant lift'}; switch it in the config by hand.`); continue; }
      const t = tok as Tier;
      if (tiers[t] === true && !p.showsLift) continue; // an earlier step already showed lift
      tiers[t] = p.showsLift;
      statements.push(`${t}${t === 'derivatives' ? ' (tier 3)' : ''}: ${p.showsLift ? 'shows significant lift' : 'no significant lift'} over ${p.from} → recommended ${p.showsLift ? 'ON' : 'OFF'}.`);
    }
  }
  if (tiers.derivatives === undefined) {
    tiers.derivatives = false;
    statements.push(`derivatives (tier 3): not ablated here — stays off unless an ablation shows lift${config.features.derivatives.enabled ? ' (the config has it on: recommended OFF)' : ''}.`);
  }
  for (const t of TIERS) if (tiers[t] === undefined) statements.push(`${t}: not ablated here — left as the config has it (${config.features[t].enabled ? 'on' : 'off'}).`);
  return { tiers, statements };
}

/** The config with each recommended tier switched; null when nothing changes. */
export function applyRecommendation(config: ExperimentConfig, rec: Recommendation): { config: ExperimentConfig; changes: string[] } {
  const features = JSON.parse(JSON.stringify(config.features)) as ExperimentConfig['features'];
  const changes: string[] = [];
  for (const t of TIERS) {
    const on = rec.tiers[t];
    if (on === undefined || features[t].enabled === on) continue;
    changes.push(`features.${t}.enabled: ${features[t].enabled} → ${on}`);
    features[t].enabled = on;
  }
  if (enabledFeatureNames(features).length === 0) throw new UserInputError('--apply', 'a recommendation that keeps at least one feature on', 'every tier off');
  const r = validateConfig({ ...config, features });
  if (!r.ok) throw new UserInputError('--apply', r.issues[0].text);
  return { config: r.config, changes };
}

/** The config of one set: its features, no ablation/HPO variants of its own. */
function setConfig(config: ExperimentConfig, set: string): ExperimentConfig {
  const features = featureSetConfig(set, config.features, '--sets');
  return { ...config, name: `${config.name} [${set}]`, features, hpo: { ...config.hpo, enabled: false, ablation: { ...config.hpo.ablation, enabled: false } } };
}

/** Each set through runExperiment: one after the other here, all at once on the cluster (--redis); the results are in set order either way. */
async function runSets(ctx: CliContext, config: ExperimentConfig, sets: string[], runner: ExperimentRunner): Promise<SetResult[]> {
  const configs = sets.map((s) => setConfig(config, s));
  for (const c of configs) if (c.data.source === 'synthetic') checkDataRequirements(c, syntheticAvailableData(c));
  const inputs = await loadRunInputs(config, ctx.dataDir);
  if (inputs) for (const c of configs) checkDataRequirements(c, storeAvailability(inputs.loaded, c.data.symbols));
  const bar = ctx.progress('ablate', 100 * sets.length);
  const percent = sets.map(() => 0);
  const runSet = async (k: number): Promise<SetResult> => {
    if (!ctx.json && !process.stderr.isTTY) ctx.log(`set ${k + 1}/${sets.length}: ${sets[k]}…`);
    const { report, tables } = await runner.runExperiment(configs[k], inputs, {
      now: () => performance.timeOrigin + performance.now(), runId: `ablate-${k + 1}`, models: mlModelFactories(),
      yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
      onProgress: (e) => { percent[k] = e.percent; bar.update(percent.reduce((a, b) => a + b, 0)); },
    });
    const eq = tables.equity;
    return { set: sets[k], features: enabledFeatureNames(configs[k].features), returns: oosReturns(eq.ts as Float64Array, eq.equity as Float64Array, report.headline.oosStart ?? null), report };
  };
  const out: SetResult[] = [];
  if (runner.remote) out.push(...await Promise.all(sets.map((_, k) => runSet(k))));
  else for (let k = 0; k < sets.length; k++) out.push(await runSet(k));
  bar.finish();
  return out;
}

export const ablateFeaturesCommand: Command = {
  name: 'ablate:features',
  summary: 'feature-tier ablation: each set through the same protocol, paired out-of-sample comparison, PBO, the plan\'s keep/drop rule (--apply)',
  usage: 'ablate:features --sets price,price+microstructure [--config PATH] [--seed N] [--resamples N] [--apply] [--json]',
  details: `Each set ("," between sets, "+" between the tiers or features of a set; default hpo.ablation.feature_sets) replaces
the config's features and goes through the whole protocol of \`run\` (runExperiment: walk-forward fits, costs,
sizing), on the same bars. Compared: the per-bar returns of each set's equity over the walk-forward out-of-sample
span. For each consecutive pair: Sharpe difference (per bar and annualised), PSR(0) of the per-bar difference
series, and a stationary block bootstrap (Politis–Romano, mean block ⌈n^⅓⌉, --seed, default the config seed)
percentile CI of that series' Sharpe. A step shows lift when PSR ≥ ${LIFT_PSR}, the CI lies above 0 and the richer
set itself makes money out of sample. PBO: CSCV over the sets' out-of-sample returns (evaluation.cscv_partitions).
The plan's rule: a tier whose ablation shows no significant lift is recommended off; tier 3 (derivatives) stays
off unless it shows lift. --apply writes features.<tier>.enabled into the config file (--config, or
config/training.yml), keeping its comments.
JSON: {"config_hash","sets":[{"set","features","sharpe_per_bar","sharpe_annualized","psr","total_return","max_drawdown",
"trades","oos_auc","verdict","oos_bars"}],"pairs":[{"from","to","added","sharpe_diff_per_bar","sharpe_diff_annualized",
"psr_of_difference","ci":{...},"shows_lift","statement"}],"pbo":{"pbo","prob_oos_loss","partitions","combinations","periods"},
"recommendation":{"tiers","statements","rule"},"applied":{"path","changes"}|null}.`,
  options: {
    sets: { type: 'string', arg: 'LIST', description: 'feature sets, e.g. price,price+microstructure (default hpo.ablation.feature_sets)' },
    apply: { type: 'boolean', description: 'write the recommended tier switches into the config file' },
    seed: { type: 'string', arg: 'N', description: 'bootstrap seed (default the config seed)' },
    resamples: { type: 'string', arg: 'N', description: 'bootstrap resamples', default: '2000' },
    ...REDIS_OPTIONS,
  },
  async run(ctx): Promise<CommandResult> {
    const { config, hash, path } = ctx.config();
    const sets = parseSets(getString(ctx, 'sets'), config.hpo.ablation.feature_sets);
    for (const s of sets) featureSetConfig(s, config.features, '--sets');
    const seed = getNumber(ctx, 'seed', { integer: true, min: 0 }) ?? config.seed;
    const resamples = getNumber(ctx, 'resamples', { integer: true, min: 100, max: 100000 })!;
    const apply = ctx.values.apply === true;
    if (apply && path === null) throw new UserInputError('--apply', 'expected --config FILE (or config/training.yml) to write the recommendation into', 'no config file');
    const t0 = performance.now();
    // --redis: the sets run on the BullMQ cluster, all at once
    const runner = await experimentRunner(ctx);
    let results: SetResult[];
    try { results = await runSets(ctx, config, sets, runner); } finally { await runner.close(); }
    const ppy = results[0].report.headline.periodsPerYear;
    const ann = Math.sqrt(ppy);
    const pairs = results.slice(1).map((b, i) => comparePair(results[i], b, { periodsPerYear: ppy, seed, resamples }));
    const T = Math.min(...results.map((r) => r.returns.length)), N = results.length;
    const matrix = new Float64Array(T * N);
    for (let t = 0; t < T; t++) for (let j = 0; j < N; j++) matrix[t * N + j] = results[j].returns[t];
    const S = config.evaluation.cscv_partitions;
    const pbo = T >= S ? cscvPbo(matrix, T, N, { partitions: S }) : null;
    const rec = recommend(sets, pairs, config);
    const rule = 'a tier whose ablation shows no significant lift is recommended off; tier 3 (derivatives) stays off unless it shows lift';
    let applied: { path: string; changes: string[] } | null = null;
    if (apply) {
      const next = applyRecommendation(config, rec);
      const text = readFileSync(path!, 'utf8');
      if (next.changes.length) writeFileAtomic(path!, updateConfigYaml(text, next.config));
      applied = { path: path!, changes: next.changes };
    }
    const rows = results.map((r) => {
      const sr = num(sharpeRatio(r.returns));
      const h = r.report.headline;
      return {
        set: r.set, features: r.features, sharpe_per_bar: sr, sharpe_annualized: sr === null ? null : sr * ann, psr: num(probabilisticSharpeRatio(sharpeStats(r.returns), 0)),
        total_return: h.totalReturn, max_drawdown: h.maxDrawdown, trades: h.trades, oos_auc: h.oosAuc, verdict: r.report.verdict.decision, oos_bars: r.returns.length,
      };
    });
    const json = {
      config_hash: hash, config_path: path, seed, sets: rows,
      pairs: pairs.map((p) => ({ from: p.from, to: p.to, added: p.added, sharpe_diff_per_bar: p.sharpeDiff, sharpe_diff_annualized: p.sharpeDiffAnnualized, psr_of_difference: p.psrOfDifference, ci: p.ci, shows_lift: p.showsLift, statement: p.statement })),
      pbo: pbo ? { pbo: num(pbo.pbo), prob_oos_loss: num(pbo.probOosLoss), partitions: pbo.partitions, combinations: pbo.nCombinations, periods: pbo.rowsUsed } : null,
      recommendation: { tiers: rec.tiers, statements: rec.statements, rule },
      applied, duration_ms: Math.round(performance.now() - t0),
    };
    const w = Math.max(8, ...sets.map((s) => s.length));
    const pct = (x: number | null) => (x === null || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(2)} %`);
    const text = [
      `feature ablation: ${sets.length} sets through the same protocol (config ${hash.slice(0, 12)}${path ? `, ${path}` : ', defaults'}); out of sample: ${rows[0].oos_bars} bars`,
      `  ${'set'.padEnd(w)}  ${'features'.padStart(8)}  ${'SR ann.'.padStart(8)}  ${'PSR'.padStart(6)}  ${'return'.padStart(9)}  ${'max DD'.padStart(8)}  ${'trades'.padStart(6)}  ${'AUC'.padStart(6)}  verdict`,
      ...rows.map((r) => `  ${r.set.padEnd(w)}  ${String(r.features.length).padStart(8)}  ${s3(r.sharpe_annualized).padStart(8)}  ${f3(r.psr).padStart(6)}  ${pct(r.total_return).padStart(9)}  ${pct(r.max_drawdown).padStart(8)}  ${String(r.trades).padStart(6)}  ${f3(r.oos_auc).padStart(6)}  ${r.verdict}`),
      '',
      'paired comparison (per-bar out-of-sample returns, to − from):',
      ...pairs.map((p) => `  ${p.statement}`),
      '',
      pbo ? `PBO over the ${N} sets (CSCV, ${pbo.partitions} partitions, ${pbo.nCombinations} combinations): ${pct(num(pbo.pbo))}${N === 2 ? ' (two sets: a coarse check)' : ''}` : `PBO: not computed (${T} out-of-sample bars < ${S} partitions)`,
      '',
      `the plan's rule: ${rule}.`,
      ...rec.statements.map((s) => `  ${s}`),
      applied ? (applied.changes.length ? `applied to ${applied.path}: ${applied.changes.join('; ')}` : `applied to ${applied.path}: nothing to change`) : '(--apply writes the recommendation into the config file)',
    ].join('\n');
    return { json, text };
  },
};

