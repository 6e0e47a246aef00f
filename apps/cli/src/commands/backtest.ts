import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError, canonicalJson } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import type { BarSeries, TimeSeries } from '@skippy/core/data';
import {
  alignBars, backtestInflation, bookBacktest, bookOrdersFromSignals, equityCsv, equityReturns, inflationFromSummaries, maCrossSignals,
  parseSignalsCsv, runBacktest, sideToEntriesExits, simpleBacktest, simpleEquityCsv, simpleTradesCsv, tradesCsv,
} from '@skippy/core/backtest';
import type { BacktestConfig, BacktestInput, BacktestSignals } from '@skippy/core/backtest';
import { summarizeReturns } from '@skippy/core/eval';
import { periodsPerYearFromInterval } from '@skippy/core/risk';
import { barCloseTimes, snapshotsAsOf } from '@skippy/core/features';
import { spreadPct } from '@skippy/core/features/microstructure';
import { readBarsFile, readCapture, readFundingFile, writeFileAtomic } from '@skippy/io';
import type { CliContext, Command } from '../framework.ts';
import { checkOutputPath, getChoice, getList, getNumber, getString, requireString } from '../args.ts';

/** "ma-cross:10,50" → windows. */
export function parseStrategy(spec: string): { fast: number; slow: number } {
  const m = /^ma-cross:(\d+),(\d+)$/.exec(spec.trim());
  if (!m || Number(m[1]) < 1 || Number(m[2]) <= Number(m[1])) throw new UserInputError('--strategy', 'expected ma-cross:FAST,SLOW with 1 ≤ FAST < SLOW', spec);
  return { fast: Number(m[1]), slow: Number(m[2]) };
}

/** Bars from --input (comma-separated files, one asset each), aligned on common timestamps. */
export async function loadBars(ctx: CliContext): Promise<Record<string, BarSeries>> {
  const paths = getList(ctx, 'input');
  if (!paths || paths.length === 0) throw new UserInputError('--input', 'is required: expected one or more bar files (comma-separated)');
  const series = await Promise.all(paths.map((p) => readBarsFile(p, { timezone: getString(ctx, 'timezone') ?? 'UTC' })));
  const seen = new Set<string>();
  for (const s of series) { if (seen.has(s.symbol)) throw new UserInputError('--input', 'expected one file per symbol', s.symbol); seen.add(s.symbol); }
  return series.length === 1 ? { [series[0].symbol]: series[0] } : alignBars(series);
}

/** Funding files matched to symbols by the symbol inside the file (BTC-USDT → BTC) or its name. */
export async function loadFunding(ctx: CliContext, symbols: string[]): Promise<Record<string, TimeSeries> | undefined> {
  const paths = getList(ctx, 'funding');
  if (!paths) return undefined;
  const out: Record<string, TimeSeries> = {};
  for (const p of paths) {
    const f = await readFundingFile(p, { timezone: getString(ctx, 'funding-timezone') ?? 'UTC' });
    const base = (f.symbol ?? p.split('/').pop()!).toUpperCase().split(/[-_/]/)[0];
    const sym = symbols.find((s) => s.toUpperCase().startsWith(base));
    if (!sym) throw new UserInputError('--funding', `expected a funding file for one of ${symbols.join(', ')}`, p);
    out[sym] = f;
  }
  return out;
}

export function signalsFor(ctx: CliContext, bars: Record<string, BarSeries>): Record<string, BacktestSignals> {
  const file = getString(ctx, 'signals'), strategy = getString(ctx, 'strategy');
  if ((file === undefined) === (strategy === undefined)) throw new UserInputError('--signals/--strategy', 'expected exactly one of --signals PATH or --strategy ma-cross:FAST,SLOW');
  if (file !== undefined) {
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch { throw new UserInputError('--signals', 'expected a readable CSV file', file); }
    return parseSignalsCsv(text, bars, file);
  }
  const { fast, slow } = parseStrategy(strategy!);
  return Object.fromEntries(Object.entries(bars).map(([s, b]) => [s, { side: maCrossSignals(b.close, fast, slow).side }]));
}

