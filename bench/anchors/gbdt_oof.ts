/**
 * Out-of-fold anchor of @skippy/core's gbdt against scikit-learn on real data (benchmark only).
 *
 *   npx tsx bench/anchors/gbdt_oof.ts [bars file] [--out /tmp/gbdt_oof.json]
 *
 * Builds the default config's features (microstructure tier off: bars only) and triple-barrier labels (horizon = evaluation.horizon) on the
 * real Binance BTC/USDT 1m bars (../shared/data/binance-spot-btc-eth-1m-2021-04 by default), label
 * uniqueness weights (AFML ch. 4), and 5 purged K-fold splits (purgedKFold, embargo 2%, purge 5%).
 * Fits fitGbdt on each fold's training rows (sklearn's defaults, 100 iterations, no early stopping),
 * prints the pooled out-of-fold AUC and fit times, and writes the identical X, y, w and folds as JSON
 * for `python3 bench/anchors/sklearn_hgb.py oof <out>`.
 */
import { writeFileSync } from 'node:fs';
import { validateConfig } from '@skippy/core';
import { purgedKFold } from '@skippy/core/eval';
import { computeFeatures } from '@skippy/core/features';
import { labelsConfigToOptions, sampleUniqueness, tripleBarrierLabels } from '@skippy/core/labels';
import { fitGbdt, predictGbdt } from '@skippy/core/models';
import { buildSamples } from '@skippy/core/pipeline';
import { readBarsFile } from '@skippy/io/readers';
import { sharedDataPath } from '../../packages/io/src/shared.ts';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 ? args[outAt + 1] : '/tmp/gbdt_oof.json';
const file = args.find((a, i) => !a.startsWith('--') && (outAt < 0 || i !== outAt + 1)) ?? sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
if (!file) { console.error('../shared/data is absent; pass a bars file'); process.exit(2); }

const r = validateConfig({ features: { microstructure: { enabled: false } } });
if (!r.ok) throw new Error(r.issues[0].text);
const config = r.config;
const bars = await readBarsFile(file, { symbol: 'BTC' });
const intervalMs = bars.ts[1] - bars.ts[0];
const maxGapMs = config.data.max_gap_bars * intervalMs;
const features = computeFeatures({ bars }, config.features, { maxGapMs });
const labels = tripleBarrierLabels(bars, { ...labelsConfigToOptions(config.labels), maxGapMs }).find((l) => l.horizon === config.evaluation.horizon)!;
const s = buildSamples(['BTC'], [features], [labels]);
const w = sampleUniqueness(s.t0Idx, s.t1Idx, bars.ts.length);
const folds = purgedKFold(s.t0, s.t1, { nSplits: 5, embargoPct: 0.02, purgePct: 0.05 });
const score = new Float64Array(s.n).fill(Number.NaN);
const foldMs: number[] = [], foldAuc: number[] = [];
const auc = (sc: Float64Array, y: Float64Array) => {
  const idx = Int32Array.from({ length: sc.length }, (_, i) => i).sort((a, b) => sc[a] - sc[b]);
  let rank = 0, pos = 0, sum = 0;
  for (let k = 0; k < idx.length;) {
    let e = k; while (e < idx.length && sc[idx[e]] === sc[idx[k]]) e++;
    const mid = (k + 1 + e) / 2;
    for (let j = k; j < e; j++) if (y[idx[j]] === 1) { sum += mid; pos++; }
    rank = e; k = e;
  }
  void rank;
  const neg = sc.length - pos;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
};
for (const f of folds) {
  const t0 = performance.now();
  const model = fitGbdt(s.X, s.p, s.y, f.train, { maxIter: 100, sampleWeight: w, seed: 0 });
  foldMs.push(Math.round(performance.now() - t0));
  const pr = predictGbdt(model, s.X, f.test);
  for (let k = 0; k < f.test.length; k++) score[f.test[k]] = pr[k];
  foldAuc.push(Number(auc(pr, Float64Array.from(f.test, (i) => s.y[i])).toFixed(5)));
}
const tested = Int32Array.from({ length: s.n }, (_, i) => i).filter((i) => Number.isFinite(score[i]));
const oof = auc(Float64Array.from(tested, (i) => score[i]), Float64Array.from(tested, (i) => s.y[i]));
console.log(JSON.stringify({ data: file, samples: s.n, features: s.p, names: s.names, oof_auc: Number(oof.toFixed(5)), fold_auc: foldAuc, fold_ms: foldMs }));
writeFileSync(out, JSON.stringify({ n: s.n, p: s.p, X: Array.from(s.X), y: Array.from(s.y), w: Array.from(w), folds: folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) })) }));
console.log(`wrote ${out}; run: /usr/bin/python3 bench/anchors/sklearn_hgb.py oof ${out}`);
