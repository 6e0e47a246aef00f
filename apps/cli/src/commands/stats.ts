import { readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import { MAX_PERIODS_PER_YEAR } from '@skippy/core/config';
import { parseMatrixCsv, returnStatistics, sharpeRatio } from '@skippy/core/eval';
import type { Command } from '../framework.ts';
import { getChoice, getNumber, getString, requireString } from '../args.ts';
import { minTrlText } from '../units.ts';

function readText(path: string, flag: string): string {
  try { return readFileSync(path, 'utf8'); } catch { throw new UserInputError(flag, 'expected a readable file', path); }
}

const fmt = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

export const statsCommand: Command = {
  name: 'stats',
  summary: 'performance statistics that do not flatter: Sharpe, PSR, DSR, MinTRL, bootstrap CI',
  usage: 'stats --input returns.csv [--trials matrix.csv] --periods-per-year N [--benchmark-sharpe 0] [--confidence 0.95] [--bootstrap 2000 --seed 7 --block-method stationary] [--json]',
  details: `Input: CSV of per-period simple returns with a header; the column named return/returns/ret is used, else the
last column (an optional first date/time/ts column is skipped). Non-finite values are skipped.
Conventions: Sharpe = mean / sample std (ddof 1) per period, annualised by √periods_per_year; Sortino uses the
downside deviation over all periods (target 0); equity compounds from 1; max drawdown is relative to the running
peak, its duration counts bars from that peak to recovery (or to the end); Calmar = annualised geometric return /
max drawdown; hit rate = share of positive periods among non-zero periods; skewness and kurtosis use population
moments (kurtosis raw, 3 for a normal), as in Bailey & López de Prado.
PSR(SR*) = Φ[(SR − SR*)·√(T−1)/√(1 − γ₃·SR + (γ₄−1)/4·SR²)] with the per-period SR and SR* (--benchmark-sharpe).
MinTRL = 1 + (1 − γ₃·SR + (γ₄−1)/4·SR²)·(Φ⁻¹(confidence)/(SR − SR*))² periods.
DSR (--trials): a T×N matrix of the N trials' returns (this strategy included); SR₀ = √V·[(1−γ)Φ⁻¹(1−1/N) +
γΦ⁻¹(1−1/(N·e))], V = sample variance of the trials' per-period Sharpes, γ = Euler–Mascheroni; DSR = PSR(SR₀).
Bootstrap: percentile interval of the per-period Sharpe, iid or stationary (Politis–Romano, mean block ⌈n^⅓⌉).
JSON: {"n","sharpe","annualized_sharpe","sortino","annualized_sortino","max_drawdown","max_drawdown_duration_bars","calmar",
"hit_rate","skewness","kurtosis","total_return","annualized_return","annualized_volatility","psr","benchmark_sharpe",
"min_track_record_length" (null when not reachable),"min_track_record_reachable","confidence","dsr"?:{dsr,sr0,n_trials,trial_variance},"sharpe_ci"?:{lower,upper,std,...}}`,
  options: {
    input: { type: 'string', arg: 'PATH', description: 'returns CSV (one column of per-period returns, header required)' },
    trials: { type: 'string', arg: 'PATH', description: 'matrix CSV of all trials\' returns (for the deflated Sharpe)' },
    'periods-per-year': { type: 'string', arg: 'N', description: 'periods per year for annualising (e.g. 252, 365, 525600)' },
    'benchmark-sharpe': { type: 'string', arg: 'SR', description: 'per-period benchmark Sharpe SR* for PSR and MinTRL (default 0)' },
    confidence: { type: 'string', arg: 'P', description: 'confidence of MinTRL and of the bootstrap interval (default 0.95)' },
    bootstrap: { type: 'string', arg: 'B', description: 'bootstrap resamples for the Sharpe interval (0 = none, default 2000)' },
    'block-method': { type: 'string', arg: 'M', description: 'bootstrap method: stationary | iid (default stationary)' },
    block: { type: 'string', arg: 'L', description: 'mean block length of the stationary bootstrap (default ⌈n^⅓⌉)' },
    seed: { type: 'string', arg: 'N', description: 'bootstrap seed (default config models.seed)' },
  },
  run(ctx) {
    const { config } = ctx.config();
    const path = requireString(ctx, 'input', 'a returns CSV path');
    const table = parseMatrixCsv(readText(path, '--input'), path);
    const idx = table.names.findIndex((n) => /^(return|returns|ret)$/i.test(n));
    const returns = table.columns[idx >= 0 ? idx : table.names.length - 1];
    const periodsPerYear = getNumber(ctx, 'periods-per-year', { min: 0, exclusiveMin: true, max: MAX_PERIODS_PER_YEAR }) ?? config.evaluation.periods_per_year;
    if (periodsPerYear === null || periodsPerYear === undefined) throw new UserInputError('--periods-per-year', 'is required: expected a number > 0 (e.g. 252 for daily, 525600 for 1m bars)');
    const confidence = getNumber(ctx, 'confidence', { min: 0, max: 1, exclusiveMin: true }) ?? 0.95;
    if (confidence >= 1) throw new UserInputError('--confidence', 'expected a number in (0, 1)', String(confidence));
    const benchmarkSharpe = getNumber(ctx, 'benchmark-sharpe', { min: -10, max: 10 }) ?? 0;
    const B = getNumber(ctx, 'bootstrap', { min: 0, max: 100_000, integer: true }) ?? 2000;
    const method = getChoice(ctx, 'block-method', ['stationary', 'iid'] as const, 'stationary')!;
    const meanBlock = getNumber(ctx, 'block', { min: 1, max: 1e9 });
    const seed = getNumber(ctx, 'seed', { integer: true }) ?? config.models.seed;
    let trialSharpes: Float64Array | undefined;
    const trialsPath = getString(ctx, 'trials');
    if (trialsPath) {
      const t = parseMatrixCsv(readText(trialsPath, '--trials'), trialsPath);
      trialSharpes = Float64Array.from(t.columns, (c) => sharpeRatio(c));
    }
    const s = returnStatistics(returns, {
      periodsPerYear, benchmarkSharpe, confidence, trialSharpes,
      bootstrap: B > 0 ? { seed, resamples: B, confidence, method, ...(meanBlock ? { meanBlock } : {}) } : undefined,
    });
    const json = {
      n: s.n, mean: s.mean, std: s.std, sharpe: s.sharpe, annualized_sharpe: s.annualizedSharpe, sortino: s.sortino, annualized_sortino: s.annualizedSortino,
      max_drawdown: s.maxDrawdown, max_drawdown_duration_bars: s.maxDrawdownDurationBars, calmar: s.calmar, hit_rate: s.hitRate,
      skewness: s.skewness, kurtosis: s.kurtosis, total_return: s.totalReturn, annualized_return: s.annualizedReturn, annualized_volatility: s.annualizedVolatility,
      periods_per_year: periodsPerYear, psr: s.psr, benchmark_sharpe: s.benchmarkSharpe, min_track_record_length: s.minTrackRecord, min_track_record_reachable: Number.isFinite(s.minTrackRecord), confidence: s.confidence,
      ...(s.deflated ? { dsr: { dsr: s.deflated.dsr, sr0: s.deflated.sr0, n_trials: s.deflated.nTrials, trial_variance: s.deflated.trialVariance } } : {}),
      ...(s.sharpeCi ? { sharpe_ci: { lower: s.sharpeCi.lower, upper: s.sharpeCi.upper, std: s.sharpeCi.std, confidence: s.sharpeCi.confidence, resamples: s.sharpeCi.resamples, method: s.sharpeCi.method, mean_block: s.sharpeCi.meanBlock, seed } } : {}),
    };
    const text = [
      `n ${s.n}  Sharpe ${fmt(s.sharpe)} per period (${fmt(s.annualizedSharpe, 2)} annualised)  Sortino ${fmt(s.sortino)}`,
      `max drawdown ${fmt(100 * s.maxDrawdown, 2)}% over ${s.maxDrawdownDurationBars} bars  Calmar ${fmt(s.calmar, 2)}  hit rate ${fmt(100 * s.hitRate, 1)}%`,
      `skewness ${fmt(s.skewness, 3)}  kurtosis ${fmt(s.kurtosis, 3)}  PSR(${s.benchmarkSharpe}) ${fmt(s.psr)}  MinTRL ${minTrlText(s.minTrackRecord)}`,
      ...(s.deflated ? [`DSR ${fmt(s.deflated.dsr)} (SR₀ ${fmt(s.deflated.sr0)} over ${s.deflated.nTrials} trials)`] : []),
      ...(s.sharpeCi ? [`Sharpe ${100 * s.sharpeCi.confidence}% CI [${fmt(s.sharpeCi.lower)}, ${fmt(s.sharpeCi.upper)}] (${s.sharpeCi.method} bootstrap, ${s.sharpeCi.resamples} resamples)`] : []),
    ].join('\n');
    return { json, text };
  },
};
