/** The gradient-boosted trees behind the model contract, and their JSON form (bin thresholds + trees). */
import type { FittedModel, ModelFactory } from '../contract.ts';
import { fitGbdt, predictGbdt } from './boost.ts';
import type { GbdtModel } from './boost.ts';
import type { GbdtThreads } from './parallel.ts';
import { thresholdOf } from './tree.ts';
import type { GbdtTree } from './tree.ts';

/** The JSON of a fitted ensemble: enough to predict again (see {@link gbdtFromJSON}). */
export interface GbdtJson {
  kind: 'gbdt';
  p: number;
  baseline: number;
  /** The missing-value bin (= max_bins). */
  missingBin: number;
  /** Bin thresholds per feature. */
  thresholds: number[][];
  /** Per tree, per node: split feature (−1 at a leaf), threshold bin, missing-left flag, children, leaf value. */
  trees: { feature: number[]; bin: number[]; missingLeft: number[]; left: number[]; right: number[]; value: number[] }[];
  importance: number[];
}

/** gbdtToJSON(model) – the model's bin thresholds and trees as plain JSON. */
export function gbdtToJSON(model: GbdtModel): GbdtJson {
  return {
    kind: 'gbdt', p: model.p, baseline: model.baseline, missingBin: model.mapper.missingBin,
    thresholds: model.mapper.thresholds.map((t) => Array.from(t)),
    trees: model.trees.map((t) => ({ feature: Array.from(t.feature), bin: Array.from(t.bin), missingLeft: Array.from(t.missingLeft), left: Array.from(t.left), right: Array.from(t.right), value: Array.from(t.value) })),
    importance: Array.from(model.importance),
  };
}

/** gbdtModelFromJSON(json) – the GbdtModel back from {@link gbdtToJSON}'s output (numeric thresholds rebuilt from the bins). */
export function gbdtModelFromJSON(json: unknown): GbdtModel {
  const j = json as Partial<GbdtJson> | null;
  if (!j || j.kind !== 'gbdt' || !Number.isInteger(j.p) || !Array.isArray(j.thresholds) || !Array.isArray(j.trees) || typeof j.baseline !== 'number') {
    throw new Error('gbdtFromJSON: expected the output of a gbdt model toJSON() (kind "gbdt", p, baseline, thresholds, trees)');
  }
  const thresholds = j.thresholds.map((t) => Float64Array.from(t));
  const trees: GbdtTree[] = j.trees.map((t) => {
    const feature = Int32Array.from(t.feature), bin = Int32Array.from(t.bin);
    const threshold = new Float64Array(feature.length);
    for (let n = 0; n < feature.length; n++) if (feature[n] >= 0) threshold[n] = thresholdOf(thresholds[feature[n]], bin[n]);
    return { feature, bin, threshold, missingLeft: Uint8Array.from(t.missingLeft), left: Int32Array.from(t.left), right: Int32Array.from(t.right), value: Float64Array.from(t.value) };
  });
  const p = j.p!;
  return { p, baseline: j.baseline, mapper: { thresholds, missingBin: j.missingBin ?? 255 }, trees, importance: Float64Array.from(j.importance ?? new Array<number>(p).fill(0)), history: [], nDropped: 0 };
}

function fitted(model: GbdtModel): FittedModel {
  return {
    kind: 'gbdt',
    predict: async (d, rows) => predictGbdt(model, d.X, rows),
    coef: null, importance: model.importance, history: model.history,
    toJSON: () => gbdtToJSON(model),
  };
}

/** gbdtFromJSON(json) – a FittedModel restored from a gbdt model's toJSON(). */
export function gbdtFromJSON(json: unknown): FittedModel {
  return fitted(gbdtModelFromJSON(json));
}

/**
 * gbdtFactoryWith({ threads }) – the gbdt factory whose fits run on the host's helper threads (see
 * parallel.ts; e.g. @skippy/io/gbdt's gbdtWorkerThreads): the same models as {@link gbdtFactory}.
 */
export function gbdtFactoryWith(host: { threads?: GbdtThreads }): ModelFactory {
  return {
    kind: 'gbdt',
    async fit(spec, data, req) {
      if (spec.kind !== 'gbdt') throw new Error(`gbdtFactory cannot fit kind ${spec.kind}`);
      const model = fitGbdt(data.X, data.p, req.y, req.rows, {
        learningRate: spec.learning_rate, maxIter: spec.max_iter, maxLeafNodes: spec.max_leaf_nodes, maxDepth: spec.max_depth,
        minSamplesLeaf: spec.min_samples_leaf, l2Regularization: spec.l2_regularization, maxBins: spec.max_bins,
        nIterNoChange: spec.n_iter_no_change, tol: spec.tol, seed: req.seed,
        ...(req.weights ? { sampleWeight: req.weights } : {}),
        ...(spec.early_stopping && req.validation ? { validation: req.validation } : {}),
        ...(req.onProgress ? { onProgress: req.onProgress } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(host.threads ? { threads: host.threads } : {}),
      });
      return fitted(model);
    },
  };
}

/** Histogram gradient-boosted trees (binary log-loss) behind the model contract; early stopping on `request.validation` when enabled. */
export const gbdtFactory: ModelFactory = gbdtFactoryWith({});
