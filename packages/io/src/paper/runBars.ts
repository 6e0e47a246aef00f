/**
 * loadRunData(frozen, dataDir) – the run's own bars (the seeded synthetic market or the data directory),
 * aligned as the run aligned them, with the funding, open-interest and sentiment series it used (the
 * tier-3 features and the engine's funding need them on a replay) and its L2 book (snapshots at bar close,
 * update events) for the tier-2 features. loadRunBars: the bars only.
 */
import type { BarSeries, BookEvents, BookSnapshots, TimeSeries } from '@skippy/core';
import type { FrozenRunArtifact } from '@skippy/core/paper';
import { loadData } from '@skippy/core/pipeline';
import { loadRunInputs } from '../artifacts/index.ts';

export interface RunReplayData {
  bars: Record<string, BarSeries>;
  funding?: Record<string, TimeSeries>;
  openInterest?: Record<string, TimeSeries>;
  sentiment?: TimeSeries;
  /** The L2 book at each bar's close (one row per bar) and every book update, as the run's data stage matched them. */
  snapshots?: Record<string, BookSnapshots>;
  events?: Record<string, BookEvents>;
  /** A capture replay: the capture's own symbol (e.g. BTCUSDT). */
  captureSymbol?: string;
}

export async function loadRunData(frozen: FrozenRunArtifact, dataDir: string): Promise<RunReplayData> {
  const d = loadData(frozen.config, await loadRunInputs(frozen.config, dataDir));
  return { bars: d.bars, ...(d.funding ? { funding: d.funding } : {}), ...(d.openInterest ? { openInterest: d.openInterest } : {}), ...(d.sentiment ? { sentiment: d.sentiment } : {}),
    ...(d.snapshots ? { snapshots: d.snapshots } : {}), ...(d.events ? { events: d.events } : {}) };
}

export async function loadRunBars(frozen: FrozenRunArtifact, dataDir: string): Promise<Record<string, BarSeries>> {
  return (await loadRunData(frozen, dataDir)).bars;
}
