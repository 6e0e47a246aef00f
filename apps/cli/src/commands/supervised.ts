/**
 * `skippy-train supervised --model logistic|gbdt|mlp|tcn [--config F] [--json] [--export-dataset DIR]`
 * – the whole protocol (runExperiment, the same output as `run`) with `models.primary.kind` set to the
 * chosen model; `--export-dataset DIR` writes the exact supervised set the run fitted on (features with
 * their names, labels, sample weights, label intervals, symbol, walk-forward window and scoring fold)
 * as CSV and Parquet, so a result can be reproduced in Python or R.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError, validateConfig, configHash } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { purgedKFold, walkForward, combinatorialPurgedCv } from '@skippy/core/eval';
import { computeFeatures } from '@skippy/core/features';
import { cusumEvents, labelsConfigToOptions, sampleUniqueness, tripleBarrierLabels } from '@skippy/core/labels';
import { alignInputs, buildSamples, syntheticInputs, BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import type { ArtifactColumns, PipelineInputs, SampleSet } from '@skippy/core/pipeline';
import { writeTableParquet } from '@skippy/io';
import type { Command } from '../framework.ts';
import { getString } from '../args.ts';
import { executeRun } from './run.ts';

export const MODEL_KINDS = ['logistic', 'gbdt', 'mlp', 'tcn'] as const;

/** The config with `models.primary.kind` = kind (the file's own settings kept when it already has that kind; else the kind's defaults). */
export function withModelKind(config: ExperimentConfig, kind: string): ExperimentConfig {
  if (!(MODEL_KINDS as readonly string[]).includes(kind)) throw new UserInputError('--model', `one of ${MODEL_KINDS.join(' | ')}`, kind);
  if (config.models.primary.kind === kind) return config;
  const r = validateConfig({ ...config, models: { ...config.models, primary: { kind } } });
  if (!r.ok) throw new UserInputError('--model', r.issues[0].text, kind);
  return r.config;
}

/** The run's supervised set, rebuilt from the same exported pipeline pieces runExperiment uses. */
export function rebuildSamples(config: ExperimentConfig, loaded: PipelineInputs | null): SampleSet {
  const d = config.data, symbols = d.symbols;
  const maxGapMs = d.max_gap_bars * BAR_INTERVAL_MS[d.bar_interval];
  const range = { start: d.range.start ? Date.parse(d.range.start) : null, end: d.range.end ? Date.parse(d.range.end) : null };
  const data = alignInputs(loaded ?? syntheticInputs(config), symbols, range);
  const features = symbols.map((s) => computeFeatures({ bars: data.bars[s], snapshots: data.snapshots?.[s], events: data.events?.[s], funding: data.funding?.[s], openInterest: data.openInterest?.[s], sentiment: data.sentiment }, config.features, { maxGapMs }));
  const opts = labelsConfigToOptions(config.labels);
  const labels = symbols.map((s) => {
    const events = config.labels.events.kind === 'cusum' ? cusumEvents(data.bars[s].close, config.labels.events.threshold) : undefined;
    return tripleBarrierLabels(data.bars[s], { ...opts, maxGapMs, ...(events ? { events } : {}) }).find((l) => l.horizon === config.evaluation.horizon)!;
  });
  return buildSamples(symbols, features, labels);
}

/** AFML ch. 4 average uniqueness per sample, per symbol (as core's fitInputs; fitModel rescales it to mean 1 on each fit's rows). */
export function uniquenessWeights(samples: SampleSet, barsPerSymbol: number[]): Float64Array {
  const w = new Float64Array(samples.n);
  for (let s = 0; s < samples.symbols.length; s++) {
    const rows: number[] = [];
    for (let i = 0; i < samples.n; i++) if (samples.symbol[i] === s) rows.push(i);
    const u = sampleUniqueness(Int32Array.from(rows, (i) => samples.t0Idx[i]), Int32Array.from(rows, (i) => samples.t1Idx[i]), barsPerSymbol[s]);
    for (let k = 0; k < rows.length; k++) w[rows[k]] = u[k];
  }
  return w;
}

/** The scoring split whose prediction is each sample's out-of-fold probability (−1: none), as core's crossValidate. */
export function scoringFold(samples: SampleSet, config: ExperimentConfig): Int32Array {
  const ev = config.evaluation, common = { embargoPct: ev.embargo_pct, purgePct: ev.purge_pct };
  const owner = new Int32Array(samples.n).fill(-1);
  if (ev.method === 'cpcv') {
    const cv = combinatorialPurgedCv(samples.t0, samples.t1, { groups: ev.cpcv.groups, testGroups: ev.cpcv.test_groups, ...common });
    for (let g = 0; g < ev.cpcv.groups; g++) for (let i = cv.groupBounds[g]; i < cv.groupBounds[g + 1]; i++) owner[i] = cv.pathSplit[g];
    return owner;
  }
  const splits = ev.method === 'walk_forward'
    ? walkForward(samples.t0, samples.t1, { window: ev.walk_forward.window, nSplits: ev.n_splits, trainPct: ev.walk_forward.train_pct, ...common })
    : purgedKFold(samples.t0, samples.t1, { nSplits: ev.n_splits, ...common });
  for (let s = splits.length - 1; s >= 0; s--) for (const i of splits[s].test) owner[i] = s;
  return owner;
}

const csvCell = (v: number | string) => (typeof v === 'string' ? (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v) : Number.isFinite(v) ? String(v) : '');

