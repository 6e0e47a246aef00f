import type { ReactNode } from 'react';
import { BAR_INTERVALS } from '@skippy/core/config';
import { fmtBp, fmtInt, fmtMoney, fmtPct } from '@skippy/ui';
import { getAt, useConfigForm } from './context.ts';
import { DateField, ListField, NumberField, RangeField, SelectField, Toggle } from './fields.tsx';
import { AblationField } from './ablation.tsx';

function Fieldset({ legend, children, note }: { legend: string; children: ReactNode; note?: ReactNode }) {
  return (
    <fieldset className="sk-card form-section">
      <legend>{legend}</legend>
      {note && <p className="form-note">{note}</p>}
      <div className="form-grid">{children}</div>
    </fieldset>
  );
}

const bp = (v: number) => fmtBp(v);
const pct = (v: number) => fmtPct(v, v < 0.01 ? 2 : 1);

export function DataSection() {
  const { draft } = useConfigForm();
  const synthetic = getAt(draft, 'data.source') === 'synthetic';
  return (
    <Fieldset legend="Data" note="Which market the experiment runs on. Synthetic is a seeded BTC+ETH market with an L2 book, funding, open interest and sentiment — no download needed.">
      <SelectField path="data.source" label="Source" options={[{ value: 'synthetic', label: 'Synthetic market (seeded)' }, { value: 'store', label: 'Data directory (ingested Parquet)' }]} />
      <ListField path="data.symbols" label="Symbols" kind="text" help="Base assets against USDT, e.g. BTC, ETH" />
      <SelectField path="data.bar_interval" label="Bar interval" options={BAR_INTERVALS.map((b) => ({ value: b, label: b }))} />
      {synthetic && <NumberField path="data.synthetic.days" label="Synthetic days" unit="days" step={1} />}
      {synthetic && <NumberField path="data.synthetic.seed" label="Synthetic seed" step={1} />}
      <DateField path="data.range.start" label="Range start (UTC, inclusive)" help="Empty = from the first bar" />
      <DateField path="data.range.end" label="Range end (UTC, exclusive)" help="Empty = to the last bar" />
    </Fieldset>
  );
}

export function FeaturesSection() {
  const { draft } = useConfigForm();
  const on = (p: string) => getAt(draft, p) === true;
  const periods = getAt(draft, 'features.price.returns.periods');
  const zw = getAt(draft, 'features.price.zscore.windows');
  const list = (v: unknown) => (Array.isArray(v) ? v.join(', ') : '');
  return (
    <Fieldset legend="Features" note="Three tiers; each tier and each feature has a switch. A feature set (e.g. price + microstructure) is what an ablation compares.">
      <div className="tier">
        <Toggle variant="switch" path="features.price.enabled" label="Tier 1 — price (OHLC)" />
        <div className="tier-features" aria-label="Tier 1 features">
          <Toggle path="features.price.returns.enabled" label={`Log returns (${list(periods)} bars)`} disabled={!on('features.price.enabled')} />
          <Toggle path="features.price.atr.enabled" label={`Volatility: ATR ${String(getAt(draft, 'features.price.atr.window') ?? '')}`} disabled={!on('features.price.enabled')} />
          <Toggle path="features.price.zscore.enabled" label={`Z-score (${list(zw)} bars)`} disabled={!on('features.price.enabled')} />
          <Toggle path="features.price.momentum.enabled" label={`Momentum ${String(getAt(draft, 'features.price.momentum.period') ?? '')}`} disabled={!on('features.price.enabled')} />
        </div>
      </div>
      <div className="tier">
        <Toggle variant="switch" path="features.microstructure.enabled" label="Tier 2 — microstructure (L2 book)" />
        <div className="tier-features" aria-label="Tier 2 features">
          <Toggle path="features.microstructure.spread_pct.enabled" label="Spread %" disabled={!on('features.microstructure.enabled')} />
          <Toggle path="features.microstructure.depth_imbalance.enabled" label="Depth imbalance (top 5)" disabled={!on('features.microstructure.enabled')} />
          <Toggle path="features.microstructure.order_flow_imbalance.enabled" label="Order-flow imbalance" disabled={!on('features.microstructure.enabled')} />
          <Toggle path="features.microstructure.mlofi.enabled" label={`Multi-level OFI (${String(getAt(draft, 'features.microstructure.mlofi.levels') ?? '')} levels)`} disabled={!on('features.microstructure.enabled')} />
          <Toggle path="features.microstructure.spread_cs.enabled" label="Corwin–Schultz spread (bar proxy)" disabled={!on('features.microstructure.enabled')} />
          <Toggle path="features.microstructure.ofi_tick.enabled" label="Tick-rule signed volume (bar proxy)" disabled={!on('features.microstructure.enabled')} />
        </div>
      </div>
      <div className="tier">
        <Toggle variant="switch" path="features.derivatives.enabled" label="Tier 3 — derivatives & alternative data" />
        <p className="cost-note" role="note">
          <strong>Cost:</strong> tier 3 needs a funding-rate history, an open-interest history and a daily sentiment index next to the bars.
          On live exchanges that is extra API calls per symbol and day (funding every 8 h, open interest per bar) plus a third-party feed;
          keep it off unless an ablation shows lift.
        </p>
        <div className="tier-features" aria-label="Tier 3 features">
          <Toggle path="features.derivatives.funding_rate_delta.enabled" label="Funding-rate change" disabled={!on('features.derivatives.enabled')} />
          <Toggle path="features.derivatives.open_interest_delta.enabled" label="Open-interest change" disabled={!on('features.derivatives.enabled')} />
          <Toggle path="features.derivatives.sentiment.enabled" label="Sentiment (after publication)" disabled={!on('features.derivatives.enabled')} />
        </div>
      </div>
      <AblationField />
    </Fieldset>
  );
}

