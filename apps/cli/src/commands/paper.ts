/**
 * `skippy-train paper start --run RUN_ID [--feed replay|live] [--speed N|max] [--until-end] [--json]` –
 * a finished run's frozen artifact trading forward in this process (core's PaperSession: the
 * backtest's own engine). Replay feeds the run's stored bars (or --replay-file) from its last
 * walk-forward window; at the end the same bars are re-run as one batch backtest and the summary
 * names every fill that differs (`fill_mismatches`, 0 on a replay). Nothing is retrained, no API key
 * is read, no order leaves this process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { PaperSession, bookReplay, paperFeatureCheck, paperStateBook, decodePaperState, encodePaperState, frozenModel, frozenPolicies, isPolicyArtifact, periodBacktest, driftReport, paperTotals, backtestTotals } from '@skippy/core/paper';
import type { FrozenRunArtifact, ModelRestorer, PaperBar, PaperSessionState, PaperStep } from '@skippy/core/paper';
import { CHECKPOINT_FORMAT, modelFromJSON, policyFromJSON } from '@skippy/ml';
import { runArtifactDir } from '@skippy/io/artifacts';
import { readBarsFile } from '@skippy/io/readers';
import { writeFileAtomic } from '@skippy/io';
import { captureReplayData, loadRunData, parseSpeed, readFrozenArtifact, replayFeed } from '@skippy/io/paper';
import type { RunReplayData } from '@skippy/io/paper';
import type { CliContext, Command, CommandResult } from '../framework.ts';
import { getList, getString } from '../args.ts';

const iso = (ms: number | null) => (ms === null ? 'n/a' : new Date(ms).toISOString().replace('.000Z', 'Z'));
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : 'n/a');

/** @skippy/ml's mlp / tcn checkpoints. */
export const mlRestorer: ModelRestorer = (json) => ((json as { format?: unknown } | null)?.format === CHECKPOINT_FORMAT ? modelFromJSON(json) : null);

/** The run folder of --run (under <home>/runs) or --run-dir. */
export function runFolder(ctx: CliContext): { dir: string; label: string } {
  const dirFlag = getString(ctx, 'run-dir');
  if (dirFlag) return { dir: resolve(dirFlag), label: `--run-dir ${dirFlag}` };
  const id = getString(ctx, 'run');
  if (!id) throw new UserInputError('--run', 'the id of a finished run (skippy-train run --store prints it) or --run-dir DIR');
  let dir: string;
  try { dir = runArtifactDir(join(resolve(getString(ctx, 'home') ?? '.skippy'), 'runs'), id); } catch {
    throw new UserInputError('--run', 'a run id of letters, digits, _ and - (at most 80)', id);
  }
  return { dir, label: `--run ${id}` };
}

/** A replay file: one symbol's bars; its symbol and interval must be the run's. */
async function replayFileBars(path: string, frozen: FrozenRunArtifact): Promise<Record<string, BarSeries>> {
  if (!existsSync(path)) throw new UserInputError('--replay-file', 'an existing bars file (CSV, JSON, Parquet, Binance kline CSV)', path);
  const b = await readBarsFile(path);
  const iv = BAR_INTERVAL_MS[frozen.interval];
  if (frozen.symbols.length !== 1 || b.symbol !== frozen.symbols[0]) {
    throw new UserInputError('--replay-file', `bars of the run's symbols (${frozen.symbols.join(', ')}); a file holds one symbol`, b.symbol);
  }
  const fileIv = b.intervalMs ?? (b.ts.length > 1 ? b.ts[1] - b.ts[0] : iv);
  if (fileIv !== iv) throw new UserInputError('--replay-file', `${frozen.interval} bars like the run (${iv} ms)`, `${fileIv} ms bars`);
  return { [b.symbol]: b };
}

const cut = (b: BarSeries, from: number, to: number): BarSeries => ({ ...b, ts: b.ts.slice(from, to), open: b.open.slice(from, to), high: b.high.slice(from, to), low: b.low.slice(from, to), close: b.close.slice(from, to), volume: b.volume.slice(from, to) });

/** The bars a session has seen (warm-up included) as BarSeries, from its state. */
function stateBars(st: PaperSessionState, intervalMs: number): Record<string, BarSeries> {
  return Object.fromEntries(st.symbols.map((s) => {
    const b = st.bars[s];
    return [s, { symbol: s, intervalMs, ts: Float64Array.from(b.ts), open: Float64Array.from(b.open), high: Float64Array.from(b.high), low: Float64Array.from(b.low), close: Float64Array.from(b.close), volume: Float64Array.from(b.volume) }];
  }));
}