/** exportDataset(dir, config, predictions, loaded) – dataset.csv, dataset.parquet and dataset.json in dir; returns the columns. */
export function exportDataset(dir: string, config: ExperimentConfig, hash: string, predictions: ArtifactColumns, loaded: PipelineInputs | null): { rows: number; columns: string[] } {
  const samples = rebuildSamples(config, loaded);
  const t0 = predictions.t0 as Float64Array, sym = predictions.symbol as string[];
  if (t0.length !== samples.n || samples.t0.some((t, i) => t !== t0[i] || samples.symbols[samples.symbol[i]] !== sym[i])) {
    throw new Error(`export-dataset: the rebuilt sample set (${samples.n} rows) differs from the run's (${t0.length} rows)`);
  }
  const d = config.data, range = { start: d.range.start ? Date.parse(d.range.start) : null, end: d.range.end ? Date.parse(d.range.end) : null };
  const bars = alignInputs(loaded ?? syntheticInputs(config), d.symbols, range).bars;
  const weight = config.models.sample_weights === 'uniqueness' ? uniquenessWeights(samples, samples.symbols.map((s) => bars[s].ts.length)) : new Float64Array(samples.n).fill(1);
  const cols: Record<string, Float64Array | Int32Array | Int8Array | string[]> = {
    sample: Int32Array.from({ length: samples.n }, (_, i) => i),
    t0: samples.t0, t1: samples.t1,
    t0_iso: Array.from(samples.t0, (t) => new Date(t).toISOString()), t1_iso: Array.from(samples.t1, (t) => new Date(t).toISOString()),
    symbol: Array.from(samples.symbol, (s) => samples.symbols[s]),
  };
  for (let j = 0; j < samples.p; j++) cols[samples.names[j]] = Float64Array.from({ length: samples.n }, (_, i) => samples.X[i * samples.p + j]);
  Object.assign(cols, { y: Int8Array.from(samples.y), ret: samples.ret, weight, wf_window: predictions.fold as Int32Array, cv_fold: scoringFold(samples, config) });
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(cols);
  const lines = [names.map(csvCell).join(',')];
  for (let i = 0; i < samples.n; i++) lines.push(names.map((k) => csvCell(cols[k][i])).join(','));
  writeFileSync(join(dir, 'dataset.csv'), `${lines.join('\n')}\n`);
  writeTableParquet(join(dir, 'dataset.parquet'), cols, { config_hash: hash, features: samples.names.join(',') });
  writeFileSync(join(dir, 'dataset.json'), `${JSON.stringify({
    config_hash: hash, model: config.models.primary, rows: samples.n, features: samples.names, columns: names,
    meaning: {
      t0: 'decision bar open time (ms UTC); features are known at its close', t1: 'label end (ms UTC); purging uses [t0, t1]',
      y: '1 when the triple-barrier label return > 0', ret: 'label return', weight: `training weight (${config.models.sample_weights}; each fit rescales it to mean 1 on its own rows)`,
      wf_window: 'walk-forward window whose model scored the sample (−1: before the first fit, or a flat window)', cv_fold: `${config.evaluation.method} split whose out-of-fold prediction the Folds table uses (−1: none)`,
    },
  }, null, 2)}\n`);
  return { rows: samples.n, columns: names };
}

export const supervisedCommand: Command = {
  name: 'supervised',
  summary: 'the whole protocol with one model kind (logistic | gbdt | mlp | tcn); --export-dataset writes the exact training set',
  usage: 'supervised --model logistic|gbdt|mlp|tcn [--config PATH] [--json] [--export-dataset DIR] [--out DIR] [--store [--home DIR]]',
  details: `Sets models.primary.kind on the config (keeping the file's settings when it already has that kind, else the
kind's defaults) and runs the same pipeline as \`run\`, with the same output (text or --json).
--export-dataset DIR writes dataset.csv, dataset.parquet and dataset.json: sample, t0, t1 (ms UTC), t0_iso, t1_iso,
symbol, one column per feature, y, ret, weight, wf_window (walk-forward window, −1 before the first fit) and
cv_fold (the scoring fold). An unknown model kind is one line on stderr, exit 2.`,
  options: {
    model: { type: 'string', arg: 'KIND', description: 'logistic | gbdt | mlp | tcn' },
    'export-dataset': { type: 'string', arg: 'DIR', description: 'write the supervised set (CSV + Parquet) here' },
    out: { type: 'string', arg: 'DIR', description: 'write report.json + Parquet artifacts here' },
    store: { type: 'boolean', description: 'record the run in the workbench database (shown in the web app)' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder for --store (default .skippy)' },
  },
  async run(ctx) {
    const kind = getString(ctx, 'model');
    if (kind === undefined) throw new UserInputError('--model', `one of ${MODEL_KINDS.join(' | ')}`, 'nothing');
    const base = ctx.config();
    const config = withModelKind(base.config, kind);
    const hash = config === base.config ? base.hash : configHash(config);
    const exportDir = getString(ctx, 'export-dataset');
    let exported: { dir: string; rows: number; columns: string[] } | null = null;
    const result = await executeRun(ctx, config, hash, exportDir ? {
      afterRun: (tables, _report, loaded) => {
        const dir = resolve(exportDir);
        exported = { dir, ...exportDataset(dir, config, hash, tables.predictions, loaded) };
      },
    } : {});
    const e = exported as { dir: string; rows: number; columns: string[] } | null;
    return {
      ...result,
      json: { ...(result.json as object), model: config.models.primary.kind, dataset: e ? { dir: e.dir, rows: e.rows, columns: e.columns, files: ['dataset.csv', 'dataset.parquet', 'dataset.json'] } : null },
      text: `model: ${config.models.primary.kind}\n${result.text}${e ? `\ndataset: ${e.rows} rows × ${e.columns.length} columns in ${e.dir} (dataset.csv, dataset.parquet, dataset.json)` : ''}`,
    };
  },
};
