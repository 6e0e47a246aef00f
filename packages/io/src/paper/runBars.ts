/** loadRunBars(frozen, dataDir) – the run's own bars (the seeded synthetic market or the data directory), aligned as the run aligned them. */
import type { BarSeries } from '@skippy/core';
import type { FrozenArtifact } from '@skippy/core/paper';
import { loadData } from '@skippy/core/pipeline';
import { loadRunInputs } from '../artifacts/index.ts';

export async function loadRunBars(frozen: FrozenArtifact, dataDir: string): Promise<Record<string, BarSeries>> {
  return loadData(frozen.config, await loadRunInputs(frozen.config, dataDir)).bars;
}
