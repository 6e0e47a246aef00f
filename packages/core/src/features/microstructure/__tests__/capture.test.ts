import { describe, expect, it, beforeAll } from 'vitest';
import { readCaptureLines, sharedDataPath } from '@skippy/io';
import { replayBinanceCapture } from '../../../data/l2/index.ts';
import type { ReplayResult } from '../../../data/l2/index.ts';
import { depthImbalance, multiLevelOfi, ofiTerm, orderFlowImbalance, spreadPct } from '../index.ts';

const D = 'binance-l2-hftbacktest-2024-08-08/';
const usdmEth = sharedDataPath(`${D}usdm/ethusdt_20240808.gz`);
const spot = [sharedDataPath(`${D}spot/btcusdt_20240808.gz`), sharedDataPath(`${D}spot/btcusdt_20240809.gz`)];

function checkStream(get: () => ReplayResult): void {
  it('spread_pct > 0 and finite on every bar, and equals the spread of the last event before each bar close', () => {
    const r = get();
    const sp = spreadPct(r.snapshots);
    const ev = r.events;
    let j = -1;
    for (let b = 0; b < sp.length; b++) {
      expect(sp[b] > 0 && Number.isFinite(sp[b])).toBe(true);
      while (j + 1 < ev.ts.length && ev.ts[j + 1] < r.snapshots.ts[b]) j++;
      const a = ev.askPx[j * ev.depth], bb = ev.bidPx[j * ev.depth];
      expect(sp[b]).toBe((a - bb) / ((a + bb) / 2));
    }
  });
  it('depth_imbalance lies in [−1, 1] on every bar', () => {
    const di = depthImbalance(get().snapshots, 5);
    for (const x of di) expect(x >= -1 && x <= 1).toBe(true);
  });
  it('mlofi_1 equals ofi, every event falls in a bar, and Σ ofi equals Σ e_n over all applied diffs', () => {
    const r = get();
    const ofi = orderFlowImbalance(r.bars.ts, 1000, r.events);
    const ml = multiLevelOfi(r.bars.ts, 1000, r.events, 5);
    expect(ml).toHaveLength(5);
    expect(Array.from(ml[0])).toEqual(Array.from(ofi));
    for (const col of ml) for (const x of col) expect(Number.isFinite(x)).toBe(true);
    const ev = r.events;
    const L = ev.depth;
    let inBars = 0;
    const first = r.bars.ts[0], end = r.bars.ts[r.bars.ts.length - 1] + 1000;
    for (const t of ev.ts) if (t >= first && t < end) inBars++;
    expect(inBars).toBe(r.stats.diffsApplied);
    expect(ev.ts.length).toBe(r.stats.diffsApplied);
    let direct = 0;
    for (let n = 1; n < ev.ts.length; n++) {
      const o = n * L, p = o - L;
      direct += ofiTerm(ev.bidPx[o], ev.bidQty[o], ev.askPx[o], ev.askQty[o], ev.bidPx[p], ev.bidQty[p], ev.askPx[p], ev.askQty[p]);
    }
    let total = 0;
    for (const x of ofi) total += x;
    expect(total).toBeCloseTo(direct, 6);
    // some bars have no diff (ofi exactly 0), most have flow
    expect(ofi.some((x) => x !== 0)).toBe(true);
  });
}

describe.runIf(usdmEth)('tier-2 kernels on the usdm ETHUSDT capture, 1 s bars (needs ../shared/data)', () => {
  let r: ReplayResult;
  beforeAll(() => { r = replayBinanceCapture(readCaptureLines(usdmEth!)); });
  checkStream(() => r);
});

describe.runIf(spot[0] && spot[1])('tier-2 kernels on the spot BTCUSDT capture (0808 + 0809), 1 s bars (needs ../shared/data)', () => {
  let r: ReplayResult;
  beforeAll(() => { r = replayBinanceCapture(readCaptureLines(spot as string[])); });
  checkStream(() => r);
});