function loadState(path: string, frozen: FrozenRunArtifact): PaperSessionState | null {
  if (!existsSync(path)) return null;
  const st = decodePaperState(readFileSync(path, 'utf8'));
  if (st.configHash !== frozen.configHash) throw new UserInputError('--state', `a session of this run (config ${frozen.configHash.slice(0, 12)})`, st.configHash.slice(0, 12));
  return st;
}

async function start(ctx: CliContext): Promise<CommandResult> {
  const { dir, label } = runFolder(ctx);
  const feed = getString(ctx, 'feed') ?? 'replay';
  if (feed !== 'replay' && feed !== 'live') throw new UserInputError('--feed', 'replay or live', feed);
  const speed = parseSpeed(getString(ctx, 'speed'));
  const frozen = readFrozenArtifact(dir, label);
  const replayPath = getString(ctx, 'replay-file');
  const capture = getList(ctx, 'capture');
  if (capture && replayPath) throw new UserInputError('--capture', 'either --capture or --replay-file', '--capture and --replay-file');
  if (capture && feed !== 'replay') throw new UserInputError('--capture', 'a replay feed (--feed replay)', `--feed ${feed}`);
  // before any data is loaded (the series check follows in PaperSession.create): the run's own data and a
  // capture carry the L2 book, and so does the live feed on the websocket (--ws: watchOrderBook); a bars file
  // and the live REST feed (closed bars only) do not
  paperFeatureCheck(frozen, { book: (feed === 'replay' && !replayPath) || (feed === 'live' && ctx.values.ws === true) });
  // a PPO run's artifact trades its restored policies (argmax on the trading env's observation)
  const model = isPolicyArtifact(frozen) ? frozenPolicies(frozen, policyFromJSON) : frozenModel(frozen.model, [mlRestorer]);
  const statePath = getString(ctx, 'state');
  const intervalMs = BAR_INTERVAL_MS[frozen.interval];
  if (feed === 'live') return (await import('./paperLive.ts')).startLive(ctx, frozen, model, statePath ? resolve(statePath) : null);
  const data: RunReplayData = capture ? captureReplayData(capture.map((c) => resolve(c)), frozen, getString(ctx, 'quote') ?? 'USDT')
    : replayPath ? { bars: await replayFileBars(resolve(replayPath), frozen) } : await loadRunData(frozen, ctx.dataDir);
  const source = capture ? '--capture' : replayPath ? '--replay-file' : 'run bars';
  const all = data.bars;
  const aux = { ...(data.funding ? { funding: data.funding } : {}), ...(data.openInterest ? { openInterest: data.openInterest } : {}), ...(data.sentiment ? { sentiment: data.sentiment } : {}) };
  const s0 = frozen.symbols[0];
  for (const s of frozen.symbols) if (!Object.hasOwn(all, s)) throw new UserInputError(source, `bars of ${s}`, 'missing');
  const T = all[s0].ts.length;
  // the replay starts at the run's last walk-forward window (bars before it warm the features up); a capture
  // (another period than the run's) is traded from its first bar, the features warming up as on a live start
  let from = 0;
  while (!capture && from < T && all[s0].ts[from] < frozen.window.startTs) from++;
  if (from >= T) throw new UserInputError(source, `bars from ${iso(frozen.window.startTs)} (the run's last walk-forward window)`, `bars up to ${iso(all[s0].ts[T - 1])}`);
  const prior = statePath ? loadState(resolve(statePath), frozen) : null;
  // the run's L2 book beside its bars: the warm-up rows, then each bar's close snapshot and updates
  const bookData = { ...(data.snapshots ? { snapshots: data.snapshots } : {}), ...(data.events ? { events: data.events } : {}) };
  const priorLast = prior ? prior.bars[s0].ts[prior.bars[s0].ts.length - 1] : undefined;
  const book = bookReplay(frozen.symbols, bookData, all[s0].ts, intervalMs, from, priorLast === undefined ? undefined : priorLast + intervalMs);
  const session = prior ? PaperSession.resume({ frozen, model, history: {}, ...aux }, prior)
    : PaperSession.create({ frozen, model, history: Object.fromEntries(frozen.symbols.map((s) => [s, cut(all[s], 0, from)])), ...aux, ...book?.history });
  const last = session.lastTs;
  const after = last === null ? from : all[s0].ts.findIndex((t) => t > last);
  const skip = after < 0 ? T : Math.max(from, after); // a resumed session continues after its last bar
  const persist = () => { if (statePath) writeFileAtomic(resolve(statePath), encodePaperState(session.state())); };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  const bar = ctx.progress('paper', T - from);
  try {
    let t = skip;
    for await (const b of replayFeed(all, { from: skip, to: T, speed, intervalMs, signal: controller.signal })) {
      const step: PaperStep = await session.onBars(b as Record<string, PaperBar>, book?.at(t++));
      for (const f of step.fills) if (!ctx.json) ctx.log(`${iso(f.ts)} fill ${f.symbol} ${f.side > 0 ? 'buy' : 'sell'} ${f.qty.toPrecision(6)} @ ${f.price.toPrecision(8)} fee ${f.fee.toFixed(4)}`);
      persist();
      bar.update(session.bars);
    }
  } finally {
    bar.finish();
    process.off('SIGINT', onSigint);
  }
  persist();
  const summary = session.summary();
  const reachedEnd = session.lastTs === all[s0].ts[T - 1];
  const untilEnd = ctx.values['until-end'] === true;
  let drift = null;
  if (reachedEnd || untilEnd) {
    const st = session.state();
    const seen = stateBars(st, intervalMs);
    const bt = await periodBacktest(frozen, model, seen, st.warmup, seen[s0].ts.length, { ...aux, ...paperStateBook(st) });
    drift = driftReport({ fills: session.ledger().fills, totals: paperTotals(summary) }, { fills: bt.fills, totals: backtestTotals(bt) });
  }
  const json = {
    run_id: frozen.runId, config_hash: frozen.configHash, feed, ...(capture ? { capture: data.captureSymbol ?? null } : {}), speed: speed === Infinity ? 'max' : speed, window: frozen.window,
    bars: summary.bars, first_ts: summary.firstTs, last_ts: summary.lastTs, reached_end: reachedEnd,
    initial_cash: summary.initialCash, equity: summary.equity, total_return: summary.totalReturn, max_drawdown: summary.maxDrawdown,
    fills: summary.fills, orders: summary.orders, trades: summary.trades, fees: summary.fees, slippage: summary.slippage, funding: summary.funding,
    halts: summary.halts, gaps: summary.gaps, positions: summary.positions,
    fill_mismatches: drift ? drift.fillMismatches : null,
    drift: drift ? { paper: drift.paper, backtest: drift.backtest, flags: drift.flags, mismatched: drift.rows.filter((r) => !r.match).slice(0, 20) } : null,
    state: statePath ? resolve(statePath) : null,
  };
  const text = [
    `paper session of ${frozen.runId} (config ${frozen.configHash.slice(0, 12)}), ${feed} feed at ${speed === Infinity ? 'max speed' : `${speed}×`}`,
    `  bars ${summary.bars}: ${iso(summary.firstTs)} → ${iso(summary.lastTs)}${reachedEnd ? ' (end of data)' : ''}; gaps ${summary.gaps}`,
    `  equity ${summary.equity.toFixed(2)} (${pct(summary.totalReturn)}), max drawdown ${pct(summary.maxDrawdown)}`,
    `  fills ${summary.fills}, orders ${summary.orders}, trades ${summary.trades}; fees ${summary.fees.toFixed(4)}, slippage ${summary.slippage.toFixed(4)}, funding ${summary.funding.toFixed(4)}; halts ${summary.halts.length}`,
    `  positions ${Object.entries(summary.positions).map(([s, q]) => `${s} ${q.toPrecision(6)}`).join(', ')}`,
    ...(drift ? [
      `  backtest of the same bars: equity ${drift.backtest.equity.toFixed(2)}, fills ${drift.backtest.fills}`,
      `  fill_mismatches ${drift.fillMismatches}${drift.fillMismatches === 0 ? ' (every fill agrees with the backtest)' : ''}`,
      ...drift.rows.filter((r) => !r.match).slice(0, 10).map((r) => `    fill ${r.index}: ${r.differences.join('; ')}`),
      ...drift.flags.map((f) => `    ! ${f}`),
    ] : []),
  ].join('\n');
  return { json, text, exitCode: drift && drift.fillMismatches > 0 ? 1 : 0 };
}

