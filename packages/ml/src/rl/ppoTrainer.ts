/**
 * ppoTrainer(options) – the `ppo` PolicyTrainer (core/rl/contract.ts). Per walk-forward window and symbol:
 *  1. fit the observation normaliser on the training bars [trainFrom, trainTo) only;
 *  2. train PPO on random episodes of the trading environment inside [trainFrom, trainTo) for this window's
 *     share of the run's budget (`ppo.steps` is the whole run's, as SB3 / CleanRL `total_timesteps`:
 *     `fitIterations`); with `ppo.warm_start` the agent starts from the previous window's final weights for
 *     the same symbol (trained only on bars before that window's cutoff, all before this window's cutoff:
 *     no look-ahead), with fresh Adam moments and the learning rate annealed again over this window;
 *  3. act greedily (argmax) bar by bar on [testFrom, testTo): the observation at t reads feature rows ≤ t
 *     and the simulated account marked at close[t]; the action's fill at t + 1 only updates the account for
 *     the next observation, and nothing at or after testTo is read. side = action − 1, size = max_position_pct.
 * The result's `frozen` holds, per symbol, the policy's JSON (policyJson.ts) and the normaliser: the
 * run's frozen policy artifact when this is the last window.
 * Checkpoints (key `w<index>.<symbol>`) hold weights, Adam state, the config hash and the architecture; a
 * finished checkpoint is reused without training (and warm-starts the next window), an unfinished one
 * resumed, a foreign one refused.
 * Progress records carry, besides trainPpo's (per-fit `step`, `iteration`…), `iterations` and `window_steps` (this
 * fit's updates and steps), `run_step` / `run_steps` (environment steps of the whole run done / planned),
 * `symbol_index` and `symbols`.
 * Same config and seed → same weights → same sides.
 */
import { configHash, createRng } from '@skippy/core';
import type { ExperimentConfig } from '@skippy/core/config';
import { RunCancelledError } from '@skippy/core/pipeline';
import { fitObservationNormaliser, normaliserToJSON, TradingVecEnv } from '@skippy/core/rl';
import type { PolicyProgress, PolicyTrainer, PolicyWindowContext, PolicyWindowResult, TradingEnvOptions } from '@skippy/core/rl';
import { policyToJSON } from './policyJson.ts';
import { checkpointFromState, stateFromCheckpoint, type CheckpointStore } from './checkpoint.ts';
import { greedyActions, type PolicyNet } from './policyNet.ts';
import { trainPpo, type PpoState } from './ppo.ts';

export interface PpoTrainerOptions {
  /** Where checkpoints go (and are resumed from). @default none */
  checkpointStore?: CheckpointStore;
  /** Flag named in the error when a stored checkpoint does not fit. @default "checkpoint" */
  checkpointLabel?: string;
  /** Wall clock for steps/s. @default performance.now */
  now?: () => number;
  yieldToHost?: () => Promise<void>;
  /** Every update's record, as ctx.onProgress gets it (window, symbol_index, run_step / run_steps…): e.g. a CLI bar with an ETA. @default none */
  onProgress?: (p: PolicyProgress) => void;
}

/** The seed of one window and symbol: the window's seed mixed with ppo.seed and the symbol. */
/**
 * fitIterations(config, windows, symbols) – PPO update iterations (rollouts of num_envs × num_steps) of each
 * window × symbol agent: ⌊ppo.steps / (windows · symbols · num_envs · num_steps)⌋, at least 1. So a run trains
 * windows · symbols · iterations · num_envs · num_steps ≤ ppo.steps environment steps in all (or one rollout per
 * agent when the budget is smaller than that).
 */
export function fitIterations(config: Pick<ExperimentConfig['ppo'], 'steps' | 'num_envs' | 'num_steps'>, windows: number, symbols: number): number {
  return Math.max(1, Math.floor(config.steps / (Math.max(1, windows) * Math.max(1, symbols) * config.num_envs * config.num_steps)));
}

/** A copy of the net's weights with fresh Adam moments and counters: the warm start of the next window. */
function warmState(prev: PpoState): PpoState {
  const net = prev.net;
  return { net: { ...net, hidden: [...net.hidden], shapes: net.shapes.map((x) => [x[0], x[1]]), params: net.params.map((x) => Float32Array.from(x)) }, adam: { m: [], v: [], t: 0 }, globalStep: 0, iteration: 0 };
}

function windowSeed(ctx: PolicyWindowContext, symbol: string): number {
  return Math.floor(createRng(ctx.seed).fork(`ppo:${ctx.config.ppo.seed}:${symbol}`).next() * 2 ** 32);
}

/**
 * tradingEnvOptions(ctx, symbol, seed) – the trading environment of one window and symbol: the run's
 * execution costs, max_position_pct, the `spread_pct` feature as the quoted spread and the context's
 * funding rates (booked as the backtest books them), so the reward is Δ equity after every cost.
 */
export function tradingEnvOptions(ctx: PolicyWindowContext, symbol: string, seed: number): Omit<TradingEnvOptions, 'from' | 'to' | 'normaliser'> {
  const cfg = ctx.config.ppo, bars = ctx.bars[symbol], features = ctx.features[symbol];
  const spreadIdx = features.names.indexOf('spread_pct');
  return {
    bars, features, window: cfg.window, episodeBars: cfg.episode_bars, numEnvs: cfg.num_envs, seed,
    execution: ctx.config.execution, positionPct: ctx.config.risk.max_position_pct,
    spread: spreadIdx >= 0 ? features.columns[spreadIdx] : null, fundingRate: ctx.fundingRate?.[symbol] ?? null, drawdownPenalty: cfg.drawdown_penalty,
  };
}

