import { beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import type { ExperimentConfig } from '../../config/schema.ts';
import type { BarSeries } from '../../data/types.ts';
import { runExperiment } from '../../pipeline/index.ts';
import type { FrozenArtifact } from '../../pipeline/frozen.ts';
import { isUserInputError } from '../../util/errors.ts';
import { gbmBars } from '../../pipeline/__tests__/fixtures.ts';
import { PaperSession, paperFeatureCheck, decodePaperState, encodePaperState, frozenModel, periodBacktest, replayParity } from '../index.ts';
import type { PaperBar } from '../index.ts';

function config(extra: Record<string, unknown> = {}): ExperimentConfig {
  const r = validateConfig({ features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 }, ...extra });
  if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
  return r.config;
}
const bars = (): Record<string, BarSeries> => ({ BTC: gbmBars('BTC', 1500, 1), ETH: gbmBars('ETH', 1500, 2) });
let clock = 0;
const now = () => (clock += 1);
const barAt = (b: Record<string, BarSeries>, t: number): Record<string, PaperBar> =>
  Object.fromEntries(Object.entries(b).map(([s, x]) => [s, { ts: x.ts[t], open: x.open[t], high: x.high[t], low: x.low[t], close: x.close[t], volume: x.volume[t] }]));
const head = (b: Record<string, BarSeries>, n: number): Record<string, BarSeries> =>
  Object.fromEntries(Object.entries(b).map(([s, x]) => [s, { ...x, ts: x.ts.slice(0, n), open: x.open.slice(0, n), high: x.high.slice(0, n), low: x.low.slice(0, n), close: x.close.slice(0, n), volume: x.volume.slice(0, n) }]));

