/**
 * `skippy-train run --config PATH [--json] [--out DIR] [--store [--home DIR]]` – one experiment in
 * process through the same pipeline the server runs (runExperiment), with progress on stderr.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { isUserInputError, UserInputError } from '@skippy/core';
import { configToYaml } from '@skippy/core/config';
import type { ExperimentConfig } from '@skippy/core/config';
import { isRunCancelledError, dataRequirementIssues, syntheticAvailableData } from '@skippy/core/pipeline';
import type { AvailableData } from '@skippy/core/pipeline';
import type { ArtifactColumns, PipelineInputs } from '@skippy/core/pipeline';
import type { RunReport } from '@skippy/core/reports';
import { verdictMetrics } from '@skippy/core/reports';
import { mlModelFactories } from '@skippy/ml';
import { gbdtThreadedFactory } from '@skippy/io/gbdt';
import { loadRunInputs, runArtifactDir, writeRunReport, writeRunTables } from '@skippy/io/artifacts';
import { openDatabase } from '@skippy/io/db';
import { writeFrozenArtifact } from '@skippy/io/paper';
import type { CliContext, Command, CommandResult } from '../framework.ts';
import { getString } from '../args.ts';
import { REDIS_OPTIONS, experimentRunner } from '../remote.ts';
import { workbenchHome } from '../framework.ts';
import { clockText, etaMeter } from '../eta.ts';

const pct = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : `${(x * 100).toFixed(d)} %`);
const fix = (x: number | null | undefined, d = 2) => (x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d));
const iso = (ms: number | null | undefined) => (ms === null || ms === undefined || !Number.isFinite(ms) ? 'n/a' : new Date(ms).toISOString().replace(/:00\.000Z$/, 'Z').replace('T', ' '));

type Loaded = NonNullable<Awaited<ReturnType<typeof loadRunInputs>>>['loaded'];

/** What a store run's loaded inputs hold, in core's AvailableData shape (as io's loadedAvailability). */
export function storeAvailability(loaded: Loaded, symbols: string[]): AvailableData {
  const present = (symbol: string, series: string) => loaded.some((l) => l.symbol === symbol && l.series === series && l.present);
  return {
    source: 'store',
    series: Object.fromEntries(symbols.map((s) => [s, { funding: present(s, 'funding'), book: present(s, 'book'), bookEvents: present(s, 'book_events'), openInterest: present(s, 'open_interest') }])),
    sentiment: present('*', 'sentiment'),
  };
}

/**
 * Refuses, before any work, a config whose feature tiers need series the source lacks: one line naming
 * the config path and the missing series (the first issue; further ones are counted).
 */