export function ppoTrainer(options: PpoTrainerOptions = {}): PolicyTrainer {
  // the last fitted window's final agents per symbol (the warm start of the next window)
  let previous: { index: number; hash: string; states: Map<string, PpoState> } | null = null;
  return {
    kind: 'ppo',
    describe(config: ExperimentConfig): string {
      const p = config.ppo, windows = config.evaluation.backtest.n_windows, symbols = config.data.symbols.length;
      const per = fitIterations(p, windows, symbols) * p.num_envs * p.num_steps;
      return `PPO (CleanRL ppo.py): ${p.steps} steps for the run = ${per} per window and symbol (${windows} × ${symbols})${p.warm_start ? ', each window warm-started from the previous one' : ''}, ${p.num_envs} envs × ${p.num_steps} steps, lr ${p.learning_rate}${p.anneal_lr ? ' annealed' : ''}, ` +
        `γ ${p.gamma}, λ ${p.gae_lambda}, clip ${p.clip_coef}, ent ${p.ent_coef}, MLP ${p.hidden.join('×')} tanh, window ${p.window} bars, actions short/flat/long`;
    },
    async fitWindow(ctx: PolicyWindowContext): Promise<PolicyWindowResult> {
      const cfg = ctx.config.ppo, hash = configHash(ctx.config);
      const side: Record<string, Int8Array> = {}, size: Record<string, Float64Array> = {};
      const history: PolicyProgress[] = [];
      const frozen: NonNullable<PolicyWindowResult['frozen']> = {};
      const iterations = fitIterations(cfg, ctx.windows, ctx.symbols.length), fitSteps = iterations * cfg.num_envs * cfg.num_steps;
      const fitCfg = { ...cfg, steps: fitSteps };
      // the previous window's agents (same run: index − 1, same config hash) warm-start this window's
      const prev = cfg.warm_start && previous && previous.index === ctx.index - 1 && previous.hash === hash ? previous.states : null;
      const states = new Map<string, PpoState>();
      for (const [k, symbol] of ctx.symbols.entries()) {
        const bars = ctx.bars[symbol];
        const normaliser = fitObservationNormaliser(ctx.features[symbol], bars.close, ctx.trainFrom, ctx.trainTo);
        const seed = windowSeed(ctx, symbol);
        const env = new TradingVecEnv({ ...tradingEnvOptions(ctx, symbol, seed), normaliser, from: ctx.trainFrom, to: ctx.trainTo });
        const arch = { obsSize: env.obsSize, numActions: env.numActions, hidden: cfg.hidden };
        const key = `w${ctx.index}.${symbol}`;
        const stored = options.checkpointStore ? await options.checkpointStore.load(key) : null;
        let state: PpoState | undefined = stored ? stateFromCheckpoint(stored, hash, arch, options.checkpointLabel ?? 'checkpoint') : undefined;
        if (ctx.signal?.aborted) throw new RunCancelledError('policy training');
        if (!state || state.iteration < iterations) {
          const store = options.checkpointStore;
          const warm = prev?.get(symbol);
          const runOffset = (ctx.index * ctx.symbols.length + k) * fitSteps, runSteps = ctx.windows * ctx.symbols.length * fitSteps;
          const res = await trainPpo(env, fitCfg, seed, {
            // an abort between updates surfaces as the pipeline's cancellation
            resume: state ?? (warm ? warmState(warm) : undefined), signal: ctx.signal, now: options.now, yieldToHost: options.yieldToHost,
            onProgress: (p) => {
              const rec: PolicyProgress = { ...p, window: ctx.index, symbol_index: k, symbols: ctx.symbols.length, iterations, window_steps: fitSteps, run_step: runOffset + p.step, run_steps: runSteps };
              history.push(rec); ctx.onProgress?.(rec); options.onProgress?.(rec);
            },
            onCheckpoint: store ? (s) => store.save(key, checkpointFromState(s, hash, iterations)) : undefined,
          }).catch((e: unknown) => { if (ctx.signal?.aborted) throw new RunCancelledError('policy training'); throw e; });
          state = res.state;
        }
        states.set(symbol, state);
        const acted = actGreedily(state.net, ctx, symbol, normaliser, seed);
        side[symbol] = acted.side; size[symbol] = acted.size;
        frozen[symbol] = { policy: policyToJSON(state.net), normaliser: normaliserToJSON(normaliser) };
      }
      previous = { index: ctx.index, hash, states };
      return { side, size, history, frozen };
    },
  };
}

/** Greedy actions on [testFrom, testTo), bar by bar, from an account that starts flat at testFrom. */
function actGreedily(net: PolicyNet, ctx: PolicyWindowContext, symbol: string, normaliser: ReturnType<typeof fitObservationNormaliser>, seed: number): { side: Int8Array; size: Float64Array } {
  const T = ctx.bars[symbol].close.length;
  const side = new Int8Array(T), size = new Float64Array(T);
  const { testFrom, testTo } = ctx;
  if (testTo - testFrom < 1) return { side, size };
  const cfg = ctx.config.ppo, pct = ctx.config.risk.max_position_pct;
  // [from, to) only bounds the (unused) random episodes; every decision reads rows ≤ t < testTo
  const env = new TradingVecEnv({ ...tradingEnvOptions(ctx, symbol, seed), numEnvs: 1, normaliser, from: Math.max(0, testFrom - cfg.window + 1), to: Math.max(testTo, testFrom + 2) });
  env.resetAt(0, testFrom);
  const action = new Int32Array(1);
  for (let t = testFrom; t < testTo; t++) {
    greedyActions(net, env.obs, 1, action);
    const s = action[0] - 1;
    side[t] = s;
    size[t] = s !== 0 ? pct : 0;
    if (t + 1 < testTo) { env.advance(0, action[0]); env.observe(0); }
  }
  return { side, size };
}
