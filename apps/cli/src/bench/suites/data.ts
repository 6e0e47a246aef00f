/** Data layer: read the real BTC 1m JSON.gz, parse a 1M-row CSV, QC 1M bars (seeded synthetic inputs). */
import { readFileSync } from 'node:fs';
import { createRng } from '@skippy/core';
import { parseBarsCsv, type BarSeries } from '@skippy/core/data';
import { runQc } from '@skippy/core/qc';
import { parseBarsBytes, sharedDataPath, SHARED_DATA_MISSING } from '@skippy/io';
import type { BenchEntry } from '../harness.ts';

const START = Date.UTC(2021, 0, 1);

/** n one-minute bars from a seeded random walk, with 5 duplicated rows and 3 gaps (so QC has findings). */
function randomBars(n: number): BarSeries {
  const rng = createRng(11);
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  let price = 30_000;
  let t = START;
  for (let i = 0; i < n; i++) {
    if (i % 333_331 === 333_330) t += 17 * 60_000;
    const o = price;
    price *= Math.exp(0.0008 * rng.normal());
    ts[i] = t; open[i] = o; close[i] = price;
    high[i] = Math.max(o, price) * (1 + 0.0003 * rng.next()); low[i] = Math.min(o, price) * (1 - 0.0003 * rng.next());
    volume[i] = 10 * rng.next();
    if (i % 200_001 === 200_000) { ts[i] = ts[i - 1]; open[i] = open[i - 1]; high[i] = high[i - 1]; low[i] = low[i - 1]; close[i] = close[i - 1]; volume[i] = volume[i - 1]; } else t += 60_000;
  }
  return { symbol: 'BTC', intervalMs: 60_000, ts, open, high, low, close, volume };
}

/** The same walk as CSV text: epoch ms, prices with 2 decimals, volume with 6. */
function csvText(n: number): string {
  const b = randomBars(n);
  const parts: string[] = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < n; i++) parts.push(`${b.ts[i]},${b.open[i].toFixed(2)},${b.high[i].toFixed(2)},${b.low[i].toFixed(2)},${b.close[i].toFixed(2)},${b.volume[i].toFixed(6)}`);
  return parts.join('\n');
}

export const entries: BenchEntry[] = [
  {
    name: 'data.readJson.btc1m',
    targetMs: 250,
    setup: () => sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz') ?? { skip: SHARED_DATA_MISSING },
    run: (path) => parseBarsBytes(readFileSync(path), path),
  } as BenchEntry<string>,
  {
    name: 'data.parseCsv.1M',
    targetMs: 1500,
    setup: () => csvText(1_000_000),
    run: (text) => parseBarsCsv(text, { source: 'bench.csv' }),
  } as BenchEntry<string>,
  {
    name: 'qc.1M',
    targetMs: 150,
    setup: () => randomBars(1_000_000),
    run: (bars) => runQc(bars),
  } as BenchEntry<BarSeries>,
];
