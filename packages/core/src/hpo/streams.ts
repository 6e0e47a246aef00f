/**
 * The random streams of a study's sampler, as Optuna keeps them: `TPESampler(seed=s)` owns a
 * `numpy.random.RandomState(s)` for TPE sampling and a `RandomSampler(seed=s)` with another `RandomState(s)` for
 * the startup trials; `RandomSampler(seed=s)` alone uses the latter. The streams live for the whole study (they
 * are not forked per trial), so a study with seed s draws exactly the numbers Optuna's does.
 *
 * Persistence: each trial stores `streamDraws` = [tpe, random], the 32-bit outputs each stream had consumed when
 * its parameters were sampled; `streamsForNextTrial` rebuilds the streams from the study's seed and the latest
 * stored positions (`skip`), so a resumed study continues its streams where they were.
 */
import { createNumpyRandomState } from '../util/numpyRandom.ts';
import type { NumpyRandomState } from '../util/numpyRandom.ts';
import type { ParamSpec } from './space.ts';
import type { TrialRecord } from './types.ts';

export interface SamplerStreams {
  /** TPESampler's own `_rng`. */
  tpe: NumpyRandomState;
  /** The RandomSampler's `_rng` (startup trials of TPE; the random sampler). */
  random: NumpyRandomState;
}

/** The numpy seed of a study seed: Optuna passes it to `RandomState(seed)` (0 ≤ seed < 2^32); other seeds are taken mod 2^32. */
export const streamSeed = (seed: number): number => Math.floor(seed) >>> 0;

/** createSamplerStreams(seed, draws) – both streams from `seed`, advanced by draws = [tpe, random] 32-bit outputs. */
export function createSamplerStreams(seed: number, draws: readonly number[] = [0, 0]): SamplerStreams {
  const tpe = createNumpyRandomState(streamSeed(seed)), random = createNumpyRandomState(streamSeed(seed));
  tpe.skip(draws[0] ?? 0);
  random.skip(draws[1] ?? 0);
  return { tpe, random };
}

/** streamPositions(streams) – [tpe, random] outputs consumed, as stored with a trial. */
export const streamPositions = (s: SamplerStreams): number[] => [s.tpe.draws, s.random.draws];

/** The stream positions after the latest sampled trial (retries and trials of older versions store none): [0, 0] when there is none. */
export function latestStreamDraws(trials: readonly TrialRecord[]): number[] {
  let best: TrialRecord | null = null;
  for (const t of trials) if (t.streamDraws && (!best || t.number > best.number)) best = t;
  return best ? [...best.streamDraws!] : [0, 0];
}

/**
 * streamsForNextTrial(seed, trials, cached) – the streams to sample the next trial with: `cached` when it sits where
 * the latest stored trial left the streams (the usual case in one process), else rebuilt from the seed (a resume).
 */
export function streamsForNextTrial(seed: number, trials: readonly TrialRecord[], cached: SamplerStreams | null): SamplerStreams {
  const at = latestStreamDraws(trials);
  if (cached && cached.tpe.seed === streamSeed(seed) && cached.tpe.draws === at[0] && cached.random.draws === at[1]) return cached;
  return createSamplerStreams(seed, at);
}

/** numpy's `np.round` / Python's `round`: halves to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `np.nextafter(x, x − 1)`: the largest double below x. */
export function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const b = v.getBigUint64(0);
  v.setBigUint64(0, x > 0 ? b - 1n : b + 1n);
  return v.getFloat64(0);
}

/** Python's string order (by code point), as `sorted(search_space)` in Optuna. */
export function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!), y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * randomValue(spec, rs) – Optuna's `RandomSampler.sample_independent`: one `uniform(bounds)` through
 * `_SearchSpaceTransform` (log parameters uniform in log space; int and stepped parameters on bounds padded by half a
 * step, then rounded back; a categorical draws one uniform per choice and takes the largest).
 */
export function randomValue(spec: ParamSpec, rs: NumpyRandomState): number | string | boolean {
  if (spec.type === 'categorical') {
    const k = spec.choices.length;
    const u = rs.uniformArray(new Float64Array(k), new Float64Array(k).fill(1));
    let best = 0;
    for (let i = 1; i < k; i++) if (u[i] > u[best]) best = i;
    return spec.choices[best];
  }
  if (spec.type === 'float') {
    if (spec.log) return clip(Math.exp(rs.uniform(Math.log(spec.low), Math.log(spec.high))), spec.low, nextDown(spec.high));
    if (spec.step !== null) {
      const half = 0.5 * spec.step;
      const x = rs.uniform(spec.low - half, spec.high + half);
      return clip(roundHalfEven((x - spec.low) / spec.step) * spec.step + spec.low, spec.low, spec.high);
    }
    return Math.min(rs.uniform(spec.low, spec.high), nextDown(spec.high));
  }
  const half = 0.5 * spec.step;
  if (spec.log) return clip(roundHalfEven(Math.exp(rs.uniform(Math.log(spec.low - half), Math.log(spec.high + half)))), spec.low, spec.high);
  const x = rs.uniform(spec.low - half, spec.high + half);
  return clip(Math.floor((x - spec.low) / spec.step + 0.5) * spec.step + spec.low, spec.low, spec.high);
}
