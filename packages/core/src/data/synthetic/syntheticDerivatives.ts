/**
 * Tier-3 series of the synthetic market, each computed only from bars that closed before the
 * value's availableAt (no look-ahead):
 * - funding: settlements every 8 h at 00/08/16 UTC. ts = availableAt = settlement time. The rate
 *   = 0.01 % + 0.05·(log return over the 8 h ending at the settlement) + N(0, 0.005 %), clipped to
 *   ±0.375 % (Binance's cap for BTC/ETH perpetuals).
 * - openInterest: hourly on the hour, USD notional. ts = availableAt = the hour. log OI moves with
 *   the last hour's return (+0.5·r), its absolute size (+2·|r|: activity), noise, and mean-reverts
 *   slowly to its starting level.
 * - sentiment: a daily 0–100 index (fear & greed style), one value per complete UTC day D.
 *   ts = D 00:00 (the day it describes), availableAt = D + 1 day + 1 h (published the next day).
 *   value = 50 + 0.6·(previous − 50) + 25·tanh(day return / 3 %) + N(0, 4), clipped to [0, 100], rounded.
 * Bars must be on a regular grid (as the synthetic bars are): the bar closing at time T is
 * index (T − ts[0]) / intervalMs − 1.
 */
import type { BarSeries, TimeSeries } from '../types.ts';
import type { Rng } from '../../util/rng.ts';
import { symbolProfile } from './profiles.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const FUNDING_MS = 8 * HOUR_MS;
/** Binance's funding-rate cap for BTC/ETH USDⓈ-M perpetuals: ±0.375 % per settlement. */
export const FUNDING_CAP = 0.00375;

/** Close price at time T (the close of the bar ending at T), or the first open when T is the first open. */
function closeAt(bars: BarSeries, intervalMs: number, T: number): number {
  const i = Math.round((T - bars.ts[0]) / intervalMs) - 1;
  return i < 0 ? bars.open[0] : bars.close[Math.min(i, bars.ts.length - 1)];
}

/** Multiples of `step` (on the UTC grid) within [from, to]. */
function grid(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) out.push(t);
  return out;
}

function span(bars: BarSeries): { first: number; end: number; intervalMs: number } | null {
  const n = bars.ts.length;
  if (n === 0 || bars.intervalMs === null) return null;
  return { first: bars.ts[0], end: bars.ts[n - 1] + bars.intervalMs, intervalMs: bars.intervalMs };
}

/** syntheticFunding(bars, rng) – 8-hourly funding rates (see the module comment). */
export function syntheticFunding(bars: BarSeries, rng: Rng): TimeSeries {
  const s = span(bars);
  const times = s ? grid(s.first + 1, s.end, FUNDING_MS) : [];
  const ts = new Float64Array(times.length), value = new Float64Array(times.length);
  for (let k = 0; k < times.length && s; k++) {
    const T = times[k];
    const ret = Math.log(closeAt(bars, s.intervalMs, T) / closeAt(bars, s.intervalMs, Math.max(s.first, T - FUNDING_MS)));
    const rate = 0.0001 + 0.05 * ret + 0.00005 * rng.normal();
    ts[k] = T;
    value[k] = Math.round(Math.min(FUNDING_CAP, Math.max(-FUNDING_CAP, rate)) * 1e8) / 1e8;
  }
  return { name: 'funding_rate', symbol: bars.symbol, ts, value, availableAt: ts.slice() };
}

/** syntheticOpenInterest(bars, rng) – hourly open interest in USD (see the module comment). */
export function syntheticOpenInterest(bars: BarSeries, rng: Rng): TimeSeries {
  const s = span(bars);
  const times = s ? grid(s.first, s.end, HOUR_MS) : [];
  const ts = new Float64Array(times.length), value = new Float64Array(times.length);
  const start = Math.log(symbolProfile(bars.symbol).openInterestUsd);
  let lo = start;
  for (let k = 0; k < times.length && s; k++) {
    const T = times[k];
    const r = k === 0 ? 0 : Math.log(closeAt(bars, s.intervalMs, T) / closeAt(bars, s.intervalMs, Math.max(s.first, T - HOUR_MS)));
    lo += 0.5 * r + 2 * Math.abs(r) + 0.004 * rng.normal() - 0.01 * (lo - start);
    ts[k] = T;
    value[k] = Math.round(Math.exp(lo));
  }
  return { name: 'open_interest', symbol: bars.symbol, ts, value, availableAt: ts.slice() };
}

/** syntheticSentiment(bars, rng) – daily index published the next day at 01:00 UTC (see the module comment). */
export function syntheticSentiment(bars: BarSeries, rng: Rng): TimeSeries {
  const s = span(bars);
  const days = s ? grid(s.first, s.end - DAY_MS, DAY_MS) : [];
  const ts = new Float64Array(days.length), value = new Float64Array(days.length), availableAt = new Float64Array(days.length);
  let prev = 50;
  for (let k = 0; k < days.length && s; k++) {
    const D = days[k];
    const ret = Math.log(closeAt(bars, s.intervalMs, D + DAY_MS) / closeAt(bars, s.intervalMs, D));
    const v = Math.round(Math.min(100, Math.max(0, 50 + 0.6 * (prev - 50) + 25 * Math.tanh(ret / 0.03) + 4 * rng.normal())));
    ts[k] = D; value[k] = v; availableAt[k] = D + DAY_MS + HOUR_MS;
    prev = v;
  }
  return { name: 'sentiment', ts, value, availableAt };
}