export function checkDataRequirements(config: ExperimentConfig, available: AvailableData): void {
  const issues = dataRequirementIssues(config, available);
  if (issues.length === 0) return;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).map((i) => i.field).join(', ')})` : '';
  throw new UserInputError(issues[0].field, `${issues[0].message}${more}`);
}

/** The protocol facts the summary shows: the out-of-sample span and the flat warm-up. */
function protocolJson(report: RunReport) {
  const p = report.protocol;
  return {
    equity: p?.equity ?? null, window: p?.window ?? null, windows: p?.windows.length ?? null,
    oos_start: report.headline.oosStart ?? null, oos_bars: report.headline.oosBars ?? null, flat_bars: p?.flatBars ?? null,
    embargo_bars: p?.embargoBars ?? null, sizing: p?.sizing ?? null, calibration: p?.calibration ?? null, scoring: p?.scoring ?? null,
  };
}

const baselineJson = (report: RunReport) => (report.baselines ?? []).map((b) => ({ name: b.name, label: b.label, sharpe: b.sharpe, max_drawdown: b.maxDrawdown, total_return: b.totalReturn, trades: b.trades }));

/** The --json object: headline, verdict, stage timings, where artifacts went. */
export function summaryJson(report: RunReport, wall: number, firstEquityMs: number | null, outDir: string | null) {
  return {
    run_id: report.runId, name: report.name, config_hash: report.configHash, seed: report.seed,
    verdict: report.verdict.decision, verdict_summary: report.verdict.summary ?? null,
    gates: {
      failed: report.verdict.failed ?? report.verdict.reasons.filter((r) => r.passed === false).map((r) => r.check),
      passed: report.verdict.reasons.filter((r) => r.passed === true).map((r) => r.check),
      not_computable: report.verdict.reasons.filter((r) => r.passed === null).map((r) => r.check),
    },
    reasons: report.verdict.reasons.map((r) => ({ check: r.check, passed: r.passed, value: r.value, message: r.message })),
    headline: report.headline,
    protocol: protocolJson(report),
    baselines: baselineJson(report),
    warnings: report.warnings,
    stages: report.stages.map((s) => ({ stage: s.stage, status: s.status, ms: Math.round(s.ms), ...(s.note ? { note: s.note } : {}) })),
    duration_ms: Math.round(wall), first_equity_ms: firstEquityMs === null ? null : Math.round(firstEquityMs),
    folds: report.folds?.folds.map((f) => ({ index: f.index, train: f.trainSize, test: f.testSize, purged: f.purged, embargoed: f.embargoed, accuracy: f.accuracy, auc: f.auc })) ?? [],
    pbo: report.overfitting?.pbo ?? null, dsr: report.headline.dsr, psr: report.headline.psr,
    n_trials: report.overfitting?.nTrials ?? null, family: report.overfitting?.family ?? null,
    variants: report.variants ? {
      explored: report.variants.explored, note: report.variants.note,
      rows: report.variants.rows.map((r) => ({
        id: r.id, name: r.name, kind: r.kind, differs: r.differs, features: r.features, samples: r.samples, oos_accuracy: r.oosAccuracy, auc: r.oosAuc,
        sharpe_per_bar: r.sharpe, sharpe_annualized: r.sharpeAnnualized, trades: r.trades, base: r.isBase, best: r.isBest,
      })),
      lift: report.variants.lift.map((l) => ({ from: l.from, to: l.to, added: l.added, sharpe_diff_per_bar: l.sharpeDiff, sharpe_diff_annualized: l.sharpeDiffAnnualized, psr_of_difference: l.psrOfDifference, statement: l.statement })),
    } : null,
    out: outDir, artifacts: report.artifacts.map((a) => a.file),
  };
}

export function summaryText(report: RunReport, wall: number, outDir: string | null): string {
  const h = report.headline;
  const failed = report.verdict.failed ?? report.verdict.reasons.filter((r) => r.passed === false).map((r) => r.check);
  const p = report.protocol;
  const lines = [
    `${report.name} (${report.runId}) – ${report.verdict.decision.toUpperCase()}   config ${report.configHash.slice(0, 12)}, seed ${report.seed}`,
    ...(report.verdict.summary ? [`  ${report.verdict.summary}`] : []),
    `  failed gates: ${failed.length ? failed.join(', ') : 'none'}`,
    ...report.verdict.reasons.map((r) => `  ${r.passed === true ? 'ok ' : r.passed === false ? 'NO ' : ' ? '} ${r.message}`),
    '',
    `out of sample: from ${iso(h.oosStart)}, ${h.oosBars ?? 'n/a'} bars${p ? ` (${p.window} walk-forward, ${p.windows.length} windows; flat for the first ${p.flatBars} bars, before the first fit)` : ''}`,
    `return ${pct(h.totalReturn)}  Sharpe ${fix(h.sharpe)}  Sortino ${fix(h.sortino)}  max DD ${pct(h.maxDrawdown)}  trades ${h.trades}  win ${pct(h.winRate, 1)}`,
    `fees ${fix(h.fees)}  slippage ${fix(h.slippage)}  funding ${fix(h.funding)}  halts ${h.halts}  OOS accuracy ${pct(h.oosAccuracy, 1)}  AUC ${fix(h.oosAuc, 3)}`,
    `PSR ${fix(h.psr, 3)}  DSR ${fix(h.dsr, 3)}  PBO ${pct(h.pbo, 1)}${report.overfitting ? ` (${report.overfitting.family}, ${report.overfitting.combinations} combinations)` : ''}`,
    ...baselineLines(report),
    ...variantLines(report),
    ...(report.warnings.length ? ['', 'warnings:', ...report.warnings.map((w) => `  ! ${w}`)] : []),
    '',
    `stages: ${report.stages.map((s) => `${s.stage} ${s.status === 'done' ? `${Math.round(s.ms)} ms` : s.status}`).join(', ')}`,
    `total ${(wall / 1000).toFixed(2)} s${outDir ? `; artifacts in ${outDir}` : ''}`,
  ];
  return lines.join('\n');
}

/** The strategy beside the three baselines on the same out-of-sample bars. */
function baselineLines(report: RunReport): string[] {
  const b = report.baselines ?? [];
  if (b.length === 0) return [];
  const h = report.headline;
  const rows = [{ label: 'Strategy', sharpe: h.sharpe, maxDrawdown: h.maxDrawdown, totalReturn: h.totalReturn, trades: h.trades }, ...b];
  const w = Math.max(8, ...rows.map((r) => r.label.length));
  return [
    '',
    `  ${'baseline'.padEnd(w)}  ${'Sharpe'.padStart(7)}  ${'max DD'.padStart(8)}  ${'return'.padStart(9)}  ${'trades'.padStart(6)}`,
    ...rows.map((r) => `  ${r.label.padEnd(w)}  ${fix(r.sharpe).padStart(7)}  ${pct(r.maxDrawdown).padStart(8)}  ${pct(r.totalReturn).padStart(9)}  ${String(r.trades).padStart(6)}`),
  ];
}

/** The variants table (ablation / HPO) and the ablation lift statements, when the run explored any. */
function variantLines(report: RunReport): string[] {
  const v = report.variants;
  if (!v) return [];
  const w = Math.max(7, ...v.rows.map((r) => r.name.length));
  return [
    '',
    `variants: ${v.explored}`,
    `  ${'variant'.padEnd(w)}  ${'accuracy'.padStart(8)}  ${'AUC'.padStart(6)}  ${'SR/bar'.padStart(8)}  ${'SR ann.'.padStart(8)}  ${'trades'.padStart(6)}`,
    ...v.rows.map((r) => `  ${r.name.padEnd(w)}  ${pct(r.oosAccuracy, 1).padStart(8)}  ${fix(r.oosAuc, 3).padStart(6)}  ${fix(r.sharpe, 4).padStart(8)}  ${fix(r.sharpeAnnualized, 2).padStart(8)}  ${String(r.trades).padStart(6)}${r.isBase ? '  base' : ''}${r.isBest ? '  best' : ''}`),
    ...v.lift.map((l) => `  lift ${l.statement}`),
    `  ${v.note}`,
  ];
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a whole experiment (data → QC → features → labels → CV → backtest → PBO/DSR) and print the report summary',
  usage: 'run [--config PATH] [--json] [--out DIR] [--no-store] [--home DIR] [--redis URL [--listen HOST[:PORT]]]',
  details: `The same pipeline the server runs, in this process. Progress goes to stderr.
