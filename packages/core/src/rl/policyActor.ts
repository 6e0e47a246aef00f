/**
 * PolicyActor – a restored policy acting forward one closed bar at a time on exactly the observation the
 * trading environment builds (tradingEnv.ts): the last `window` normalised feature rows ending at bar t,
 * the position as a share of the largest allowed one and the unrealised PnL in training return stds, of
 * the environment's own simulated account. That account starts flat at the first bar acted on (as the
 * ppo trainer's greedy pass starts flat at testFrom); each later bar first fills the previous bar's action
 * at this bar's open with the environment's costs (TradingVecEnv.advance), then observes and acts. Every
 * value read is at or before the bar acted on, so a bar with no next bar is acted on like any other: its
 * action simply waits for the next bar's open. Pure and deterministic; `state()` / the constructor's
 * `state` continue exactly.
 */
import type { ExecutionConfig } from '../config/execution.ts';
import type { FeatureMatrix } from '../features/index.ts';
import type { RestoredPolicy } from './contract.ts';
import type { ObservationNormaliser } from './normaliser.ts';
import { TradingVecEnv } from './tradingEnv.ts';

/** The environment account carried between bars (null before the first action). */
export interface PolicyActorState { cash: number; qty: number; entryPrice: number; equity: number; peak: number; action: number; bar: number }

export interface PolicyActorOptions {
  policy: RestoredPolicy;
  normaliser: ObservationNormaliser;
  /** Feature rows per observation (config.ppo.window). */
  window: number;
  execution: ExecutionConfig;
  /** risk.max_position_pct. */
  positionPct: number;
}

export class PolicyActor {
  private acct: PolicyActorState | null;
  constructor(private readonly o: PolicyActorOptions, state: PolicyActorState | null = null) {
    this.acct = state ? { ...state } : null;
  }

  /**
   * act(bars, features, spread, fundingRate) – the action (0 short, 1 flat, 2 long) at the LAST bar of the
   * given history (bars ≤ t, t = length − 1; the previous call must have been at t − 1). `spread` is the
   * spread_pct column (or null), `fundingRate` the funding booked at each bar (or null), as in the trainer.
   */
  act(bars: { open: Float64Array; close: Float64Array; volume: Float64Array }, features: FeatureMatrix, spread: Float64Array | null, fundingRate: Float64Array | null): number {
    const T = bars.close.length, t = T - 1, W = this.o.window;
    if (T < W + 1) throw new Error(`policy: ${W + 1} bars of history are needed before the first action (window ${W} + 1); have ${T}`);
    if (this.acct && this.acct.bar !== t - 1) throw new Error(`policy: last acted on bar ${this.acct.bar}; expected bar ${t - 1} before bar ${t}`);
    if (features.columns.length * W + 2 !== this.o.policy.obsSize) throw new Error(`policy expects ${this.o.policy.obsSize} inputs; ${features.columns.length} features × window ${W} + 2 give ${features.columns.length * W + 2}`);
    const env = new TradingVecEnv({
      bars, features, normaliser: this.o.normaliser, window: W, from: 0, to: T, numEnvs: 1, seed: 0,
      execution: this.o.execution, positionPct: this.o.positionPct, spread, fundingRate,
    });
    const a = this.acct;
    if (a) {
      env.bar[0] = a.bar; env.cash[0] = a.cash; env.qty[0] = a.qty; env.entryPrice[0] = a.entryPrice; env.equity[0] = a.equity; env.peak[0] = a.peak;
      env.advance(0, a.action);
      env.observe(0);
    } else env.resetAt(0, t);
    const action = this.o.policy.act(env.obs);
    this.acct = { cash: env.cash[0], qty: env.qty[0], entryPrice: env.entryPrice[0], equity: env.equity[0], peak: env.peak[0], action, bar: t };
    return action;
  }

  state(): PolicyActorState | null { return this.acct ? { ...this.acct } : null; }

  /** The same policy with another account state (a session rolling a failed bar back). */
  restored(state: PolicyActorState | null): PolicyActor { return new PolicyActor(this.o, state); }
}
