import type { LabelsConfig } from '../config/labels.ts';
import type { TripleBarrierOptions } from './tripleBarrierLabels.ts';

/** labelsConfigToOptions(config) – the `labels` config stage as tripleBarrierLabels options (events/side not included). */
export function labelsConfigToOptions(config: LabelsConfig): TripleBarrierOptions {
  return {
    horizons: config.max_holding_periods,
    multiplier: config.volatility_target_multiplier,
    pt: config.pt,
    sl: config.sl,
    volatility: config.volatility,
    minReturn: config.min_return_threshold,
    touch: config.touch,
    ambiguity: config.ambiguity,
  };
}