/** The config with the command-line overrides applied (mode, fill timing, costs, cash). */
export function executionConfig(ctx: CliContext, config: ExperimentConfig): BacktestConfig {
  const ex = { ...config.execution, simple: { ...config.execution.simple }, models: { ...config.execution.models } };
  ex.mode = getChoice(ctx, 'execution', ['simple', 'bar', 'book'] as const, ex.mode)!;
  // The parity mode always fills at the signal close; without --fill-at it is implied.
  ex.fill_at = getChoice(ctx, 'fill-at', ['next_open', 'close'] as const, ex.mode === 'simple' ? 'close' : ex.fill_at)!;
  const slip = getNumber(ctx, 'slippage', { min: 0, max: 0.5 }), fee = getNumber(ctx, 'fee', { min: 0, max: 0.5 }), cash = getNumber(ctx, 'init-cash', { min: 0, exclusiveMin: true });
  getChoice(ctx, 'size', ['all'] as const);
  if (slip !== undefined) { ex.simple.slippage = slip; ex.models.slippage = { kind: 'fixed', rate: slip }; }
  if (fee !== undefined) { ex.simple.fee = fee; ex.taker_fee = fee; }
  if (cash !== undefined) ex.initial_cash = cash;
  if (ex.mode === 'simple' && ex.fill_at !== 'close') throw new UserInputError('--fill-at', 'expected close with --execution simple (the parity mode fills at the signal bar close)', ex.fill_at);
  return { execution: ex, risk: config.risk };
}

/** Plain JSON: typed arrays become arrays, NaN/Infinity become null, keys sorted. */
const jsonSafe = (x: unknown): unknown => JSON.parse(canonicalJson(x));

function write(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileAtomic(p, text);
  return p;
}

