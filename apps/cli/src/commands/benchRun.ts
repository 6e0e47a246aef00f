/**
 * `skippy-train bench:run --days 7 --version 1.1 [--config F] [--seeds N] [--json]` – a STRATEGY benchmark:
 * the current config evaluated on the most recent N days of its data (trained on what precedes them), stored
 * as a benchmark version (kind "strategy") with the data snapshot's content hash, the config hash and the code
 * version, and the run-to-run noise over seeds, so a later version can say whether a difference is larger
 * than the noise. Kernel timings (`bench --record`) live in the same table with kind "kernel".
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError, validateConfig, configHash } from '@skippy/core';
import { alignInputs, runExperiment, syntheticInputs, syntheticAvailableData, BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import type { PipelineInputs } from '@skippy/core/pipeline';
import type { BarSeries } from '@skippy/core/data';
import { mlModelFactories } from '@skippy/ml';
import { loadRunInputs } from '@skippy/io/artifacts';
import { openDatabase } from '@skippy/io/db';
import type { StrategyBenchRecord } from '@skippy/io/db';
import type { Command, CommandResult } from '../framework.ts';
import { getNumber, getString } from '../args.ts';
import { checkDataRequirements, storeAvailability } from './run.ts';
import { workbenchHome } from '../framework.ts';

const DAY_MS = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(':00.000Z', 'Z').replace('T', ' ');
const fin = (x: number | null | undefined) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const s2 = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${x.toFixed(2)}`);

/** dataHash(bars, symbols, interval) – SHA-256 over each symbol (in order) of its name, the interval and every ts/OHLCV value (float64 little-endian). */
export function dataHash(bars: Record<string, BarSeries>, symbols: string[], interval: string): string {
  const h = createHash('sha256');
  for (const s of symbols) {
    const b = bars[s];
    h.update(`${s}\n${interval}\n${b.ts.length}\n`);
    for (const col of [b.ts, b.open, b.high, b.low, b.close, b.volume]) h.update(new Uint8Array(Float64Array.from(col).buffer));
  }
  return h.digest('hex');
}

/** The git commit of the checkout this CLI runs from, and whether tracked files differ from it (null without git). */
export function codeVersion(): { commit: string | null; dirty: boolean | null } {
  const cwd = import.meta.dirname;
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    if (!/^[0-9a-f]{40}$/.test(commit)) return { commit: null, dirty: null };
    let dirty: boolean | null = null;
    try { dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10000 }).trim() !== ''; } catch { /* no answer: unknown */ }
    return { commit, dirty };
  } catch {
    return { commit: null, dirty: null };
  }
}

function packageVersion(): string {
  try { return (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version?: string }).version ?? 'unknown'; } catch { return 'unknown'; }
}

/**
 * benchWindow(ts, days) – the config changes that make the walk-forward test windows cover exactly the last
 * `days` of the aligned bars: data.range = [first bar, last bar close) and evaluation.backtest.train_pct =
 * (i₀ + ½) / T, where i₀ is the first bar at or after end − days (≈ 1 − days / total span; the half bar makes
 * ⌊T·train_pct⌋ = i₀ exactly).
 */
export function benchWindow(ts: Float64Array, intervalMs: number, days: number): { start: number; end: number; oosStart: number; firstBar: number; trainPct: number } {
  const T = ts.length;
  if (T < 2) throw new UserInputError('data', 'expected bars to benchmark on', T);
  const start = ts[0], end = ts[T - 1] + intervalMs;
  const span = (end - start) / DAY_MS;
  if (!(days < span)) throw new UserInputError('--days', `expected fewer days than the data's span (${span.toFixed(2)} days, ${iso(start)} → ${iso(end)})`, days);
  const cut = end - days * DAY_MS;
  let i0 = 0;
  while (i0 < T && ts[i0] < cut) i0++;
  if (i0 < 2) throw new UserInputError('--days', 'expected training bars before the benchmark window', days);
  return { start, end, oosStart: ts[i0], firstBar: i0, trainPct: (i0 + 0.5) / T };
}