describe('paper trading on a run\'s frozen artifact', () => {
  let frozen: FrozenArtifact;
  let runTrades = 0;
  beforeAll(async () => {
    const res = await runExperiment(config(), { source: 'synthetic', bars: bars() }, { now, runId: 'paper1' });
    frozen = JSON.parse(JSON.stringify(res.frozen)) as FrozenArtifact; // as stored: through JSON
    runTrades = res.report.headline.trades;
  });

  it('frozenArtifact(...) is the last walk-forward window with the config hash; the reloaded model predicts identically', async () => {
    expect(frozen.format).toBe('skippy-frozen-v1');
    expect(frozen.window.index).toBe(frozen.window.count - 1);
    expect(frozen.window.endBar).toBe(1500);
    expect(frozen.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(frozen.calibration).not.toBeNull();
    expect(runTrades).toBeGreaterThan(0);
    // a refit is not needed to reproduce predictions: the JSON model and a second reload agree bit for bit
    const a = frozenModel(frozen.model), b = frozenModel(JSON.parse(JSON.stringify(a.toJSON())));
    const X = new Float64Array(frozen.featureNames.length * 50);
    for (let k = 0; k < X.length; k++) X[k] = Math.sin(k * 0.37) * 0.01;
    const rows = Int32Array.from({ length: 50 }, (_, k) => k);
    const pa = await a.predict({ X, p: frozen.featureNames.length }, rows), pb = await b.predict({ X, p: frozen.featureNames.length }, rows);
    expect(Array.from(pb)).toEqual(Array.from(pa));
    expect(pa.every((x) => x > 0 && x < 1)).toBe(true);
  });

  it('replayParity(frozen, model, bars) – paper fills equal the backtest of the same period to the last fill', async () => {
    const r = await replayParity(frozen, frozenModel(frozen.model), bars());
    expect(r.fromBar).toBe(frozen.window.startBar);
    expect(r.summary.bars).toBe(1500 - frozen.window.startBar);
    expect(r.drift.paper.fills).toBeGreaterThan(2);
    expect(r.drift.fillMismatches).toBe(0);
    expect(r.drift.flags).toEqual([]);
    expect(r.drift.paper.equity).toBe(r.drift.backtest.equity);
  });

  it('PaperSession.state() → encode/decode → resume continues exactly (restart mid-session loses nothing)', async () => {
    const all = bars(), from = frozen.window.startBar, mid = from + 60;
    const model = frozenModel(frozen.model);
    const whole = PaperSession.create({ frozen, model, history: head(all, from) });
    for (let t = from; t < 1500; t++) await whole.onBars(barAt(all, t));
    const first = PaperSession.create({ frozen, model, history: head(all, from) });
    for (let t = from; t < mid; t++) await first.onBars(barAt(all, t));
    const text = encodePaperState(first.state());
    const resumed = PaperSession.resume({ frozen, model, history: {} }, decodePaperState(text));
    expect(resumed.bars).toBe(mid - from);
    for (let t = mid; t < 1500; t++) await resumed.onBars(barAt(all, t));
    expect(resumed.ledger()).toEqual(whole.ledger());
    expect(Array.from(resumed.equityCurve().equity)).toEqual(Array.from(whole.equityCurve().equity));
    expect(resumed.summary()).toEqual(whole.summary());
  });

  it('paperFeatureCheck(frozen, feed) refuses a run whose features need the L2 book on a feed without it, naming them', () => {
    expect(() => paperFeatureCheck(frozen)).not.toThrow();
    const f = { ...frozen, featureNames: [...frozen.featureNames, 'spread_pct', 'mlofi_1'] };
    expect(() => paperFeatureCheck(f)).toThrow(/^run features: .*L2 book.*got "spread_pct, mlofi_1"/);
    expect(() => paperFeatureCheck(f, { book: true })).not.toThrow();
    expect(() => PaperSession.create({ frozen: f, model: frozenModel(frozen.model), history: head(bars(), 100) })).toThrow(/^snapshots\.BTC: .*L2 book/);
  });

  it('onBars(bars) – a failure while predicting leaves the session as it was; the same bar fed again continues exactly', async () => {
    const all = bars(), from = frozen.window.startBar;
    const real = frozenModel(frozen.model);
    let calls = 0;
    const flaky = { ...real, predict: async (d: Parameters<typeof real.predict>[0], r: Int32Array) => { if (++calls === 31) throw new Error('model unavailable'); return real.predict(d, r); } };
    const s = PaperSession.create({ frozen, model: flaky, history: head(all, from) });
    const whole = PaperSession.create({ frozen, model: real, history: head(all, from) });
    for (let t = from; t < from + 40; t++) {
      await whole.onBars(barAt(all, t));
      const before = encodePaperState(s.state());
      const e = await s.onBars(barAt(all, t)).catch((x: unknown) => x);
      if (e instanceof Error) {
        expect(e.message).toBe('model unavailable');
        expect(encodePaperState(s.state())).toBe(before);
        await s.onBars(barAt(all, t));
      }
    }
    expect(calls).toBeGreaterThan(31);
    expect(encodePaperState(s.state())).toBe(encodePaperState(whole.state()));
  });

  it('onBars(bars) refuses a bad bar with one clear error and leaves the session unchanged', async () => {
    const all = bars(), from = frozen.window.startBar;
    const s = PaperSession.create({ frozen, model: frozenModel(frozen.model), history: head(all, from) });
    await s.onBars(barAt(all, from));
    const before = encodePaperState(s.state());
    const bad: [Record<string, PaperBar>, RegExp][] = [
      [{ BTC: barAt(all, from + 1).BTC }, /bars\.ETH: a closed bar for every symbol/],
      [{ ...barAt(all, from + 1), SOL: barAt(all, from + 1).BTC }, /only the run's symbols/],
      [barAt(all, from), /a bar after the last one/],
      [{ ...barAt(all, from + 1), ETH: { ...barAt(all, from + 1).ETH, close: -1 } }, /bars\.ETH\.close: a positive finite price/],
      [{ ...barAt(all, from + 1), ETH: null as unknown as PaperBar }, /bars\.ETH: a bar \{ts, open/],
      [{ BTC: { ...barAt(all, from + 1).BTC, ts: all.BTC.ts[from] + 90_000 }, ETH: { ...barAt(all, from + 1).ETH, ts: all.BTC.ts[from] + 90_000 } }, /grid of the run/],
    ];
    for (const [b, msg] of bad) {
      const e = await s.onBars(b).catch((x: unknown) => x);
      expect(isUserInputError(e)).toBe(true);
      expect((e as Error).message).toMatch(msg);
      expect(encodePaperState(s.state())).toBe(before);
    }
    // a gap is not an error: it is counted
    const step = await s.onBars(barAt(all, from + 11));
    expect(step.gapBars).toBe(10);
    expect(s.summary().gaps).toBe(1);
  });

  it('replayParity agrees with a gbdt primary and meta-labelling on the MA rule', async () => {
    const c = config({ models: { primary: { kind: 'gbdt', max_iter: 20 }, meta: { enabled: true, primary: 'ma_rule', ma_window: 20 } } });
    const res = await runExperiment(c, { source: 'synthetic', bars: bars() }, { now, runId: 'paper2' });
    const f = JSON.parse(JSON.stringify(res.frozen)) as FrozenArtifact;
    expect(f.model).toMatchObject({ kind: 'gbdt' });
    const r = await replayParity(f, frozenModel(f.model), bars());
    expect(r.drift.paper.fills).toBeGreaterThan(0);
    expect(r.drift.fillMismatches).toBe(0);
    const bt = await periodBacktest(f, frozenModel(f.model), bars(), r.fromBar, r.toBar);
    expect(bt.fills.length).toBe(r.drift.paper.fills);
  });

  it('replayParity agrees with Kelly sizing (the random walk\'s own Kelly size is 0: the artifact\'s is set to 5 % to trade)', async () => {
    const c = config({ risk: { sizing: { kind: 'kelly', min_trades: 1 } } });
    const res = await runExperiment(c, { source: 'synthetic', bars: bars() }, { now, runId: 'paper3' });
    const f = { ...(JSON.parse(JSON.stringify(res.frozen)) as FrozenArtifact), kellySize: 0.05 };
    const r = await replayParity(f, frozenModel(f.model), bars());
    expect(r.drift.paper.fills).toBeGreaterThan(0);
    expect(r.drift.fillMismatches).toBe(0);
  });
});
