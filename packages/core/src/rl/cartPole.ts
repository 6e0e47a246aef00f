/**
 * CartPole-v1 with Gymnasium's exact dynamics (gymnasium/envs/classic_control/cartpole.py, Euler
 * integrator), vectorised over N copies on typed arrays with same-step auto-reset (see vecEnv.ts).
 * State in float64 (as Gymnasium's Python floats), observations in float32 (as its np.float32 arrays).
 * Reward 1 for every step including the terminating one; truncation after 500 steps (TimeLimit).
 */
import { createRng, type Rng } from '../util/rng.ts';
import type { EpisodeStats, VecEnv } from './vecEnv.ts';

export const CARTPOLE = {
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length. */
  length: 0.5,
  forceMag: 10.0,
  tau: 0.02,
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  xThreshold: 2.4,
  maxEpisodeSteps: 500,
} as const;

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLEMASS_LENGTH = CARTPOLE.massPole * CARTPOLE.length;

/**
 * cartPoleStep(state, off, action) – one Euler step of the state (x, ẋ, θ, θ̇) at state[off..off+3] in
 * place; action 1 pushes right, 0 left. Returns true when the new state terminates (|x| > 2.4 or |θ| > 12°).
 */
export function cartPoleStep(state: Float64Array, off: number, action: number): boolean {
  const { gravity, massPole, length, forceMag, tau, xThreshold, thetaThreshold } = CARTPOLE;
  let x = state[off], xDot = state[off + 1], theta = state[off + 2], thetaDot = state[off + 3];
  const force = action === 1 ? forceMag : -forceMag;
  const cos = Math.cos(theta), sin = Math.sin(theta);
  const temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
  const thetaAcc = (gravity * sin - cos * temp) / (length * (4.0 / 3.0 - (massPole * cos * cos) / TOTAL_MASS));
  const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
  x += tau * xDot;
  xDot += tau * xAcc;
  theta += tau * thetaDot;
  thetaDot += tau * thetaAcc;
  state[off] = x; state[off + 1] = xDot; state[off + 2] = theta; state[off + 3] = thetaDot;
  return x < -xThreshold || x > xThreshold || theta < -thetaThreshold || theta > thetaThreshold;
}

/** Options for {@link CartPoleVecEnv}. */
export interface CartPoleOptions {
  /** Copies stepped together. @default 1 */
  numEnvs?: number;
  /** Seed of the reset draws. */
  seed: number;
  /** Steps after which an episode is truncated. @default 500 */
  maxEpisodeSteps?: number;
}

/** N CartPole-v1 copies; reset states uniform(−0.05, 0.05) from createRng(seed), drawn copy by copy. */
export class CartPoleVecEnv implements VecEnv {
  readonly numEnvs: number;
  readonly obsSize = 4;
  readonly numActions = 2;
  readonly obs: Float32Array;
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  /** numEnvs × 4 float64 state (x, ẋ, θ, θ̇). */
  readonly state: Float64Array;
  readonly maxEpisodeSteps: number;
  private readonly rng: Rng;
  private readonly steps: Int32Array;
  private readonly returns: Float64Array;
  private episodes: EpisodeStats[] = [];

  constructor(opts: CartPoleOptions) {
    const n = this.numEnvs = opts.numEnvs ?? 1;
    if (!(Number.isInteger(n) && n > 0)) throw new Error(`numEnvs must be a positive integer; was ${n}`);
    this.maxEpisodeSteps = opts.maxEpisodeSteps ?? CARTPOLE.maxEpisodeSteps;
    this.rng = createRng(opts.seed);
    this.obs = new Float32Array(4 * n);
    this.state = new Float64Array(4 * n);
    this.reward = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.steps = new Int32Array(n);
    this.returns = new Float64Array(n);
  }

  private resetOne(e: number): void {
    const o = 4 * e;
    for (let k = 0; k < 4; k++) this.state[o + k] = this.rng.uniform(-0.05, 0.05);
    this.steps[e] = 0;
    this.returns[e] = 0;
  }

  private writeObs(e: number): void {
    const o = 4 * e;
    for (let k = 0; k < 4; k++) this.obs[o + k] = this.state[o + k];
  }

  reset(): void {
    for (let e = 0; e < this.numEnvs; e++) { this.resetOne(e); this.writeObs(e); }
    this.reward.fill(0); this.terminated.fill(0); this.truncated.fill(0);
    this.episodes = [];
  }

  step(actions: ArrayLike<number>): void {
    for (let e = 0; e < this.numEnvs; e++) {
      const term = cartPoleStep(this.state, 4 * e, actions[e]);
      const steps = ++this.steps[e];
      const trunc = steps >= this.maxEpisodeSteps; // TimeLimit: may coincide with termination
      this.reward[e] = 1;
      this.returns[e] += 1;
      this.terminated[e] = term ? 1 : 0;
      this.truncated[e] = trunc ? 1 : 0;
      if (term || trunc) {
        this.episodes.push({ return: this.returns[e], length: steps });
        this.resetOne(e);
      }
      this.writeObs(e);
    }
  }

  takeEpisodes(): EpisodeStats[] {
    const out = this.episodes;
    this.episodes = [];
    return out;
  }
}
