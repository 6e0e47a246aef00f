/**
 * Backtester benchmarks. Setup (untimed) builds a seeded 1M-bar random walk with signals, spread,
 * meta probabilities and 8 h funding; the timed run is the whole backtest (engine, metrics, TCA, risk report).
 * Book mode replays the shared L2 capture (all three streams) in setup and times the order simulation over its events.
 */
import { createRng, defaultConfig } from '@skippy/core';
import type { BarSeries, TimeSeries } from '@skippy/core/data';
import { runBacktest, simpleBacktest, maCrossSignals, bookBacktest, periodicBookOrders } from '@skippy/core/backtest';
import type { BacktestInput, BookBacktestInput, BookOrderRequest } from '@skippy/core/backtest';
import { replayBinanceCapture } from '@skippy/core';
import { SHARED_DATA_MISSING, readCaptureLines, sharedDataPath } from '@skippy/io';
import type { BenchEntry } from '../harness.ts';

const N = 1_000_000;
const DAY0 = 19_675 * 86_400_000;
const CAPTURE_STREAMS = [['usdm/btcusdt_20240808.gz'], ['usdm/ethusdt_20240808.gz'], ['spot/btcusdt_20240808.gz', 'spot/btcusdt_20240809.gz']];

function syntheticInput(n: number, seed: number): BacktestInput {
  const rng = createRng(seed);
  const ts = new Float64Array(n), open = new Float64Array(n), high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n), volume = new Float64Array(n);
  const side = new Int8Array(n), prob = new Float64Array(n), spread = new Float64Array(n);
  let p = 30_000, cur = 1;
  for (let i = 0; i < n; i++) {
    ts[i] = DAY0 + i * 60_000;
    open[i] = p;
    p *= Math.exp(0.0008 * rng.normal());
    close[i] = p; high[i] = Math.max(open[i], p); low[i] = Math.min(open[i], p); volume[i] = 5 + 20 * rng.next();
    prob[i] = 0.55 + 0.1 * rng.next(); spread[i] = 0.0002 * rng.next();
  }
  // Signals with a (synthetic, forward-looking) edge so that the risk pauses do not stop the flow:
  // every ~40 bars the side is re-drawn, right about the next 40 bars' direction 90% of the time → ~10k trades.
  for (let i = 0; i < n; i++) {
    if (rng.next() < 0.025) {
      const ahead = close[Math.min(n - 1, i + 40)] - close[i];
      cur = (rng.next() < 0.9 ? 1 : -1) * (ahead >= 0 ? 1 : -1);
    }
    side[i] = cur;
  }
  const bars: BarSeries = { symbol: 'BTC', intervalMs: 60_000, ts, open, high, low, close, volume };
  const settlements = Math.floor((n * 60_000) / 28_800_000);
  const funding: TimeSeries = { name: 'funding', symbol: 'BTC', ts: Float64Array.from({ length: settlements }, (_, k) => DAY0 + (k + 1) * 28_800_000), value: Float64Array.from({ length: settlements }, () => 0.0001 * rng.normal()) };
  return { bars: { BTC: bars }, signals: { BTC: { side, prob } }, spread: { BTC: spread }, funding: { BTC: funding }, payoffRatio: 1.1 };
}

export const entries: BenchEntry[] = [
  {
    name: 'backtest.bar.1M',
    targetMs: 300,
    // Default costs and risk rules; the consecutive-loss cool-down is 60 bars (not the rest of the UTC day) so the
    // run keeps trading through its ~700 days.
    setup: () => {
      const config = defaultConfig();
      return { input: syntheticInput(N, 7), config: { ...config, risk: { ...config.risk, consecutive_loss_cooldown: { kind: 'bars' as const, bars: 60 } } } };
    },
    run: ({ input, config }) => runBacktest(input, config, { seed: 1 }),
  } as BenchEntry<{ input: BacktestInput; config: ReturnType<typeof defaultConfig> }>,
  {
    name: 'backtest.simple.1M',
    targetMs: 60,
    setup: () => {
      const input = syntheticInput(N, 7);
      const close = input.bars.BTC.close;
      return { close, ...maCrossSignals(close, 10, 50) };
    },
    run: ({ close, entries: en, exits }) => simpleBacktest(close, en, exits, { fee: 0.001, slippage: 0.0005, initCash: 10_000 }),
  } as BenchEntry<{ close: Float64Array; entries: Uint8Array; exits: Uint8Array }>,
  {
    name: 'backtest.book.l2capture',
    targetMs: 2000,
    // Setup (untimed): replay of the whole shared capture – BTCUSDT perp, ETHUSDT perp, BTCUSDT spot (both files) –
    // at execution.book.levels (20) levels (the replay itself is benchmarked as l2.replay.l2capture).
    // Timed: book mode over every stream with one order per second (market and resting limit orders alternating).
    setup: () => {
      const config = defaultConfig();
      const inputs: { input: BookBacktestInput; orders: BookOrderRequest[] }[] = [];
      for (const files of CAPTURE_STREAMS) {
        const paths = files.map((f) => sharedDataPath(`binance-l2-hftbacktest-2024-08-08/${f}`));
        if (paths.some((p) => p === null)) return { skip: SHARED_DATA_MISSING };
        const r = replayBinanceCapture(readCaptureLines(paths as string[]), { barMs: 1000, eventLevels: config.execution.book.levels });
        const input: BookBacktestInput = { symbol: r.symbol, events: r.events, trades: r.trades };
        inputs.push({ input, orders: periodicBookOrders(r.events, { everyMs: 1000, qty: r.symbol.startsWith('ETH') ? 1 : 0.05 }) });
      }
      return { inputs, config };
    },
    run: ({ inputs, config }) => inputs.map(({ input, orders }) => bookBacktest(input, orders, config.execution, { seed: 1 })),
  } as BenchEntry<{ inputs: { input: BookBacktestInput; orders: BookOrderRequest[] }[]; config: ReturnType<typeof defaultConfig> }>,
];