/** The noise statement: is |Δ Sharpe| beyond 2 × the combined seed std of both versions? */
export function noiseStatement(delta: number | null, stdA: number | null, stdB: number | null, against: string, sameData: boolean): { noise_band: number | null; exceeds_noise: boolean | null; statement: string } {
  const parts = [stdA, stdB].filter((x): x is number => x !== null);
  const band = parts.length ? 2 * Math.sqrt(parts.reduce((a, s) => a + s * s, 0)) : null;
  const data = sameData ? '' : ' (on a different data snapshot: part of the difference is the data)';
  if (delta === null) return { noise_band: band, exceeds_noise: null, statement: `Sharpe vs ${against}: not comparable (a Sharpe is undefined)${data}.` };
  if (band === null) return { noise_band: null, exceeds_noise: null, statement: `Sharpe vs ${against}: ${s2(delta)} annualised; run-to-run noise not measured (run with --seeds N ≥ 2), so it cannot say whether this is more than noise${data}.` };
  const exceeds = Math.abs(delta) > band;
  return { noise_band: band, exceeds_noise: exceeds, statement: `Sharpe vs ${against}: ${s2(delta)} annualised; run-to-run noise band ±${band.toFixed(2)} (2 × the seeds' combined std): ${exceeds ? 'the difference is LARGER than the noise' : 'the difference is within the noise'}${data}.` };
}

const std = (xs: number[]) => {
  if (xs.length < 2) return null;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};

