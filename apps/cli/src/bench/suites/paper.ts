/**
 * Paper-trading benchmarks. Setup (untimed) runs the tiny synthetic experiment (1 day of 1m bars, BTC + ETH,
 * bar features) and keeps its frozen artifact; the timed work replays the run's last walk-forward window
 * (144 bars) through a PaperSession warmed up on the 1,296 bars before it — features over the history,
 * the frozen model, sizing and one BarEngine step per bar — and then the batch backtest of the same bars
 * for parity (`replayParity`). Figures: bars replayed, ms per bar, fill mismatches (0), state size.
 */
import { validateConfig } from '@skippy/core/config';
import { loadData, runExperiment } from '@skippy/core/pipeline';
import type { BarSeries } from '@skippy/core';
import { PaperSession, encodePaperState, frozenModel, replayParity } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import type { BenchEntry } from '../harness.ts';

interface PaperInput { frozen: FrozenArtifact; bars: Record<string, BarSeries>; figures: Record<string, number> }

export const entries: BenchEntry[] = [
  {
    name: 'paper.replay.1d.2sym',
    setup: async () => {
      const r = validateConfig({ name: 'paper-bench', data: { synthetic: { days: 1 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
      if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
      let clock = 0;
      const res = await runExperiment(r.config, null, { now: () => ++clock });
      const frozen = res.frozen!, bars = loadData(r.config, null).bars;
      // the non-time figures, once (untimed)
      const p = await replayParity(frozen, frozenModel(frozen.model), bars);
      const s = PaperSession.create({ frozen, model: frozenModel(frozen.model), history: bars });
      const figures = { bars_replayed: p.toBar - p.fromBar, warmup_bars: p.fromBar, fills: p.drift.paper.fills, fill_mismatches: p.drift.fillMismatches, state_bytes_full_history: encodePaperState(s.state()).length };
      return { frozen, bars, figures };
    },
    run: ({ frozen, bars }) => replayParity(frozen, frozenModel(frozen.model), bars),
    figures: ({ figures }) => figures,
  } as BenchEntry<PaperInput>,
];