export function LabelsSection() {
  return (
    <Fieldset legend="Labels (triple barrier)" note="Each event gets +1 (profit-take hit first), −1 (stop-loss) or 0 (time ran out). Barrier width = multiplier × volatility.">
      <NumberField path="labels.volatility_target_multiplier" label="Volatility multiplier" unit="× vol" />
      <ListField path="labels.max_holding_periods" label="Horizons (vertical barriers)" kind="number" unit="bars" />
      <NumberField path="labels.min_return_threshold" label="Minimum return" show={bp} help="Events with a smaller target are skipped" />
      <SelectField path="labels.touch" label="Touch mode" options={[{ value: 'close', label: 'Close (textbook)' }, { value: 'high_low', label: 'High / low' }]} />
      <NumberField path="labels.pt" label="Profit-take multiplier" unit="×" />
      <NumberField path="labels.sl" label="Stop-loss multiplier" unit="×" />
      <Toggle path="labels.enable_meta_labeling" label="Meta-labelling (size by the model's probability)" />
    </Fieldset>
  );
}

export function CvSection() {
  const { draft } = useConfigForm();
  const method = getAt(draft, 'evaluation.method');
  return (
    <Fieldset legend="Cross-validation" note="Training labels that overlap a test window are purged; an embargo after each test block stops serial correlation from leaking.">
      <SelectField path="evaluation.method" label="Scheme" options={[
        { value: 'purged_embargo_cv', label: 'Purged K-fold with embargo' },
        { value: 'walk_forward', label: 'Walk-forward' },
        { value: 'cpcv', label: 'Combinatorial purged CV' },
      ]} />
      {method === 'cpcv' ? (
        <>
          <NumberField path="evaluation.cpcv.groups" label="Groups" step={1} />
          <NumberField path="evaluation.cpcv.test_groups" label="Test groups" step={1} />
        </>
      ) : <NumberField path="evaluation.n_splits" label="Splits" step={1} />}
      <NumberField path="evaluation.embargo_pct" label="Embargo" show={pct} help="Share of samples after each test block" />
      <NumberField path="evaluation.purge_pct" label="Purge margin" show={pct} help="Share of samples before each test block" />
      <NumberField path="evaluation.horizon" label="Horizon the model learns" unit="bars" step={1} help="One of the label horizons" />
      <Toggle path="evaluation.cscv_enabled" label="Probability of backtest overfitting (CSCV)" />
    </Fieldset>
  );
}