export const backtestCommand: Command = {
  name: 'backtest',
  summary: 'backtest signals with execution costs and risk limits; writes equity.csv, trades.csv, tca.json, risk.json',
  usage: 'backtest --input PATH[,PATH] [--book PATH] [--funding PATH] --signals PATH | --strategy ma-cross:10,50 [--config PATH] [--execution simple|bar|book] [--fill-at next_open|close] [--slippage X] [--fee X] [--size all] [--init-cash X] --out DIR [--json]',
  details: `Modes: bar (default; a signal on bar t's close fills at bar t+1's open + latency, with the slippage curve,
half spread, participation cap, partial fills, taker fee, funding, Kelly sizing and the daily-loss and
consecutive-loss halts), simple (vectorbt from_signals parity: fill at the signal bar's close ± --slippage,
proportional --fee, all cash per entry, long only), book (market orders walked through a replayed L2 capture).
Parity example: --execution simple --fill-at close --slippage 0.0005 --fee 0.001 --size all --init-cash 10000
--signals CSV: header ts,side[,prob] or ts,symbol,side[,prob]; ts = signal bar OPEN time (epoch ms or ISO, UTC).
--funding: 8-hour funding CSV(s); --funding-timezone for naive timestamps (the shared files are +03:00).
Output (--out DIR): equity.csv (ts = bar open, equity/cash/positions marked at the bar close), trades.csv,
tca.json (per order, per trade, aggregate, by size bucket and side), risk.json (halts, heat map, correlation
alerts, rebalancing suggestions). --json prints {mode, metrics, tca, inflation, files}.`,
  options: {
    input: { type: 'string', arg: 'PATH[,PATH]', description: 'bar files, one per asset (JSON/CSV/kline/Parquet, .gz ok)' },
    book: { type: 'string', arg: 'PATH[,PATH]', description: 'Binance L2 capture (one stream, files in order): book mode, or the spread for --input bars' },
    funding: { type: 'string', arg: 'PATH[,PATH]', description: 'funding-rate CSV per asset' },
    'funding-timezone': { type: 'string', arg: 'TZ', description: 'zone of naive funding timestamps, e.g. +03:00 (default UTC)' },
    timezone: { type: 'string', arg: 'TZ', description: 'zone of naive bar timestamps (default UTC)' },
    signals: { type: 'string', arg: 'PATH', description: 'signals CSV (ts,side[,prob] or ts,symbol,side[,prob])' },
    strategy: { type: 'string', arg: 'ma-cross:F,S', description: 'built-in strategy instead of --signals' },
    execution: { type: 'string', arg: 'MODE', description: 'simple | bar | book (default config execution.mode)' },
    'fill-at': { type: 'string', arg: 'WHEN', description: 'next_open | close (close is the optimistic mode)' },
    slippage: { type: 'string', arg: 'X', description: 'fixed slippage fraction (simple mode; fixed model in bar mode)' },
    fee: { type: 'string', arg: 'X', description: 'proportional fee (simple mode) / taker fee (bar mode)' },
    size: { type: 'string', arg: 'all', description: 'simple mode order size (all available cash)' },
    'init-cash': { type: 'string', arg: 'X', description: 'initial cash (default config execution.initial_cash)' },
    'payoff-ratio': { type: 'string', arg: 'B', description: 'Kelly payoff ratio from training data (needed with prob)' },
    seed: { type: 'string', arg: 'N', description: 'seed of fills and latency (default config seed)' },
    out: { type: 'string', arg: 'DIR', description: 'output directory' },
  },
  async run(ctx) {
    const { config, hash } = ctx.config();
    const cfg = executionConfig(ctx, config);
    const out = requireString(ctx, 'out', 'an output directory');
    checkOutputPath('out', out, 'dir');
    const seed = getNumber(ctx, 'seed', { integer: true }) ?? config.seed;
    // --book without --input means book mode; with --input it supplies the spread (half-spread cost) in bar mode.
    if (getString(ctx, 'book') !== undefined && getString(ctx, 'input') === undefined && getString(ctx, 'execution') === undefined) cfg.execution.mode = 'book';
    const mode = cfg.execution.mode;
    if (mode === 'book') return runBook(ctx, cfg, out, seed);
    const bars = await loadBars(ctx);
    const signals = signalsFor(ctx, bars);
    const symbols = Object.keys(bars);
    if (mode === 'simple') {
      if (symbols.length !== 1) throw new UserInputError('--input', 'expected one asset in simple (parity) mode', symbols.join(','));
      const sym = symbols[0], b = bars[sym];
      const strategy = getString(ctx, 'strategy');
      const sig = strategy ? maCrossSignals(b.close, parseStrategy(strategy).fast, parseStrategy(strategy).slow) : sideToEntriesExits(signals[sym].side);
      const ex = cfg.execution.simple;
      const r = simpleBacktest(b.close, sig.entries, sig.exits, { fee: ex.fee, slippage: ex.slippage, initCash: cfg.execution.initial_cash });
      const ppy = periodsPerYearFromInterval(b.intervalMs ?? 60_000);
      const summary = summarizeReturns(equityReturns(r.equity, cfg.execution.initial_cash), { periodsPerYear: ppy });
      const free = simpleBacktest(b.close, sig.entries, sig.exits, { fee: 0, slippage: 0, initCash: cfg.execution.initial_cash });
      const inflation = inflationFromSummaries(summary, summarizeReturns(equityReturns(free.equity, cfg.execution.initial_cash), { periodsPerYear: ppy }));
      const tca = { mode: 'simple', fees: r.totalFees, slippage_fraction: ex.slippage, trades: r.trades.length, note: 'parity mode: fills at the signal close ± a fixed fraction; no latency, spread or partial fills' };
      const files = [
        write(out, 'equity.csv', simpleEquityCsv(b.ts, b.close, r, sym)),
        write(out, 'trades.csv', simpleTradesCsv(b.ts, r.trades, sym, b.intervalMs ?? 60_000)),
        write(out, 'tca.json', JSON.stringify(jsonSafe(tca), null, 2)),
        write(out, 'risk.json', JSON.stringify({ mode: 'simple', halts: [], note: 'the parity mode has no risk engine' }, null, 2)),
      ];
      const metrics = { summary, finalEquity: r.equity[r.equity.length - 1], trades: r.trades.length, fees: r.totalFees };
      return result(ctx, { mode, configHash: hash, metrics, tca, inflation, files });
    }
    const funding = await loadFunding(ctx, symbols);
    const payoffRatio = getNumber(ctx, 'payoff-ratio', { min: 0, exclusiveMin: true });
    const spread = bookSpread(ctx, bars);
    const input: BacktestInput = { bars, signals, ...(funding ? { funding } : {}), ...(spread ? { spread } : {}), ...(payoffRatio !== undefined ? { payoffRatio } : {}) };
    ctx.log(`backtest: ${symbols.join(', ')} · ${bars[symbols[0]].ts.length} bars · fill at ${cfg.execution.fill_at}${cfg.execution.fill_at === 'close' ? ' (OPTIMISTIC)' : ''}`);
    const r = runBacktest(input, cfg, { seed });
    const inflation = backtestInflation(input, cfg, { seed }, r);
    const files = [
      write(out, 'equity.csv', equityCsv(r)),
      write(out, 'trades.csv', tradesCsv(r.trades)),
      write(out, 'tca.json', JSON.stringify(jsonSafe(r.tca), null, 1)),
      write(out, 'risk.json', JSON.stringify(jsonSafe(r.risk), null, 1)),
    ];
    return result(ctx, { mode, configHash: hash, metrics: r.metrics, tca: { aggregate: r.tca.aggregate, bySize: r.tca.bySize, bySide: r.tca.bySide }, inflation, halts: r.halts.length, files });
  },
};

