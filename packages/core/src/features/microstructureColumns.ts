import type { FeaturesConfig } from '../config/features.ts';
import { UserInputError } from '../util/errors.ts';
import type { FeatureInput } from './computeFeatures.ts';
import { depthImbalance, multiLevelOfi, orderFlowImbalance, spreadPct } from './microstructure/index.ts';

const PROXY_HINT = 'only bars were given: tier 2 needs the L2 book (--book PATH or a capture file as --input); '
  + 'the bar-based proxies spread_cs and ofi_tick can be requested by name instead, they are not the same features';

/**
 * microstructureColumns(input, config, names) – the tier-2 book features among `names`, computed with
 * the kernels in ./microstructure. Snapshots must hold one row per bar (the state at its close); events
 * are every book state with its exchange time. Missing book data is a UserInputError, never a proxy.
 */
export function microstructureColumns(input: FeatureInput, config: FeaturesConfig, names: string[]): Map<string, Float64Array> {
  const { bars, snapshots, events } = input;
  const n = bars.ts.length;
  const out = new Map<string, Float64Array>();
  const wants = new Set(names);
  if (wants.has('spread_pct') || wants.has('depth_imbalance')) {
    if (!snapshots) throw new UserInputError('features.microstructure', 'needs L2 book snapshots at bar close', undefined, PROXY_HINT);
    if (snapshots.ts.length !== n) throw new UserInputError('book', `expected one book snapshot per bar (${n} bars)`, snapshots.ts.length);
    if (wants.has('spread_pct')) out.set('spread_pct', spreadPct(snapshots));
    if (wants.has('depth_imbalance')) out.set('depth_imbalance', depthImbalance(snapshots, Math.min(config.microstructure.depth_levels, snapshots.depth)));
  }
  const mlofi = names.filter((x) => x.startsWith('mlofi_'));
  if (wants.has('ofi') || mlofi.length) {
    if (!events) throw new UserInputError('features.microstructure', 'needs L2 book update events for ofi/mlofi', undefined, PROXY_HINT);
    if (bars.intervalMs === null) throw new UserInputError('bars', 'expected a regular bar interval for ofi/mlofi', 'irregular bars');
    if (wants.has('ofi')) out.set('ofi', orderFlowImbalance(bars.ts, bars.intervalMs, events, {}));
    if (mlofi.length) {
      const levels = config.microstructure.mlofi.levels;
      if (levels > events.depth) throw new UserInputError('features.microstructure.mlofi.levels', `expected at most ${events.depth} levels (the book events hold ${events.depth})`, levels);
      const cols = multiLevelOfi(bars.ts, bars.intervalMs, events, levels);
      for (let k = 1; k <= levels; k++) if (wants.has(`mlofi_${k}`)) out.set(`mlofi_${k}`, cols[k - 1]);
    }
  }
  return out;
}