export function ExecutionSection() {
  const { draft } = useConfigForm();
  const smallMax = getAt(draft, 'execution.slippage_curve.small_max_notional');
  const largeMin = getAt(draft, 'execution.slippage_curve.large_min_notional');
  const money = (v: unknown) => (typeof v === 'number' ? fmtMoney(v) : '?');
  return (
    <Fieldset legend="Execution costs" note="Orders fill at the next bar's open after a random latency, pay slippage by order size and fees by liquidity side.">
      <SelectField path="execution.mode" label="Simulator" options={[
        { value: 'bar', label: 'Bar mode (bars only)' },
        { value: 'book', label: 'Book mode (L2 replay)' },
        { value: 'simple', label: 'Simple (parity with vectorised tools)' },
      ]} />
      <RangeField path="execution.latency_ms" label="Latency range" unit="ms" />
      <NumberField path="execution.slippage_curve.small_size" label={`Slippage, small orders (< ${money(smallMax)})`} show={bp} />
      <NumberField path="execution.slippage_curve.medium_size" label={`Slippage, medium orders (${money(smallMax)}–${money(largeMin)})`} show={bp} />
      <NumberField path="execution.slippage_curve.large_size" label={`Slippage, large orders (> ${money(largeMin)})`} show={bp} />
      <NumberField path="execution.partial_fill_prob" label="Full-fill probability" show={pct} help="Otherwise a random part fills" />
      <NumberField path="execution.maker_fee" label="Maker fee" show={bp} />
      <NumberField path="execution.taker_fee" label="Taker fee" show={bp} />
      <NumberField path="execution.initial_cash" label="Initial cash" unit="USDT" show={(v) => fmtMoney(v)} />
    </Fieldset>
  );
}

export function RiskSection() {
  return (
    <Fieldset legend="Risk" note="Fractional Kelly sizing from the model's probability, capped per position; halts on a daily loss or a losing streak.">
      <NumberField path="risk.kelly_fraction_cap" label="Kelly fraction" show={pct} help="Share of full Kelly" />
      <NumberField path="risk.max_position_pct" label="Max position" show={pct} help="Of equity, per asset" />
      <NumberField path="risk.daily_loss_limit" label="Daily loss limit" show={pct} help="Flatten for the rest of the UTC day" />
      <NumberField path="risk.consecutive_loss_limit" label="Consecutive losses before pause" unit="trades" step={1} show={(v) => (v === 0 ? 'off' : fmtInt(v))} />
      <Toggle path="risk.volatility_scaling" label="Volatility scaling" />
      <NumberField path="risk.target_vol" label="Target volatility (annualised)" show={pct} />
    </Fieldset>
  );
}

/** What learns the decision: the supervised model on the labels, or a PPO policy in the trading environment (trainer + the ppo section's main hyper-parameters). */
export function TrainerSection() {
  const { draft } = useConfigForm();
  const ppo = getAt(draft, 'trainer') === 'ppo';
  return (
    <Fieldset legend="Trainer" note={ppo
      ? <>A PPO agent (CleanRL&apos;s ppo.py, Schulman et al. 2017) learns short / flat / long in the trading environment on each walk-forward window&apos;s training bars, with every cost the simulator charges, then acts greedily on the window&apos;s test bars. The same backtests, baselines and gates follow; the run page charts its training live.</>
      : 'The supervised model learns the triple-barrier labels and is sized by fractional Kelly. Switch to PPO to train a reinforcement-learning policy instead.'}>
      <SelectField path="trainer" label="Trainer" options={[{ value: 'supervised', label: 'Supervised model (labels → Kelly size)' }, { value: 'ppo', label: 'PPO policy (reinforcement learning)' }]} />
      {ppo && (
        <>
          <NumberField path="ppo.steps" label="Environment steps" step={1} show={(v) => fmtInt(v)} help="The training budget (ppo.steps; the server takes at most 20 M)" />
          <NumberField path="ppo.learning_rate" label="Learning rate" help="Adam; annealed linearly to 0 when ppo.anneal_lr" />
          <NumberField path="ppo.num_envs" label="Parallel environments" step={1} />
          <NumberField path="ppo.num_steps" label="Steps per rollout" unit="per env" step={1} help="Batch = environments × steps" />
          <NumberField path="ppo.gamma" label="Discount γ" />
          <NumberField path="ppo.gae_lambda" label="GAE λ" />
          <NumberField path="ppo.clip_coef" label="Clip ε" help="Surrogate clipping range" />
          <NumberField path="ppo.ent_coef" label="Entropy coefficient" />
          <NumberField path="ppo.seed" label="PPO seed" step={1} help="Networks, action draws and episode starts" />
        </>
      )}
    </Fieldset>
  );
}