export const benchRunCommand: Command = {
  name: 'bench:run',
  summary: 'strategy benchmark: the config on the most recent N days (trained on what precedes them), stored as a version with data/config/code hashes and seed noise',
  usage: 'bench:run --days N --version LABEL [--config PATH] [--seeds N] [--home DIR] [--json]',
  details: `The current config (data.source synthetic or store) is evaluated on the most recent --days of its data: data.range is
set to the whole span [first bar, last bar close) and evaluation.backtest.train_pct to (i₀ + ½)/T, where i₀ is the first
aligned bar of the last N days (≈ 1 − N days / total span), so the strategy trains on the bars before the window and
the walk-forward out-of-sample windows cover exactly the last N days. Stored in <home>/skippy.db (table bench_versions,
kind "strategy", keyed by kind and version) with: the data snapshot's content hash (SHA-256 of the bars used: symbols,
interval, every ts and OHLCV value), the config hash (as given, and as run), the code version (git commit and whether
tracked files differ, when git is available), the headline, and per seed the Sharpe. --seeds N runs seeds
seed+k / models.seed+k (k = 0..N−1) on the same data to measure the run-to-run noise (std of the annualised Sharpe).
Re-running a version on the same snapshot, config and commit reproduces it exactly and says so. The summary and the
stored record compare the Sharpe with the most recent other strategy version: larger than the noise when
|Δ| > 2·√(σ₁² + σ₂²). Kernel timings (bench --record) are kind "kernel" in the same table.
JSON: {"version","stored","record":{"days","data":{"hash","source","symbols","interval","start","end","bars"},"config_hash",
"run_config_hash","code":{"commit","dirty","package_version"},"window":{"start","end","train_pct","oos_bars"},"metrics","verdict",
"seeds":[{"seed","model_seed","sharpe","total_return","max_drawdown","trades"}],"noise":{"seeds","sharpe_std","sharpe_mean"},
"comparison":{"against","sharpe_delta","noise_band","exceeds_noise","statement"}|null,"reproduced"}}.`,
  options: {
    days: { type: 'string', arg: 'N', description: 'most recent days of data to evaluate on', default: '7' },
    version: { type: 'string', arg: 'LABEL', description: 'benchmark version label (default config bench.version)' },
    seeds: { type: 'string', arg: 'N', description: 'seeds to run for the run-to-run noise', default: '1' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder (default $SKIPPY_HOME or .skippy)' },
  },
  async run(ctx): Promise<CommandResult> {
    const { config, hash } = ctx.config();
    const days = getNumber(ctx, 'days', { min: 0, exclusiveMin: true, max: 3650 })!;
    const seeds = getNumber(ctx, 'seeds', { integer: true, min: 1, max: 50 })!;
    const version = getString(ctx, 'version') ?? config.bench.version;
    if (!/^[\w.+-]{1,64}$/.test(version)) throw new UserInputError('--version', 'expected a label of letters, digits, ".", "_", "+" or "-"', version);
    const d = config.data, intervalMs = BAR_INTERVAL_MS[d.bar_interval];
    if (config.data.source === 'synthetic') checkDataRequirements(config, syntheticAvailableData(config));
    // the snapshot: every bar the config can see (its own range, if any), aligned across symbols
    const range = { start: d.range.start ? Date.parse(d.range.start) : null, end: d.range.end ? Date.parse(d.range.end) : null };
    const loaded = await loadRunInputs(config, ctx.dataDir);
    if (loaded) checkDataRequirements(config, storeAvailability(loaded.loaded, d.symbols));
    const all: PipelineInputs = alignInputs(loaded ?? syntheticInputs(config), d.symbols, range);
    const w = benchWindow(all.bars[d.symbols[0]].ts, intervalMs, days);
    const input: unknown = {
      ...config,
      data: { ...d, range: { start: new Date(w.start).toISOString(), end: new Date(w.end).toISOString() } },
      evaluation: { ...config.evaluation, backtest: { ...config.evaluation.backtest, train_pct: w.trainPct } },
    };
    const v = validateConfig(input);
    if (!v.ok) throw new UserInputError(`bench:run (${v.issues[0].path})`, v.issues[0].message, v.issues[0].value);
    const runConfig = v.config;
    const snapshot = dataHash(all.bars, d.symbols, d.bar_interval);
    const code = { ...codeVersion(), package_version: packageVersion() };
    if (!ctx.json) ctx.log(`bench:run ${version}: ${d.source} data ${snapshot.slice(0, 12)}, ${iso(w.start)} → ${iso(w.end)}; evaluating the last ${days} day(s) from ${iso(w.oosStart)} (train_pct ${w.trainPct.toFixed(6)}), ${seeds} seed(s)`);
    const bar = ctx.progress('bench:run', 100 * seeds);
    const runs: { seed: number; model_seed: number; report: Awaited<ReturnType<typeof runExperiment>>['report'] }[] = [];
    for (let k = 0; k < seeds; k++) {
      const c = k === 0 ? runConfig : { ...runConfig, seed: runConfig.seed + k, models: { ...runConfig.models, seed: runConfig.models.seed + k } };
      const { report } = await runExperiment(c, loaded, {
        now: () => performance.timeOrigin + performance.now(), runId: `bench-${version}-${k}`, models: mlModelFactories(),
        yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
        onProgress: (e) => bar.update(100 * k + e.percent),
      });
      runs.push({ seed: c.seed, model_seed: c.models.seed, report });
    }
    bar.finish();
    const first = runs[0].report, h = first.headline;
    const sharpes = runs.map((r) => fin(r.report.headline.sharpe)).filter((x): x is number => x !== null);
    const sharpeStd = seeds > 1 ? std(sharpes) : null;
    const metrics: Record<string, number | null> = {};
    for (const [k, val] of Object.entries(h)) if (typeof val === 'number' || val === null) metrics[k] = fin(val);
    const record: StrategyBenchRecord = {
      days,
      data: { hash: snapshot, source: d.source, symbols: d.symbols, interval: d.bar_interval, start: w.start, end: w.end, bars: all.bars[d.symbols[0]].ts.length },
      config_hash: hash, run_config_hash: configHash(runConfig), code,
      window: { start: fin(h.oosStart) ?? w.oosStart, end: w.end, train_pct: w.trainPct, oos_bars: h.oosBars ?? 0 },
      metrics, verdict: first.verdict.decision,
      seeds: runs.map((r) => ({ seed: r.seed, model_seed: r.model_seed, sharpe: fin(r.report.headline.sharpe), total_return: fin(r.report.headline.totalReturn), max_drawdown: fin(r.report.headline.maxDrawdown), trades: r.report.headline.trades })),
      noise: { seeds, sharpe_std: sharpeStd, sharpe_mean: sharpes.length ? sharpes.reduce((a, b) => a + b, 0) / sharpes.length : null },
      comparison: null, reproduced: null,
    };
    const dbPath = join(workbenchHome(getString(ctx, 'home')), 'skippy.db');
    const db = openDatabase(dbPath);
    let replacedNote = '';
    try {
      const previous = db.getBenchVersion('strategy', version)?.record ?? null;
      if (previous) {
        const same = previous.data.hash === record.data.hash && previous.run_config_hash === record.run_config_hash && previous.code.commit === record.code.commit && previous.code.commit !== null;
        const samePrefix = previous.seeds.slice(0, record.seeds.length);
        record.reproduced = same ? JSON.stringify(samePrefix) === JSON.stringify(record.seeds.slice(0, samePrefix.length)) : null;
        replacedNote = same
          ? record.reproduced ? `re-run of ${version} on the same data, config and commit: reproduced exactly` : `re-run of ${version} on the same data, config and commit: figures DIFFER from the stored ones`
          : `replaced the stored ${version} (different ${[previous.data.hash !== record.data.hash ? 'data' : '', previous.run_config_hash !== record.run_config_hash ? 'config' : '', previous.code.commit !== record.code.commit ? 'code' : ''].filter(Boolean).join(', ') || 'identity'})`;
      }
      const other = db.listBenchVersions({ kind: 'strategy' }).find((b) => b.version !== version && b.record);
      if (other?.record) {
        const a = fin(other.record.metrics.sharpe), b = fin(h.sharpe);
        const delta = a !== null && b !== null ? b - a : null;
        record.comparison = { against: other.version, sharpe_delta: delta, ...noiseStatement(delta, other.record.noise.sharpe_std, sharpeStd, other.version, other.record.data.hash === record.data.hash) };
      }
      db.putBenchVersion({ kind: 'strategy', version, createdAt: Date.now(), results: [], record });
    } finally {
      db.close();
    }
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(2)} %`);
    const text = [
      `strategy benchmark ${version}: ${first.verdict.decision.toUpperCase()} on the last ${days} day(s) (${iso(record.window.start)} → ${iso(w.end)}, ${record.window.oos_bars} bars out of sample)`,
      `  trained on ${iso(w.start)} → ${iso(record.window.start)} (evaluation.backtest.train_pct ${w.trainPct.toFixed(6)}); ${d.symbols.join(',')} ${d.bar_interval}, ${d.source}`,
      `  Sharpe ${s2(fin(h.sharpe))}  return ${pct(fin(h.totalReturn))}  max DD ${pct(fin(h.maxDrawdown))}  trades ${h.trades}  PSR ${fin(h.psr)?.toFixed(3) ?? 'n/a'}  DSR ${fin(h.dsr)?.toFixed(3) ?? 'n/a'}`,
      seeds > 1 ? `  run-to-run noise over ${seeds} seeds: Sharpe ${record.seeds.map((x) => s2(x.sharpe)).join(', ')} → std ${sharpeStd === null ? 'n/a' : sharpeStd.toFixed(3)}` : '  run-to-run noise: not measured (--seeds N ≥ 2)',
      `  data ${snapshot.slice(0, 16)}… (${record.data.bars} aligned bars)  config ${hash.slice(0, 12)} (as run ${record.run_config_hash.slice(0, 12)})  code ${code.commit ? `${code.commit.slice(0, 12)}${code.dirty ? ' + uncommitted changes' : ''}` : 'unknown (no git)'}`,
      ...(replacedNote ? [`  ${replacedNote}`] : []),
      `  ${record.comparison ? record.comparison.statement : 'no other strategy version stored yet to compare with'}`,
      `stored as strategy benchmark version ${JSON.stringify(version)} in ${dbPath}`,
    ].join('\n');
    return { json: { version, stored: dbPath, record }, text };
  },
};
