/**
 * describeConfig(config) – what an experiment tests, in sentences a PM can read without
 * opening the YAML (symbols, dates, features, labels, validation scheme, costs, risk).
 */
import type { ExperimentConfig } from '@skippy/core/config';
import { fmtBp, fmtMoney, fmtPct } from '@skippy/ui';

export interface ConfigSentence {
  /** Short topic such as "Market" or "Costs". */
  topic: string;
  text: string;
}

function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Switched-on features by tier, in words (empty tiers omitted). */
export function describeFeatures(f: ExperimentConfig['features']): string[] {
  const out: string[] = [];
  if (f.price.enabled) {
    const p: string[] = [];
    if (f.price.returns.enabled) p.push(`returns over ${f.price.returns.periods.join('/')} bars`);
    if (f.price.atr.enabled) p.push(`ATR ${f.price.atr.window}`);
    if (f.price.zscore.enabled) p.push(`z-scores ${f.price.zscore.windows.join('/')}`);
    if (f.price.momentum.enabled) p.push(`momentum ${f.price.momentum.period}`);
    if (p.length) out.push(`price (${andList(p)})`);
  }
  const m = f.microstructure;
  if (m.enabled) {
    const p: string[] = [];
    if (m.spread_pct.enabled) p.push('spread');
    if (m.depth_imbalance.enabled) p.push(`depth imbalance (top ${m.depth_levels})`);
    if (m.order_flow_imbalance.enabled) p.push('order-flow imbalance');
    if (m.mlofi.enabled) p.push(`multi-level OFI (${m.mlofi.levels} levels)`);
    if (m.spread_cs.enabled) p.push('Corwin–Schultz spread proxy');
    if (m.ofi_tick.enabled) p.push('tick-rule volume proxy');
    if (p.length) out.push(`order-book microstructure (${andList(p)})`);
  }
  const d = f.derivatives;
  if (d.enabled) {
    const p: string[] = [];
    if (d.funding_rate_delta.enabled) p.push('funding-rate change');
    if (d.open_interest_delta.enabled) p.push('open-interest change');
    if (d.sentiment.enabled) p.push('sentiment');
    if (p.length) out.push(`derivatives (${andList(p)})`);
  }
  return out;
}

const SCHEMES: Record<string, string> = {
  purged_embargo_cv: 'purged K-fold cross-validation',
  walk_forward: 'walk-forward validation',
  cpcv: 'combinatorial purged cross-validation',
};

export function describeConfig(c: ExperimentConfig): ConfigSentence[] {
  const d = c.data;
  const range = d.range.start || d.range.end
    ? `from ${d.range.start ?? 'the first bar'} to ${d.range.end ?? 'the last bar'} (UTC)`
    : d.source === 'synthetic' ? `over ${d.synthetic.days} synthetic day${d.synthetic.days === 1 ? '' : 's'} (seed ${d.synthetic.seed})` : 'over all stored data';
  const source = d.source === 'synthetic' ? 'a seeded synthetic market' : 'ingested exchange data';
  const features = describeFeatures(c.features);
  const e = c.evaluation;
  const cv = e.method === 'cpcv'
    ? `${SCHEMES.cpcv} with ${e.cpcv.groups} groups, ${e.cpcv.test_groups} held out at a time`
    : `${e.n_splits}-fold ${SCHEMES[e.method] ?? e.method}`;
  const x = c.execution;
  const s = x.slippage_curve;
  return [
    { topic: 'Market', text: `${andList(d.symbols)} ${d.bar_interval} bars from ${source}, ${range}.` },
    { topic: 'Features', text: features.length ? `${features.join('; ')}.` : 'No features switched on.' },
    { topic: 'Labels', text: `Triple barrier at ${c.labels.volatility_target_multiplier} × ${c.labels.volatility.kind.toUpperCase()} volatility, horizons ${c.labels.max_holding_periods.join('/')} bars (model learns ${e.horizon}), events under ${fmtBp(c.labels.min_return_threshold)} skipped, ${c.labels.touch === 'close' ? 'close' : 'high/low'} touches${c.labels.enable_meta_labeling ? ', meta-labelling on' : ''}.` },
    { topic: 'Validation', text: `${cv[0].toUpperCase()}${cv.slice(1)}, ${fmtPct(e.embargo_pct, 1)} embargo and ${fmtPct(e.purge_pct, 1)} purge margin${e.cscv_enabled ? `; overfitting checked with CSCV (${e.cscv_partitions} partitions)` : ''}.` },
    { topic: 'Costs', text: `${x.mode === 'book' ? 'Order-book' : x.mode === 'simple' ? 'Simple (parity)' : 'Bar'} execution, latency ${x.latency_ms[0]}–${x.latency_ms[1]} ms, slippage ${fmtBp(s.small_size, 0)} / ${fmtBp(s.medium_size, 0)} / ${fmtBp(s.large_size, 0)} by order size, fees ${fmtBp(x.maker_fee, 0)} maker / ${fmtBp(x.taker_fee, 0)} taker, ${fmtPct(x.partial_fill_prob, 0)} chance of a full fill, starting with ${fmtMoney(x.initial_cash)}.` },
    ...(c.trainer === 'ppo' ? [{ topic: 'Trainer', text: describePpo(c) }] : []),
    { topic: 'Risk', text: `${fmtPct(c.risk.kelly_fraction_cap, 0)} of Kelly, at most ${fmtPct(c.risk.max_position_pct, 1)} of equity per position, halt at a ${fmtPct(c.risk.daily_loss_limit, 1)} daily loss${c.risk.consecutive_loss_limit > 0 ? ` or after ${c.risk.consecutive_loss_limit} losses in a row` : ''}${c.risk.volatility_scaling ? `, volatility-scaled to ${fmtPct(c.risk.target_vol, 0)}` : ''}.` },
  ];
}

/** A PPO run in words: the agent replaces the label-trained model and Kelly sizing (it trades ±max_position_pct). */
function describePpo(c: ExperimentConfig): string {
  const p = c.ppo;
  return `A PPO policy per walk-forward window (${p.steps.toLocaleString('en-US')} environment steps, ${p.num_envs} envs × ${p.num_steps} steps per update, lr ${p.learning_rate}, γ ${p.gamma}, λ ${p.gae_lambda}, clip ${p.clip_coef}, entropy ${p.ent_coef}, seed ${p.seed}) `
    + `goes short, flat or long at ${fmtPct(c.risk.max_position_pct, 1)} of equity instead of the label-trained model and Kelly sizing; the labels and model scoring stay as diagnostics.`;
}