/** Spread at each bar close (fraction of mid) from an L2 capture given with --book next to --input (one asset). */
function bookSpread(ctx: CliContext, bars: Record<string, BarSeries>): Record<string, Float64Array> | undefined {
  const paths = getList(ctx, 'book');
  if (!paths) return undefined;
  const symbols = Object.keys(bars);
  if (symbols.length !== 1) throw new UserInputError('--book', 'expected one asset in --input when a capture supplies the spread', symbols.join(','));
  const b = bars[symbols[0]];
  if (b.intervalMs === null) throw new UserInputError('--input', 'expected bars with a regular interval to line the book up with');
  const rep = readCapture(paths, { barMs: b.intervalMs });
  const sp = spreadPct(snapshotsAsOf(barCloseTimes(b), rep.snapshots));
  return { [symbols[0]]: sp };
}

async function runBook(ctx: CliContext, cfg: BacktestConfig, out: string, seed: number) {
  const paths = getList(ctx, 'book');
  if (!paths) throw new UserInputError('--book', 'is required with --execution book: expected a Binance L2 capture');
  const rep = readCapture(paths, { barMs: 1000, eventLevels: cfg.execution.book.levels });
  const bars = { [rep.symbol]: rep.bars };
  const signals = signalsFor(ctx, bars);
  const notional = cfg.risk.max_position_pct * cfg.execution.initial_cash;
  const orders = bookOrdersFromSignals(rep.bars, signals[rep.symbol].side, notional);
  const r = bookBacktest({ symbol: rep.symbol, events: rep.events, trades: rep.trades }, orders, cfg.execution, { seed });
  const fillsCsv = ['order_id,ts,side,qty,price,liquidity,fee', ...r.fills.map((f) => [f.orderId, f.ts, f.side, f.qty, f.price, f.liquidity, f.fee].join(','))].join('\n');
  let cash = cfg.execution.initial_cash, pos = 0;
  const eq = ['ts,equity,cash,position_' + rep.symbol];
  for (const f of r.fills) {
    cash -= f.side * f.qty * f.price + f.fee; pos += f.side * f.qty;
    const o = r.orders[f.orderId];
    eq.push(`${f.ts},${cash + pos * o.arrivalMid},${cash},${pos}`);
  }
  const files = [
    write(out, 'equity.csv', `${eq.join('\n')}\n`),
    write(out, 'trades.csv', `${fillsCsv}\n`),
    write(out, 'tca.json', JSON.stringify(jsonSafe({ mode: 'book', summary: r.summary, orders: r.orders }), null, 1)),
    write(out, 'risk.json', JSON.stringify({ mode: 'book', halts: [], note: 'book mode simulates execution only; risk limits run in bar mode' }, null, 2)),
  ];
  return result(ctx, { mode: 'book', metrics: r.summary, tca: r.summary, inflation: null, files });
}

function result(ctx: CliContext, payload: Record<string, unknown>) {
  const json = jsonSafe(payload);
  const m = payload.metrics as { summary?: { totalReturn: number; annualizedSharpe: number; maxDrawdown: number }; trades?: number };
  const s = m.summary;
  const text = [
    `mode ${String(payload.mode)}${s ? `: return ${(s.totalReturn * 100).toFixed(2)}%, Sharpe ${s.annualizedSharpe.toFixed(2)}, max drawdown ${(s.maxDrawdown * 100).toFixed(2)}%` : ''}${m.trades !== undefined ? `, ${m.trades} trades` : ''}`,
    ...((payload.files as string[]).map((f) => `wrote ${f}`)),
  ].join('\n');
  void ctx;
  return { json, text };
}
