import { describe, expect, it } from 'vitest';
import { validateConfig } from '@skippy/core';
import { purgedKFold } from '@skippy/core/eval';
import { computeFeatures } from '@skippy/core/features';
import { labelsConfigToOptions, sampleUniqueness, tripleBarrierLabels } from '@skippy/core/labels';
import { fitGbdt, fitLogistic, gbdtFromJSON, gbdtToJSON, predictGbdt, predictLogistic } from '@skippy/core/models';
import { buildSamples } from '@skippy/core/pipeline';
import { readBarsFile } from '../readers/index.ts';
import { sharedDataPath, SHARED_DATA_MISSING } from '../shared.ts';

const btc = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');

/** Rank AUC with ties as ½ (an independent implementation from the model's own). */
function auc(score: Float64Array, y: Float64Array): number {
  const idx = Int32Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  let pos = 0, sum = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e < idx.length && score[idx[e]] === score[idx[k]]) e++;
    for (let j = k; j < e; j++) if (y[idx[j]] === 1) { sum += (k + 1 + e) / 2; pos++; }
    k = e;
  }
  return (sum - (pos * (pos + 1)) / 2) / (pos * (score.length - pos));
}

describe('fitGbdt on real Binance BTC/USDT 1m features (2021-04)', () => {
  it.skipIf(!btc)(`5 purged folds with uniqueness weights: out-of-fold AUC 0.5158 as scikit-learn 1.2.1's HistGradientBoostingClassifier on the same rows (bench/anchors), ≥ the logistic baseline − 0.01; JSON round trip ${btc ? '' : SHARED_DATA_MISSING}`, async () => {
    const r = validateConfig({ features: { microstructure: { enabled: false } } });
    if (!r.ok) throw new Error(r.issues[0].text);
    const config = r.config;
    const bars = await readBarsFile(btc!, { symbol: 'BTC' });
    const maxGapMs = config.data.max_gap_bars * (bars.ts[1] - bars.ts[0]);
    const features = computeFeatures({ bars }, config.features, { maxGapMs });
    const labels = tripleBarrierLabels(bars, { ...labelsConfigToOptions(config.labels), maxGapMs }).find((l) => l.horizon === config.evaluation.horizon)!;
    const s = buildSamples(['BTC'], [features], [labels]);
    const w = sampleUniqueness(s.t0Idx, s.t1Idx, bars.ts.length);
    const folds = purgedKFold(s.t0, s.t1, { nSplits: 5, embargoPct: 0.02, purgePct: 0.05 });
    const gb = new Float64Array(s.n).fill(Number.NaN), lin = new Float64Array(s.n).fill(Number.NaN);
    for (const f of folds) {
      const m = fitGbdt(s.X, s.p, s.y, f.train, { maxIter: 100, sampleWeight: w });
      const pg = predictGbdt(m, s.X, f.test);
      const pl = predictLogistic(fitLogistic(s.X, s.y, f.train, { p: s.p, sampleWeight: w }), s.X, f.test);
      for (let k = 0; k < f.test.length; k++) { gb[f.test[k]] = pg[k]; lin[f.test[k]] = pl[k]; }
      if (f === folds[0]) {
        const back = await gbdtFromJSON(JSON.parse(JSON.stringify(gbdtToJSON(m)))).predict({ X: s.X, p: s.p }, f.test);
        expect(Array.from(back)).toEqual(Array.from(pg));
      }
    }
    const rows = Int32Array.from({ length: s.n }, (_, i) => i).filter((i) => Number.isFinite(gb[i]));
    const yy = Float64Array.from(rows, (i) => s.y[i]);
    const aGb = auc(Float64Array.from(rows, (i) => gb[i]), yy), aLin = auc(Float64Array.from(rows, (i) => lin[i]), yy);
    expect(s.n).toBe(42_835);
    expect(aGb).toBeCloseTo(0.51578, 4);
    expect(aGb).toBeGreaterThan(aLin - 0.01);
  }, 300_000);
});
