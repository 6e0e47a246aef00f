import { UserInputError } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import type { PipelineInputs } from '@skippy/core/pipeline';

/**
 * loadRunInputs(config, dataDir) – the market data a run needs, read through io. Source
 * "synthetic" returns null: the pipeline generates the seeded market itself (pure, no IO).
 */
export async function loadRunInputs(config: ExperimentConfig, dataDir: string): Promise<PipelineInputs | null> {
  if (config.data.source === 'synthetic') return null;
  throw new UserInputError('data.source', `"synthetic" (reading ingested bars from ${dataDir} is not available in this build)`, config.data.source);
}
