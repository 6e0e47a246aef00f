import { describe, expect, it, beforeAll } from 'vitest';
import { readCaptureLines, sharedDataPath } from '@skippy/io';
import { createRng } from '../../../util/index.ts';
import { depthImbalance, multiLevelOfi, orderFlowImbalance, spreadPct } from '../../../features/microstructure/index.ts';
import { replayBinanceCapture } from '../index.ts';
import type { ReplayResult } from '../index.ts';

const path = sharedDataPath('binance-l2-hftbacktest-2024-08-08/usdm/btcusdt_20240808.gz');

/** Exchange time of a line: the smallest of its E and T (every usdm message carries both). */
function lineTime(line: string): number {
  let t = Infinity;
  for (const m of line.matchAll(/"([ET])":(\d+)/g)) t = Math.min(t, Number(m[2]));
  return t;
}

/**
 * Everything a consumer sees per bar, as [column, values per bar]: OHLCV, trade columns, the bar-close
 * book (depth 5 values per bar), tier-2 features.
 */
function perBar(r: ReplayResult): [Float64Array, number][] {
  const b = r.bars;
  const s = r.snapshots;
  const one = (a: Float64Array): [Float64Array, number] => [a, 1];
  return [
    ...[b.ts, b.open, b.high, b.low, b.close, b.volume, b.columns!.trade_count, b.columns!.buy_volume, s.ts].map(one),
    ...[s.bidPx, s.bidQty, s.askPx, s.askQty].map((a): [Float64Array, number] => [a, s.depth]),
    ...[spreadPct(s), depthImbalance(s, 5), orderFlowImbalance(b.ts, 1000, r.events), ...multiLevelOfi(b.ts, 1000, r.events, 5)].map(one),
  ];
}

function expectSamePrefix(a: [Float64Array, number][], b: [Float64Array, number][], nb: number): void {
  expect(a.length).toBe(b.length);
  for (let c = 0; c < a.length; c++) {
    const [x, w] = a[c];
    expect(Array.from(x.subarray(0, nb * w))).toEqual(Array.from(b[c][0].subarray(0, nb * w)));
  }
}

describe.runIf(path)('replayBinanceCapture(lines) + tier-2 kernels have no look-ahead (needs ../shared/data)', () => {
  let lines: string[];
  let full: ReplayResult;
  let fullCols: [Float64Array, number][];
  beforeAll(() => {
    lines = readCaptureLines(path!);
    full = replayBinanceCapture(lines, { eventLevels: 10 });
    fullCols = perBar(full);
  });

  it('truncating the capture after time t leaves every bar, snapshot, event and feature up to t unchanged', () => {
    const rng = createRng(7);
    const cuts = [Math.floor(lines.length * 0.3), 1000 + Math.floor(rng.next() * (lines.length - 2000))];
    for (const k of cuts) {
      // t = the earliest exchange time among the removed lines: nothing at or after t is known to the truncated run
      let t = Infinity;
      for (let i = k; i < lines.length; i++) t = Math.min(t, lineTime(lines[i]));
      const cut = replayBinanceCapture(lines.slice(0, k), { eventLevels: 10 });
      const cols = perBar(cut);
      // bars that close at or before t and exist in both runs
      let nb = 0;
      while (nb < cut.bars.ts.length && cut.bars.ts[nb] + 1000 <= t) nb++;
      expect(nb).toBeGreaterThan(50);
      expectSamePrefix(cols, fullCols, nb);
      // book events before t: an identical prefix
      let ne = 0;
      while (ne < cut.events.ts.length && cut.events.ts[ne] < t) ne++;
      const L = cut.events.depth;
      expect(Array.from(cut.events.ts.subarray(0, ne))).toEqual(Array.from(full.events.ts.subarray(0, ne)));
      expect(Array.from(cut.events.bidPx.subarray(0, ne * L))).toEqual(Array.from(full.events.bidPx.subarray(0, ne * L)));
      expect(Array.from(cut.events.askQty.subarray(0, ne * L))).toEqual(Array.from(full.events.askQty.subarray(0, ne * L)));
      // and the truncated run really is shorter
      expect(cut.bars.ts.length).toBeLessThan(full.bars.ts.length);
    }
  });

  it('changing every message after time t (sizes doubled) leaves everything up to t unchanged', () => {
    const k = Math.floor(lines.length * 0.5);
    let t = Infinity;
    for (let i = k; i < lines.length; i++) t = Math.min(t, lineTime(lines[i]));
    const perturbed = lines.slice(0, k).concat(lines.slice(k).map((l) => l.replace(/"(\d+\.\d+)"\]/g, (_, q: string) => `"${(Number(q) * 2).toFixed(3)}"]`).replace(/"q":"(\d+\.\d+)"/, (_, q: string) => `"q":"${(Number(q) * 2).toFixed(3)}"`)));
    const r = replayBinanceCapture(perturbed, { eventLevels: 10 });
    const cols = perBar(r);
    let nb = 0;
    while (nb < r.bars.ts.length && r.bars.ts[nb] + 1000 <= t) nb++;
    expect(nb).toBeGreaterThan(100);
    expectSamePrefix(cols, fullCols, nb);
    // the future did change
    const v = cols[5][0], fv = fullCols[5][0];
    expect(v.subarray(nb).some((x, i) => x !== fv[nb + i])).toBe(true);
  });
});