export const paperCommand: Command = {
  name: 'paper',
  summary: 'paper trading: a finished run\'s frozen model on a replayed or live feed, through the backtest\'s own engine (no real orders)',
  usage: 'paper start (--run RUN_ID [--home DIR] | --run-dir DIR) [--feed replay|live] [--speed N|max] [--until-end] [--replay-file PATH | --capture PATH[,PATH]] [--state FILE] [--json]\n'
    + '       paper status|stop --server URL [--token T] [--id SESSION] [--json]',
  details: `start trades the run's frozen artifact (frozen.json in the run folder: the last walk-forward window's model,
calibration, Kelly size, config and hash; for a \`ppo\` run its trained policies and observation normalisers, acting
deterministically on the trading environment's observation) one closed bar at a time. Nothing is retrained.
--feed replay (default) replays the run's own bars (or --replay-file, one symbol) from its last walk-forward window at
--speed 1–1000 × real time (max: no pacing); at the end of the data the same bars are re-run as one batch backtest and
fill_mismatches counts the fills that differ (0 on a replay; exit 1 otherwise). The run's L2 book (stored or synthetic)
is fed with its bars, so a run with book features (the default config) replays too.
--capture PATH[,PATH] replays a Binance L2 capture (one symbol, files in order form one stream) from its first bar:
bars at the run's interval and the book built as the features / backtest commands build them from a capture.
--feed live polls the exchange's closed bars through ccxt (public endpoints only, no credentials; --ws: its kline
websocket, REST back-fills what the stream misses): see --exchange. With --ws each bar also gets the exchange's L2 book
(watchOrderBook) and is checked against the public trades of its interval (watchTrades; a bar that disagrees is
printed); without it a run whose features read the L2 book is refused in one line.
--state FILE persists the session after every bar and resumes from it when it exists.
status / stop talk to a server's paper sessions through its tRPC API (--server URL, --token T or SKIPPY_TOKEN):
status lists them (or shows --id SESSION: summary, feed health, fill_mismatches at the end of a replay); stop --id stops one.
Bad input (no frozen model, a replay file of another symbol or interval, a file that does not parse) is one line, exit 2.`,
  options: {
    run: { type: 'string', arg: 'RUN_ID', description: 'a finished run stored under <home>/runs' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder (default .skippy)' },
    'run-dir': { type: 'string', arg: 'DIR', description: 'a run folder (e.g. run --out DIR) instead of --run' },
    feed: { type: 'string', arg: 'KIND', description: 'replay | live', default: 'replay' },
    speed: { type: 'string', arg: 'N', description: 'replay speed 1–1000 × real time, or max', default: '1' },
    'until-end': { type: 'boolean', description: 'replay to the end of the data and print the summary with fill_mismatches' },
    'replay-file': { type: 'string', arg: 'PATH', description: 'replay these bars instead of the run\'s own' },
    capture: { type: 'string', arg: 'PATHS', description: 'replay a Binance L2 capture (comma-separated files of one stream): bars and book' },
    state: { type: 'string', arg: 'FILE', description: 'persist the session here after every bar; resume from it when present' },
    exchange: { type: 'string', arg: 'ID', description: 'live: ccxt exchange id (default binance)' },
    'exchange-url': { type: 'string', arg: 'URL', description: 'live: base URL of a Binance-compatible REST API (e.g. the local mock exchange)' },
    ws: { type: 'boolean', description: 'live: klines, order books and trades from the exchange\'s websocket (ccxt pro watch*) with REST back-fill' },
    'exchange-ws-url': { type: 'string', arg: 'URL', description: 'live: websocket base replacing the exchange\'s (e.g. the local mock exchange)' },
    quote: { type: 'string', arg: 'ASSET', description: 'live: quote asset of the run\'s symbols (default USDT: BTC → BTC/USDT)' },
    'max-bars': { type: 'string', arg: 'N', description: 'live: stop after N closed bars' },
    server: { type: 'string', arg: 'URL', description: 'status / stop: the Skippy server running the sessions' },
    token: { type: 'string', arg: 'T', description: 'status / stop: the server\'s token (default SKIPPY_TOKEN)' },
    id: { type: 'string', arg: 'SESSION', description: 'status / stop: the paper session id' },
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    if (sub !== 'start' && sub !== 'status' && sub !== 'stop') throw new UserInputError('paper', 'a subcommand: start, status or stop', sub ?? 'none');
    if (ctx.positionals.length > 1) throw new UserInputError(`paper ${sub}`, 'no further arguments', ctx.positionals.slice(1).join(' '));
    if (sub !== 'start') return (await import('./paperRemote.ts')).remote(ctx, sub);
    return start(ctx);
  },
};
