/**
 * @skippy/ml: one TCN training epoch over 50k causal windows (64 bars × 20 features; 4 blocks × 32
 * channels, kernel 3, layer norm, dropout 0.1, batch 256, Adam) on the default backend (wasm). The same
 * architecture in PyTorch (CPU) is bench/anchors/torch_tcn.py (--threads N; --pruned computes only the steps
 * the last one depends on, as tcnForward does). Figures: packages/ml/README.md.
 */
import { createRng } from '@skippy/core';
import { experimentSchema } from '@skippy/core/config';
import type { ModelData } from '@skippy/core/models';
import { ensureMlBackend, tcnFactory } from '@skippy/ml';
import type { BenchEntry } from '../harness.ts';

interface Input { data: ModelData; y: Float64Array; rows: Int32Array; spec: ReturnType<typeof experimentSchema.parse>['models']['primary'] }

/** tcnBenchData(n, window, p) – a standard-normal series of n + window − 1 bars; sample i decides at bar i + window − 1. */
export function tcnBenchData(n: number, window: number, p: number, seed = 2024): Pick<Input, 'data' | 'y' | 'rows'> {
  const rng = createRng(seed), T = n + window - 1;
  const series = new Float32Array(T * p);
  for (let i = 0; i < series.length; i++) series[i] = rng.normal();
  const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
  const X = new Float64Array(n * p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) X[i * p + j] = series[(i + window - 1) * p + j];
  const windows = (rows: Int32Array, length: number) => {
    const out = new Float32Array(rows.length * length * p).fill(Number.NaN);
    for (let r = 0; r < rows.length; r++) {
      const end = rows[r] + window - 1, start = end - length + 1;
      const from = Math.max(0, start);
      out.set(series.subarray(from * p, (end + 1) * p), (r * length + (from - start)) * p);
    }
    return out;
  };
  return { data: { X, p, windows }, y, rows: Int32Array.from({ length: n }, (_, i) => i) };
}

export const entries: BenchEntry[] = [
  {
    name: 'models.tcn.epoch.50k',
    setup: async () => {
      await ensureMlBackend();
      const spec = experimentSchema.parse({ models: { primary: { kind: 'tcn', window: 64, channels: 32, blocks: 4, kernel_size: 3, norm: 'layer', dropout: 0.1, epochs: 1, batch_size: 256, early_stopping: false } } }).models.primary;
      return { ...tcnBenchData(50_000, 64, 20), spec };
    },
    run: ({ data, y, rows, spec }) => tcnFactory.fit(spec, data, { y, rows, seed: 1 }),
  } as BenchEntry<Input>,
];
