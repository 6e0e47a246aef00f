import { UserInputError } from '@skippy/core';
import { alignBars, maCrossSignals, runStressTests, timeWindowInput, DEFAULT_STRESS_SCENARIOS } from '@skippy/core/backtest';
import type { BacktestInput, StressOutcome } from '@skippy/core/backtest';
import { readBarsFile, sharedDataPath, writeFileAtomic } from '@skippy/io';
import type { CliContext, Command } from '../framework.ts';
import { getNumber, getString } from '../args.ts';
import { executionConfig, loadBars, loadFunding, parseStrategy, signalsFor } from './backtest.ts';
import { join } from 'node:path';

/** Real crash windows in ../shared/data (UTC). */
const CRASHES = [
  { name: 'crash 2021-05-19 (BTC+ETH 1m)', files: ['binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz', 'binance-spot-btc-eth-1m-2021-04/ETH_USDT-1m.json.gz'], start: Date.UTC(2021, 4, 19), end: Date.UTC(2021, 4, 20) },
  { name: 'crash 2020-03-12 (BTC 5m)', files: ['binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz'], start: Date.UTC(2020, 2, 12), end: Date.UTC(2020, 2, 13) },
];

/** Crash windows with the --strategy signals computed on each file's full history (warm-up before the window). */
async function crashReplays(ctx: CliContext): Promise<{ name: string; input: BacktestInput }[]> {
  const strategy = getString(ctx, 'strategy');
  if (ctx.values['no-crash'] === true) return [];
  if (!strategy) { ctx.log('stress: crash replays need --strategy (signals files cover other dates); skipped'); return []; }
  const { fast, slow } = parseStrategy(strategy);
  const out: { name: string; input: BacktestInput }[] = [];
  for (const c of CRASHES) {
    const paths = c.files.map((f) => sharedDataPath(f));
    if (paths.some((p) => p === null)) { ctx.log(`stress: ${c.name}: ../shared/data absent; skipped`); continue; }
    const series = await Promise.all((paths as string[]).map((p) => readBarsFile(p)));
    const bars = series.length === 1 ? { [series[0].symbol]: series[0] } : alignBars(series);
    const signals = Object.fromEntries(Object.entries(bars).map(([s, b]) => [s, { side: maCrossSignals(b.close, fast, slow).side }]));
    out.push({ name: c.name, input: timeWindowInput({ bars, signals }, c.start, c.end) });
  }
  return out;
}

export const stressCommand: Command = {
  name: 'stress',
  summary: 'stress scenarios (gaps, volatility x3, liquidity drought, latency x10, funding spike, real crash replays)',
  usage: 'stress --input PATH[,PATH] [--funding PATH] --signals PATH | --strategy ma-cross:10,50 [--config PATH] [--no-crash] [--out DIR] [--json]',
  details: `Runs the bar-mode backtest of the configuration as is (base), then under each scenario with the same signals:
gap -10% / -20% (every price from the middle bar on), volatility x3 (bar log moves x3), liquidity drought
(slippage x5, full-fill probability 0.5), latency x10, funding spike (+0.3% per 8 h settlement), and replays of
the real crash windows in ../shared/data (2021-05-19 BTC+ETH 1m, 2020-03-12 BTC 5m) with --strategy.
Reports PnL, return, max drawdown, halts (by reason) and trades per scenario; --out writes stress.json.`,
  options: {
    input: { type: 'string', arg: 'PATH[,PATH]', description: 'bar files, one per asset' },
    funding: { type: 'string', arg: 'PATH[,PATH]', description: 'funding-rate CSV per asset' },
    'funding-timezone': { type: 'string', arg: 'TZ', description: 'zone of naive funding timestamps (default UTC)' },
    timezone: { type: 'string', arg: 'TZ', description: 'zone of naive bar timestamps (default UTC)' },
    signals: { type: 'string', arg: 'PATH', description: 'signals CSV (ts,side[,prob] or ts,symbol,side[,prob])' },
    strategy: { type: 'string', arg: 'ma-cross:F,S', description: 'built-in strategy instead of --signals' },
    'payoff-ratio': { type: 'string', arg: 'B', description: 'Kelly payoff ratio (needed with prob)' },
    'no-crash': { type: 'boolean', description: 'skip the real crash replays' },
    seed: { type: 'string', arg: 'N', description: 'seed (default config seed)' },
    out: { type: 'string', arg: 'DIR', description: 'write stress.json here' },
  },
  async run(ctx) {
    const { config, hash } = ctx.config();
    const cfg = executionConfig(ctx, config);
    if (cfg.execution.mode !== 'bar') throw new UserInputError('execution.mode', 'expected bar for stress tests', cfg.execution.mode);
    const bars = await loadBars(ctx);
    const signals = signalsFor(ctx, bars);
    const funding = await loadFunding(ctx, Object.keys(bars));
    const payoffRatio = getNumber(ctx, 'payoff-ratio', { min: 0, exclusiveMin: true });
    const input: BacktestInput = { bars, signals, ...(funding ? { funding } : {}), ...(payoffRatio !== undefined ? { payoffRatio } : {}) };
    const seed = getNumber(ctx, 'seed', { integer: true }) ?? config.seed;
    const report = runStressTests(input, cfg, { seed }, DEFAULT_STRESS_SCENARIOS, await crashReplays(ctx));
    const json = JSON.parse(JSON.stringify({ configHash: hash, ...report }));
    const out = getString(ctx, 'out');
    if (out) writeFileAtomic(join(out, 'stress.json'), JSON.stringify(json, null, 1));
    const line = (o: StressOutcome) => `${o.name.padEnd(34)} pnl ${o.pnl.toFixed(2).padStart(12)}  return ${(o.totalReturn * 100).toFixed(2).padStart(7)}%  maxDD ${(o.maxDrawdown * 100).toFixed(2).padStart(6)}%  halts ${String(o.halts).padStart(3)}  trades ${String(o.trades).padStart(4)}  ${o.note}`;
    return { json, text: report.outcomes.map(line).join('\n') };
  },
};
