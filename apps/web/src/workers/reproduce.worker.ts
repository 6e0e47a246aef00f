/// <reference lib="webworker" />
/**
 * The "Reproduce in this browser" Web Worker: re-runs a finished run's stored config through the same
 * pipeline the server's run worker uses — @skippy/core's runExperiment with `models: mlModelFactories()`
 * (logistic/gbdt from core, mlp/tcn from @skippy/ml) and, for a synthetic config, no inputs (core generates
 * the synthetic market from the config exactly as the server does) — then reads the server's
 * predictions.parquet and compares it row by row. Only this worker imports @skippy/ml (TensorFlow.js), and
 * only when the config fits an mlp/tcn model, so neither the page nor other runs load it.
 * The wasm backend's binaries are Vite assets (`?url`); if they cannot load, tfjs falls back to cpu and the
 * result says so. Cancel = the page terminates this worker.
 */
import * as Comlink from 'comlink';
import { parquetRead } from 'hyparquet';
import type { ExperimentConfig } from '@skippy/core/config';
import type { ModelFactory } from '@skippy/core/models';
import { runExperiment, usesHostModels } from '@skippy/core/pipeline';
import type { HeadlineMetrics, RunProgress } from '@skippy/core/reports';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
// tfjs wants an entry for every binary; the threaded one loads only in a cross-origin-isolated page (SharedArrayBuffer), which this app is not
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { comparePredictions, type PredictionsDiff } from '../reproduce/compare.ts';

export interface ReproduceRequest {
  runId: string;
  name: string;
  config: ExperimentConfig;
  /** The server's predictions table (GET /artifacts/<run>/predictions.parquet), or null when the run has none. */
  predictionsUrl: string | null;
}

/** What the page is told while the run goes: stage and percent, and a training point per epoch / iteration. */
export interface ReproduceProgress {
  stage: RunProgress['stage'];
  percent: number;
  message: string | null;
  training?: NonNullable<NonNullable<RunProgress['partial']>['training']>;
}

/** Which TensorFlow.js backend fitted the models: none (core's own kinds only), wasm, or cpu after wasm failed to load. */
export type ReproduceBackend = { kind: 'none' } | { kind: 'wasm' } | { kind: 'cpu'; reason: string };

export interface ReproduceResult {
  headline: HeadlineMetrics;
  predictions: PredictionsDiff | null;
  backend: ReproduceBackend;
  /** Wall-clock ms of runExperiment in this worker. */
  ms: number;
}

async function serverPredictions(url: string): Promise<Float64Array> {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the server's predictions table (${url}) answered ${res.status}`);
  const file = await res.arrayBuffer();
  let prob: Float64Array | null = null;
  await parquetRead({
    file,
    columns: ['prob'],
    onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
      if (columnName !== 'prob') return;
      if (!prob || prob.length < rowEnd) { const grown = new Float64Array(rowEnd).fill(Number.NaN); if (prob) grown.set(prob); prob = grown; }
      for (let i = 0; i < columnData.length; i++) { const v: unknown = columnData[i]; prob[rowStart + i] = typeof v === 'number' ? v : Number.NaN; }
    },
  });
  return prob ?? new Float64Array(0);
}

async function loadModels(config: ExperimentConfig): Promise<{ models: ModelFactory[] | undefined; backend: ReproduceBackend }> {
  if (!usesHostModels(config)) return { models: undefined, backend: { kind: 'none' } };
  const ml = await import('@skippy/ml');
  const used = await ml.setMlBackend('wasm', {
    wasmPaths: { 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': wasmSimdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl },
  });
  const backend: ReproduceBackend = used === 'wasm' ? { kind: 'wasm' } : { kind: 'cpu', reason: 'the wasm binary did not load in this browser' };
  return { models: ml.mlModelFactories(), backend };
}

const api = {
  /** reproduce(request, onProgress) – the run again, here; its headline and the predictions compared with the server's. */
  async reproduce(req: ReproduceRequest, onProgress: (p: ReproduceProgress) => void): Promise<ReproduceResult> {
    const now = () => performance.timeOrigin + performance.now();
    onProgress({ stage: 'queued', percent: 0, message: usesHostModels(req.config) ? 'loading TensorFlow.js' : null });
    const { models, backend } = await loadModels(req.config);
    let last = { stage: '', percent: -1 };
    const t0 = now();
    const result = await runExperiment(req.config, null, {
      now, runId: req.runId, name: req.name, models,
      onProgress: (e) => {
        const training = e.partial?.training;
        // every stage change and training point; plain percent ticks at most every 0.5 %
        if (!training && e.stage === last.stage && e.percent - last.percent < 0.5) return;
        last = { stage: e.stage, percent: e.percent };
        onProgress({ stage: e.stage, percent: e.percent, message: e.message ?? null, ...(training ? { training } : {}) });
      },
    });
    const ms = now() - t0;
    const prob = result.tables.predictions?.prob;
    const predictions = req.predictionsUrl && prob instanceof Float64Array ? comparePredictions(await serverPredictions(req.predictionsUrl), prob) : null;
    return { headline: result.report.headline, predictions, backend, ms };
  },
};

export type ReproduceWorkerApi = typeof api;
Comlink.expose(api);
