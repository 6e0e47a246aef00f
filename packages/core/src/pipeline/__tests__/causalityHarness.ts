/**
 * The whole-run causality check shared by the synthetic and real-data tests: change every price from
 * bar τ on, run the same config again, and compare everything dated before τ.
 */
import { expect } from 'vitest';
import type { ExperimentConfig } from '../../config/schema.ts';
import type { BarSeries } from '../../data/types.ts';
import { runExperiment } from '../index.ts';
import type { PipelineInputs, RunExperimentOptions } from '../index.ts';

/**
 * mirrorFuture(bars, tauTs) – from the first bar opening at or after τ on (by time: symbols may miss different bars), every price p becomes K / p with K = close[τ − 1]², so each
 * later return flips sign (the path after τ is the mirror image of the original); high and low swap to
 * keep OHLC consistent; volume from τ on is scaled by 1.7. Bars before τ are untouched.
 */
export function mirrorFuture(b: BarSeries, tauTs: number): BarSeries {
  let tau = 0;
  while (tau < b.ts.length && b.ts[tau] < tauTs) tau++;
  const K = b.close[tau - 1] ** 2;
  const open = b.open.slice(), high = b.high.slice(), low = b.low.slice(), close = b.close.slice(), volume = b.volume.slice();
  for (let t = tau; t < b.ts.length; t++) {
    open[t] = K / b.open[t]; close[t] = K / b.close[t]; high[t] = K / b.low[t]; low[t] = K / b.high[t]; volume[t] = b.volume[t] * 1.7;
  }
  return { ...b, open, high, low, close, volume };
}

/** runs both and asserts equality of every prediction, position, fill, equity point and trade before bar τ; returns the counts compared. */
export async function expectCausal(config: ExperimentConfig, inputs: PipelineInputs, tauFrac: number, extra: Omit<RunExperimentOptions, 'now'> = {}): Promise<{ predictions: number; bars: number; trades: number; changedAfter: boolean }> {
  const symbols = config.data.symbols;
  const T = inputs.bars[symbols[0]].ts.length;
  const tau = Math.floor(T * tauFrac);
  const tauTs = inputs.bars[symbols[0]].ts[tau];
  const perturbed: PipelineInputs = { ...inputs, bars: Object.fromEntries(symbols.map((s) => [s, mirrorFuture(inputs.bars[s], tauTs)])) };
  const a = await runExperiment(config, inputs, { now: () => 0, ...extra });
  const b = await runExperiment(config, perturbed, { now: () => 0, ...extra });
  // predictions (calibrated scores, sides, predicting window) of every sample decided before τ
  const pa = a.tables.predictions, pb = b.tables.predictions;
  const t0a = pa.t0 as Float64Array, t0b = pb.t0 as Float64Array;
  let nPred = 0;
  for (let i = 0; i < t0a.length && t0a[i] < tauTs; i++) {
    expect(t0b[i]).toBe(t0a[i]);
    expect(Object.is((pb.prob as Float64Array)[i], (pa.prob as Float64Array)[i])).toBe(true);
    expect((pb.side as Int8Array)[i]).toBe((pa.side as Int8Array)[i]);
    expect((pb.fold as Int32Array)[i]).toBe((pa.fold as Int32Array)[i]);
    nPred++;
  }
  // equity, cash and positions at every bar close before τ
  for (const col of Object.keys(a.tables.equity)) {
    const x = a.tables.equity[col] as Float64Array, y = b.tables.equity[col] as Float64Array;
    for (let t = 0; t < tau; t++) if (!Object.is(x[t], y[t])) expect(`${col}[${t}] = ${y[t]}`).toBe(`${col}[${t}] = ${x[t]}`);
  }
  // every trade closed before τ (entry, exit, size, costs, pnl), in order
  const ta = a.tables.trades, tb = b.tables.trades;
  const exitA = ta.exit_ts as Float64Array, exitB = tb.exit_ts as Float64Array;
  const closedA = [...exitA].filter((x) => x < tauTs).length;
  expect([...exitB].filter((x) => x < tauTs).length).toBe(closedA);
  for (let k = 0, ka = 0; ka < exitA.length; ka++) {
    if (!(exitA[ka] < tauTs)) continue;
    while (!((exitB[k]) < tauTs)) k++;
    for (const col of ['entry_ts', 'entry_price', 'exit_ts', 'exit_price', 'size', 'fees', 'slippage', 'funding', 'pnl']) {
      expect((tb[col] as Float64Array)[k]).toBe((ta[col] as Float64Array)[ka]);
    }
    k++;
  }
  // and the future did change (the test perturbs something that matters)
  const ea = a.tables.equity.equity as Float64Array, eb = b.tables.equity.equity as Float64Array;
  let changed = false;
  for (let t = tau; t < T && !changed; t++) if (ea[t] !== eb[t]) changed = true;
  const qa = pa.prob as Float64Array, qb = pb.prob as Float64Array;
  for (let i = nPred; i < Math.min(qa.length, qb.length) && !changed; i++) if (!Object.is(qa[i], qb[i])) changed = true;
  return { predictions: nPred, bars: tau, trades: closedA, changedAfter: changed };
}