--out DIR writes report.json and the Parquet tables (equity, trades, predictions) to DIR.
The run is stored in the workbench database (<home>/skippy.db, artifacts in <home>/runs/<id>) so the web app
lists it and \`report:summary --latest\` finds it; --no-store opts out. --home defaults to $SKIPPY_HOME or .skippy
(the server's home).
A config whose feature tiers need data the source lacks (e.g. the derivatives tier with data.sources.funding off)
is refused before the run: one line naming the config path and the missing series, exit 2.
JSON: {"run_id","name","config_hash","seed","verdict","verdict_summary","gates":{"failed","passed"},"reasons","headline",
"protocol":{"equity","window","windows","oos_start","oos_bars","flat_bars","embargo_bars","sizing","calibration","scoring"},
"baselines":[{"name","label","sharpe","max_drawdown","total_return","trades"}],"warnings","stages","duration_ms",
"first_equity_ms","folds","pbo","dsr","psr","n_trials","family","variants","out","artifacts"}; variants (null unless hpo.ablation or hpo is
enabled): {"explored","note","rows":[{"id","name","kind","differs","features","samples","oos_accuracy","auc",
"sharpe_per_bar","sharpe_annualized","trades","base","best"}],"lift":[{"from","to","added","sharpe_diff_per_bar",
"sharpe_diff_annualized","psr_of_difference","statement"}]}. Example: --config config/examples/ablation.yml`,
  options: {
    out: { type: 'string', arg: 'DIR', description: 'write report.json + Parquet artifacts here' },
    store: { type: 'boolean', description: 'record the run in the workbench database (the default; shown in the web app)' },
    'no-store': { type: 'boolean', description: 'do not record the run in the workbench database' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder the run is stored in (default $SKIPPY_HOME or .skippy)' },
    ...REDIS_OPTIONS,
  },
  run(ctx) {
    const { config, hash } = ctx.config();
    return executeRun(ctx, config, hash);
  },
};

export interface ExecuteRunOptions {
  /** Called with the run's tables (equity, trades, predictions) before the summary is printed. */
  afterRun?: (tables: Record<string, ArtifactColumns>, report: RunReport, inputs: PipelineInputs | null) => void | Promise<void>;
}

