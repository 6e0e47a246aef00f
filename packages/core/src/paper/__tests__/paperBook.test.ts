import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import { loadData, runExperiment } from '../../pipeline/index.ts';
import type { PipelineInputs } from '../../pipeline/index.ts';
import type { FrozenArtifact } from '../../pipeline/frozen.ts';
import { isUserInputError } from '../../util/errors.ts';
import { PaperSession, bookNeeds, bookReplay, decodePaperState, encodePaperState, frozenModel, replayParity } from '../index.ts';
import type { PaperBar, PaperBook } from '../index.ts';

/**
 * The DEFAULT config (microstructure on: spread_pct, depth_imbalance, ofi, mlofi_m; book, funding, OI,
 * sentiment) on one synthetic day with a planted momentum edge (so the model trades often enough to test).
 */
function defaultConfig(): ExperimentConfig {
  const r = validateConfig({ data: { synthetic: { days: 1, edge: { strength: 0.3 } } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}

const barAt = (d: PipelineInputs, t: number): Record<string, PaperBar> =>
  Object.fromEntries(Object.entries(d.bars).map(([s, x]) => [s, { ts: x.ts[t], open: x.open[t], high: x.high[t], low: x.low[t], close: x.close[t], volume: x.volume[t] }]));

describe('paper trading a run whose features read the L2 book (the default config)', () => {
  let cfg: ExperimentConfig;
  let data: PipelineInputs;
  let frozen: FrozenArtifact;
  let predictions: Record<string, unknown>;
  beforeAll(async () => {
    cfg = defaultConfig();
    data = loadData(cfg, null);
    const res = await runExperiment(cfg, null, { now: () => 0, runId: 'paperbook' });
    frozen = JSON.parse(JSON.stringify(res.frozen)) as FrozenArtifact;
    predictions = res.tables.predictions as Record<string, unknown>;
  });

  const aux = () => ({ funding: data.funding!, openInterest: data.openInterest!, sentiment: data.sentiment!, snapshots: data.snapshots!, events: data.events! });

  it('the default run uses the book features and has a frozen artifact', () => {
    expect(frozen.featureNames).toEqual(expect.arrayContaining(['spread_pct', 'depth_imbalance', 'ofi', 'mlofi_1']));
    expect(bookNeeds(frozen)).toEqual({ snapshots: true, events: true });
    expect(data.snapshots).toBeDefined();
    expect(data.events).toBeDefined();
  });

  it('replayParity feeds the run\'s book with its bars: fill_mismatches = 0 (spread_pct charged as the half spread on both sides)', async () => {
    const r = await replayParity(frozen, frozenModel(frozen.model), data.bars, aux());
    expect(r.summary.bars).toBe(data.bars.BTC.ts.length - frozen.window.startBar);
    expect(r.drift.paper.fills).toBeGreaterThan(10);
    expect(r.drift.fillMismatches).toBe(0);
    expect(r.drift.flags).toEqual([]);
    expect(r.drift.paper.equity).toBe(r.drift.backtest.equity);
    expect(r.drift.paper.slippage).toBeGreaterThan(0);
  });

  it('against the run\'s own walk-forward: at every sample its last window predicted, the session\'s calibrated score is the run\'s, bit for bit', async () => {
    // well-defined where the run made a prediction: its last window's samples (none in the last `horizon` bars, whose labels were unknown)
    const t0 = predictions.t0 as Float64Array, sym = predictions.symbol as string[], prob = predictions.prob as Float64Array, fold = predictions.fold as Int32Array;
    const run = new Map<string, number>();
    for (let r = 0; r < t0.length; r++) if (fold[r] === frozen.window.index) run.set(`${sym[r]}@${t0[r]}`, prob[r]);
    expect(run.size).toBeGreaterThan(50);
    const from = frozen.window.startBar, T = data.bars.BTC.ts.length, a = aux();
    const book = bookReplay(frozen.symbols, { snapshots: a.snapshots, events: a.events }, data.bars.BTC.ts, 60_000, from)!;
    const hist = Object.fromEntries(frozen.symbols.map((s) => { const x = data.bars[s]; return [s, { ...x, ts: x.ts.subarray(0, from), open: x.open.subarray(0, from), high: x.high.subarray(0, from), low: x.low.subarray(0, from), close: x.close.subarray(0, from), volume: x.volume.subarray(0, from) }]; }));
    const s = PaperSession.create({ frozen, model: frozenModel(frozen.model), history: hist, funding: a.funding, openInterest: a.openInterest, sentiment: a.sentiment, ...book.history });
    let compared = 0;
    for (let t = from; t < T; t++) {
      const step = await s.onBars(barAt(data, t), book.at(t));
      for (const sym of frozen.symbols) {
        const want = run.get(`${sym}@${step.ts}`);
        if (want === undefined) continue;
        expect(step.signals[sym].score).toBe(want);
        compared++;
      }
    }
    expect(compared).toBe(run.size);
  });

  it('the book fed bar by bar is the run\'s book: every update once, in order; state → resume continues exactly', async () => {
    const from = frozen.window.startBar, T = data.bars.BTC.ts.length, mid = from + 50;
    const model = frozenModel(frozen.model);
    const a = aux();
    const book = bookReplay(frozen.symbols, { snapshots: a.snapshots, events: a.events }, data.bars.BTC.ts, 60_000, from)!;
    const cut = (n: number) => Object.fromEntries(frozen.symbols.map((s) => { const x = data.bars[s]; return [s, { ...x, ts: x.ts.subarray(0, n), open: x.open.subarray(0, n), high: x.high.subarray(0, n), low: x.low.subarray(0, n), close: x.close.subarray(0, n), volume: x.volume.subarray(0, n) }]; }));
    const opts = { frozen, model, history: cut(from), funding: a.funding, openInterest: a.openInterest, sentiment: a.sentiment, ...book.history };
    const s1 = PaperSession.create(opts);
    let fed = book.history.events!.BTC.ts.length;
    for (let t = from; t < mid; t++) { const b = book.at(t); fed += b.BTC.events!.ts.length; await s1.onBars(barAt(data, t), b); }
    const resumed = PaperSession.resume({ ...opts, history: {} }, decodePaperState(encodePaperState(s1.state())));
    for (let t = mid; t < T; t++) { const b = book.at(t); fed += b.BTC.events!.ts.length; await resumed.onBars(barAt(data, t), b); }
    // every update inside the bars' span was delivered once (the run's events end at the last bar's close)
    const lastClose = data.bars.BTC.ts[T - 1] + 60_000;
    expect(fed).toBe(Array.from(a.events.BTC.ts).filter((x) => x < lastClose).length);
    expect(resumed.state().book!.BTC.snapshots!.ts.length).toBe(T);
    const ref = await replayParity(frozen, model, data.bars, a);
    expect(resumed.ledger().fills).toEqual(ref.drift.rows.map((r) => r.paper && expect.objectContaining(r.paper)));
    expect(resumed.summary().equity).toBe(ref.summary.equity);
  });

  it('a bar without its book, a snapshot of the wrong depth or updates out of order is refused in one line; the session is unchanged', async () => {
    const from = frozen.window.startBar, a = aux();
    const book = bookReplay(frozen.symbols, { snapshots: a.snapshots, events: a.events }, data.bars.BTC.ts, 60_000, from)!;
    const hist = Object.fromEntries(frozen.symbols.map((s) => { const x = data.bars[s]; return [s, { ...x, ts: x.ts.subarray(0, from), open: x.open.subarray(0, from), high: x.high.subarray(0, from), low: x.low.subarray(0, from), close: x.close.subarray(0, from), volume: x.volume.subarray(0, from) }]; }));
    const s = PaperSession.create({ frozen, model: frozenModel(frozen.model), history: hist, funding: a.funding, openInterest: a.openInterest, sentiment: a.sentiment, ...book.history });
    await s.onBars(barAt(data, from), book.at(from));
    const before = encodePaperState(s.state());
    const good = book.at(from + 1);
    const ev = good.BTC.events!;
    const late = { ...ev, ts: Float64Array.from(ev.ts, (x, k) => (k === ev.ts.length - 1 ? data.bars.BTC.ts[from + 1] + 60_000 : x)) };
    const bad: [Record<string, PaperBook> | undefined, RegExp][] = [
      [undefined, /^book: the L2 book of every symbol/],
      [{ BTC: good.BTC }, /^book\.ETH: the book of the bar/],
      [{ ...good, BTC: { ...good.BTC, snapshot: { ...good.BTC.snapshot!, bidPx: [1] } } }, /^book\.BTC\.snapshot\.bidPx: \d+ numbers/],
      [{ ...good, BTC: { ...good.BTC, events: late } }, /^book\.BTC\.events\.ts\[\d+\]: an update before the bar's close/],
      [{ ...good, BTC: { ...good.BTC, events: { ...ev, ts: Float64Array.from(ev.ts).reverse() } } }, /^book\.BTC\.events\.ts\[1\]: update times in order/],
    ];
    expect(ev.ts.length).toBeGreaterThan(1);
    for (const [b, msg] of bad) {
      const e = await s.onBars(barAt(data, from + 1), b).catch((x: unknown) => x);
      expect(isUserInputError(e)).toBe(true);
      expect((e as Error).message).toMatch(msg);
      expect(encodePaperState(s.state())).toBe(before);
    }
    await s.onBars(barAt(data, from + 1), good);
    expect(s.bars).toBe(2);
  });
});
