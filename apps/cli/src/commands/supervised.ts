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
import { buildSamples, featuresOf, fitInputs, labelsOf, loadData, scoringSplits, BAR_INTERVAL_MS } from '@skippy/core/pipeline';
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

/** The run's supervised set, rebuilt with the same core pieces runExperiment uses (loadData, featuresOf, labelsOf, buildSamples). */
export function rebuildSamples(config: ExperimentConfig, loaded: PipelineInputs | null): { samples: SampleSet; bars: PipelineInputs['bars'] } {
  const d = config.data, symbols = d.symbols;
  const maxGapMs = d.max_gap_bars * BAR_INTERVAL_MS[d.bar_interval];
  const data = loadData(config, loaded);
  const features = symbols.map((s) => featuresOf(config, data, s, maxGapMs));
  const labels = symbols.map((s) => labelsOf(config, data.bars[s], maxGapMs).find((l) => l.horizon === config.evaluation.horizon)!);
  return { samples: buildSamples(symbols, features, labels), bars: data.bars };
}

const csvCell = (v: number | string) => (typeof v === 'string' ? (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v) : Number.isFinite(v) ? String(v) : '');

/** exportDataset(dir, config, predictions, loaded) – dataset.csv, dataset.parquet and dataset.json in dir; returns the columns. */
export function exportDataset(dir: string, config: ExperimentConfig, hash: string, predictions: ArtifactColumns, loaded: PipelineInputs | null): { rows: number; columns: string[] } {
  const { samples, bars } = rebuildSamples(config, loaded);
  const t0 = predictions.t0 as Float64Array, sym = predictions.symbol as string[];
  if (t0.length !== samples.n || samples.t0.some((t, i) => t !== t0[i] || samples.symbols[samples.symbol[i]] !== sym[i])) {
    throw new Error(`export-dataset: the rebuilt sample set (${samples.n} rows) differs from the run's (${t0.length} rows)`);
  }
  // the weights every fit starts from (core's fitInputs: AFML ch. 4 average uniqueness, or 1)
  const weight = fitInputs(samples, bars, config).weights ?? new Float64Array(samples.n).fill(1);
  const cols: Record<string, Float64Array | Int32Array | Int8Array | string[]> = {
    sample: Int32Array.from({ length: samples.n }, (_, i) => i),
    t0: samples.t0, t1: samples.t1,
    t0_iso: Array.from(samples.t0, (t) => new Date(t).toISOString()), t1_iso: Array.from(samples.t1, (t) => new Date(t).toISOString()),
    symbol: Array.from(samples.symbol, (s) => samples.symbols[s]),
  };
  for (let j = 0; j < samples.p; j++) cols[samples.names[j]] = Float64Array.from({ length: samples.n }, (_, i) => samples.X[i * samples.p + j]);
  Object.assign(cols, { y: Int8Array.from(samples.y), ret: samples.ret, weight, wf_window: predictions.fold as Int32Array, cv_fold: scoringSplits(samples, config).owner });
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
  usage: 'supervised --model logistic|gbdt|mlp|tcn [--config PATH] [--json] [--export-dataset DIR] [--out DIR] [--no-store] [--home DIR]',
  details: `Sets models.primary.kind on the config (keeping the file's settings when it already has that kind, else the
kind's defaults) and runs the same pipeline as \`run\`, with the same output (text or --json).
--export-dataset DIR writes dataset.csv, dataset.parquet and dataset.json: sample, t0, t1 (ms UTC), t0_iso, t1_iso,
symbol, one column per feature, y, ret, weight, wf_window (walk-forward window, −1 before the first fit) and
cv_fold (the scoring fold). An unknown model kind is one line on stderr, exit 2.
Time: the protocol fits the model 5 times for the Folds table (purged k-fold scoring, diagnostics only) and twice per
walk-forward window (model + calibration head, 6 windows), then scores every test, training and permuted window. The tcn
defaults (window 32, 16 channels, 3 blocks, batch 64, up to 20 epochs, each epoch ⌈ū·n⌉ rows drawn ∝ sample weight, ū the
labels' mean average uniqueness ≈ 0.08: models.primary.epoch_samples) make \`supervised --model tcn\` a few minutes on the
default config (see the README tour for the measured time); the 64 × 32 × 4 bench architecture over every row every epoch
took over an hour. epoch_samples: all trains on every row. On a terminal the bar shows the stage and a rough ETA.`,
  options: {
    model: { type: 'string', arg: 'KIND', description: 'logistic | gbdt | mlp | tcn' },
    'export-dataset': { type: 'string', arg: 'DIR', description: 'write the supervised set (CSV + Parquet) here' },
    out: { type: 'string', arg: 'DIR', description: 'write report.json + Parquet artifacts here' },
    store: { type: 'boolean', description: 'record the run in the workbench database (the default; shown in the web app)' },
    'no-store': { type: 'boolean', description: 'do not record the run in the workbench database' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder the run is stored in (default $SKIPPY_HOME or .skippy)' },
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
