/**
 * Tier-2 benchmarks on the shared Binance L2 capture (≈ 270k messages in 4 files: usdm BTCUSDT, usdm
 * ETHUSDT, spot BTCUSDT 0808 + 0809 as one stream). Setup (untimed) gunzips and splits the files; the
 * timed run is the pure work on the lines.
 */
import { replayBinanceCapture } from '@skippy/core';
import { depthImbalance, multiLevelOfi, orderFlowImbalance, spreadPct } from '@skippy/core/features/microstructure';
import { SHARED_DATA_MISSING, readCaptureLines, sharedDataPath } from '@skippy/io';
import type { BenchEntry, BenchSkip } from '../harness.ts';

const D = 'binance-l2-hftbacktest-2024-08-08/';
const STREAMS = [['usdm/btcusdt_20240808.gz'], ['usdm/ethusdt_20240808.gz'], ['spot/btcusdt_20240808.gz', 'spot/btcusdt_20240809.gz']];

function loadStreams(): string[][] | BenchSkip {
  const out: string[][] = [];
  for (const files of STREAMS) {
    const paths = files.map((f) => sharedDataPath(D + f));
    if (paths.some((p) => p === null)) return { skip: SHARED_DATA_MISSING };
    out.push(readCaptureLines(paths as string[]));
  }
  return out;
}

export const entries: BenchEntry[] = [
  {
    name: 'features.tier2.l2capture',
    targetMs: 1500,
    setup: loadStreams,
    run: (streams) => streams.map((lines) => {
      const r = replayBinanceCapture(lines, { barMs: 1000, depth: 5, eventLevels: 5 });
      const ts = r.bars.ts;
      return [spreadPct(r.snapshots), depthImbalance(r.snapshots, 5), orderFlowImbalance(ts, 1000, r.events), ...multiLevelOfi(ts, 1000, r.events, 5)];
    }),
  } as BenchEntry<string[][]>,
  {
    name: 'l2.replay.l2capture',
    targetMs: 1500,
    setup: loadStreams,
    run: (streams) => streams.map((lines) => replayBinanceCapture(lines, { barMs: 1000 })),
  } as BenchEntry<string[][]>,
];