/**
 * executeRun(ctx, config, hash, options) – the body of `run` for a validated config (progress, --out,
 * --store, SIGINT, summary); `supervised` calls it with the model kind it sets.
 */
export async function executeRun(ctx: CliContext, config: ExperimentConfig, hash: string, options: ExecuteRunOptions = {}): Promise<CommandResult> {
  // --redis: the run goes to the BullMQ cluster (same arguments, same report and tables); otherwise core's runExperiment here
  const runner = await experimentRunner(ctx);
  const runExperiment = runner.runExperiment;
  const runId = `r${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // stored by default (the browser lists it, report:summary --latest finds it); --no-store opts out
  if (ctx.values.store === true && ctx.values['no-store'] === true) throw new UserInputError('--no-store', 'either --store or --no-store, not both', '--store --no-store');
  const store = ctx.values['no-store'] !== true;
  const home = workbenchHome(getString(ctx, 'home'));
  const outFlag = getString(ctx, 'out');
  const outDir = outFlag ? resolve(outFlag) : store ? runArtifactDir(join(home, 'runs'), runId) : null;
  const db = store ? openDatabase(join(home, 'skippy.db')) : null;
  const started = Date.now();
  if (db) {
    db.putConfig(hash, configToYaml(config), started);
    db.insertRun({ id: runId, name: config.name, status: 'running', createdAt: started, startedAt: started, finishedAt: null, configHash: hash, error: null, rerunOf: null });
  }
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const t0 = performance.now();
  let firstEquity: number | null = null;
  const bar = ctx.progress('run', 100);
  const eta = etaMeter();
  let lastStage = '';
  try {
    // a feature tier whose data the source lacks is refused before the run (synthetic: before any load)
    if (config.data.source === 'synthetic') checkDataRequirements(config, syntheticAvailableData(config));
    const inputs = await loadRunInputs(config, ctx.dataDir);
    if (inputs) checkDataRequirements(config, storeAvailability(inputs.loaded, config.data.symbols));
    const { report, tables, frozen } = await runExperiment(config, inputs, {
      now: () => performance.timeOrigin + performance.now(), runId, signal: controller.signal, models: [...mlModelFactories(), gbdtThreadedFactory()],
      yieldToHost: () => new Promise<void>((r) => setImmediate(r)),
      onProgress: (e) => {
        if (e.partial?.equityPoints && firstEquity === null) firstEquity = performance.now() - t0;
        if (e.stage !== lastStage && !process.stderr.isTTY && !ctx.json) ctx.log(`${e.stage}…`);
        lastStage = e.stage;
        const left = eta(e.percent, 100).etaS; // extrapolated from the percent so far (stages are weighted, not timed: a rough guide)
        bar.update(e.percent, `${e.message ? `${e.stage}: ${e.message}` : e.stage}${e.percent >= 2 && Number.isFinite(left) ? ` ETA ~${clockText(left)}` : ''}`);
      },
    });
    bar.finish();
    const wall = performance.now() - t0;
    if (outDir) {
      report.artifacts = writeRunTables(outDir, tables);
      writeRunReport(outDir, report);
      if (frozen) writeFrozenArtifact(outDir, frozen); // what `paper start --run` trades
    }
    if (options.afterRun) await options.afterRun(tables, report, inputs);
    if (db) {
      const metrics: Record<string, number | null> = { duration_ms: report.durationMs };
      for (const [k, v] of Object.entries(report.headline)) if (typeof v === 'number' || v === null) metrics[k] = v;
      Object.assign(metrics, verdictMetrics(report.verdict));
      db.putMetrics(runId, metrics);
      db.updateRun(runId, { status: 'done', finishedAt: Date.now() });
      db.addEvent(runId, { ts: Date.now(), kind: 'status', stage: null, message: `done (CLI): ${report.verdict.decision}`, data: { status: 'done' } });
    }
    return { json: summaryJson(report, wall, firstEquity, outDir), text: summaryText(report, wall, outDir) };
  } catch (e) {
    bar.finish();
    if (db) {
      const status = isRunCancelledError(e) ? 'cancelled' : 'failed';
      db.updateRun(runId, { status, finishedAt: Date.now(), error: e instanceof Error ? e.message : String(e) });
    }
    if (isRunCancelledError(e) && !isUserInputError(e)) throw new Error('interrupted (SIGINT)', { cause: e });
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    db?.close();
    await runner.close();
  }
}
