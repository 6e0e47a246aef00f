/**
 * A policy's training diagnostics, bucketed: a PPO run logs one record per update (CleanRL's names:
 * episodic_return, policy_loss, value_loss, entropy, approx_kl, clipfrac, explained_variance, steps/s),
 * e.g. 162 per agent on the default config (ppo.steps = 1 M for the whole run, 6 windows × 2 symbols, 512 steps
 * per update); a larger budget or fewer windows gives more. PolicyHistoryBuckets folds consecutive updates into at most
 * `maxPoints` points per window and agent (one agent per symbol), each the summary of its bucket, so the live stream and the report carry
 * the same bounded series; policyTrainingSection turns them into the report's compact columns.
 *
 * A bucket of k updates (a trainer that says how many updates it runs, `iterations`, gets
 * k = ⌈iterations / maxPoints⌉; one that does not gets k = 1):
 *  - step: the global step at its last update;
 *  - episodic_return: the mean return of the episodes that ended in it (each update's mean weighted by its
 *    `episodes`; NaN when none ended);
 *  - steps_per_s: k / Σ 1/rate — the throughput of the whole bucket, every update stepping the same batch;
 *  - every other metric: the mean of its finite values (NaN when none);
 *  - every metric rounded to 6 significant digits (the trainer's float32 carries ≈ 7);
 *  - any other field of the records (e.g. ppoTrainer's run_step, run_steps, symbol_index, learning_rate): the
 *    bucket's last record's value, so a host's progress line keeps reading them.
 */
import type { PolicyProgress } from '../rl/index.ts';
import type { PolicyHistoryPoint, PolicyTrainingSection } from '../reports/types.ts';
import { num } from './numbers.ts';

/** The diagnostics kept, in the order the report and the charts show them. */
export const POLICY_METRICS = ['episodic_return', 'policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'explained_variance', 'steps_per_s'] as const;
export type PolicyMetric = (typeof POLICY_METRICS)[number];

/** Points per walk-forward window, streamed and stored. @default 200 */
export const POLICY_HISTORY_MAX_POINTS = 200;

const AVERAGED = POLICY_METRICS.filter((m) => m !== 'episodic_return' && m !== 'steps_per_s');

/** Streams one window's records in, hands back a summary point whenever a bucket closes. */
export class PolicyHistoryBuckets {
  private updates = 0;
  private step = 0;
  private last: PolicyProgress | null = null;
  private episodes = 0;
  private returnSum = 0;
  private returnN = 0;
  private invRate = 0;
  private rateN = 0;
  private readonly sums = new Float64Array(AVERAGED.length);
  private readonly counts = new Int32Array(AVERAGED.length);

  constructor(readonly window: number, readonly maxPoints = POLICY_HISTORY_MAX_POINTS, readonly symbol = 0) {
    if (!(maxPoints >= 1)) throw new Error(`maxPoints must be ≥ 1; was ${maxPoints}`);
  }

  /** push(record) – the bucket's summary point when `record` closes it, else null. */
  push(p: PolicyProgress): PolicyHistoryPoint | null {
    this.updates++;
    this.step = p.step;
    this.last = p;
    const ret = p.episodic_return, eps = p.episodes;
    if (Number.isFinite(ret)) {
      const w = typeof eps === 'number' && Number.isFinite(eps) ? eps : 1;
      if (w > 0) { this.returnSum += ret * w; this.returnN += w; }
    }
    this.episodes += typeof eps === 'number' && Number.isFinite(eps) ? eps : Number.isFinite(ret) ? 1 : 0;
    const rate = p.steps_per_s;
    if (Number.isFinite(rate) && rate > 0) { this.invRate += 1 / rate; this.rateN++; }
    for (let j = 0; j < AVERAGED.length; j++) {
      const v = p[AVERAGED[j]];
      if (typeof v === 'number' && Number.isFinite(v)) { this.sums[j] += v; this.counts[j]++; }
    }
    const { iteration, iterations } = p;
    const known = Number.isInteger(iteration) && Number.isInteger(iterations) && iterations > 0;
    const stride = known ? Math.ceil(iterations / this.maxPoints) : 1;
    const close = !known || iteration % stride === 0 || iteration >= iterations;
    return close ? this.flush() : null;
  }

  /** flush() – the open bucket's point (null when empty): call at the end of a window whose trainer stopped early. */
  flush(): PolicyHistoryPoint | null {
    if (this.updates === 0) return null;
    const point: PolicyHistoryPoint = {
      // the last record's other fields as they stood at the bucket's end (e.g. a trainer's run_step / run_steps, learning_rate)
      ...this.last,
      window: this.window, symbol: this.symbol, step: this.step, updates: this.updates, episodes: this.episodes,
      episodic_return: this.returnN > 0 ? this.returnSum / this.returnN : Number.NaN,
      policy_loss: Number.NaN, value_loss: Number.NaN, entropy: Number.NaN, approx_kl: Number.NaN, clipfrac: Number.NaN, explained_variance: Number.NaN,
      steps_per_s: this.rateN > 0 ? this.rateN / this.invRate : Number.NaN,
    };
    for (let j = 0; j < AVERAGED.length; j++) point[AVERAGED[j]] = this.counts[j] > 0 ? this.sums[j] / this.counts[j] : Number.NaN;
    for (const m of POLICY_METRICS) point[m] = significant(point[m]);
    this.updates = 0; this.last = null; this.episodes = 0; this.returnSum = 0; this.returnN = 0; this.invRate = 0; this.rateN = 0;
    this.sums.fill(0); this.counts.fill(0);
    return point;
  }
}

/**
 * One run's buckets, per window and per agent: a window trains one agent per symbol one after the other
 * (ppoTrainer), each record naming it by `symbol_index`; a trainer that does not gets a new agent whenever a
 * record's step is not after the previous one's.
 */
export class PolicyHistoryStreams {
  private readonly open = new Map<number, { buckets: PolicyHistoryBuckets; lastStep: number }>();

  constructor(readonly maxPoints = POLICY_HISTORY_MAX_POINTS) {}

  /** push(window, record) – the points the record closes (none, its bucket's, and the previous agent's open bucket first when it starts a new agent). */
  push(window: number, p: PolicyProgress): PolicyHistoryPoint[] {
    const out: PolicyHistoryPoint[] = [];
    let entry = this.open.get(window);
    const named = Number.isInteger(p.symbol_index) && p.symbol_index >= 0 ? p.symbol_index : null;
    const symbol = named ?? (entry ? (p.step > entry.lastStep ? entry.buckets.symbol : entry.buckets.symbol + 1) : 0);
    if (!entry || entry.buckets.symbol !== symbol) {
      const rest = entry?.buckets.flush(); // the previous agent stopped early
      if (rest) out.push(rest);
      entry = { buckets: new PolicyHistoryBuckets(window, this.maxPoints, symbol), lastStep: -Infinity };
      this.open.set(window, entry);
    }
    entry.lastStep = p.step;
    const point = entry.buckets.push(p);
    if (point) out.push(point);
    return out;
  }

  /** flush(window) – the window's open bucket (null when empty); call when the window ends. */
  flush(window: number): PolicyHistoryPoint | null {
    const entry = this.open.get(window);
    this.open.delete(window);
    return entry?.buckets.flush() ?? null;
  }
}

/** bucketPolicyHistory(window, records, maxPoints) – every point PolicyHistoryStreams gives for one window's records (all its agents). */
export function bucketPolicyHistory(window: number, records: readonly PolicyProgress[], maxPoints = POLICY_HISTORY_MAX_POINTS): PolicyHistoryPoint[] {
  const streams = new PolicyHistoryStreams(maxPoints);
  const out: PolicyHistoryPoint[] = [];
  for (const r of records) out.push(...streams.push(window, r));
  const last = streams.flush(window);
  if (last) out.push(last);
  return out;
}

/**
 * policyTrainingSection(kind, symbols, history, maxPoints) – the report's "PPO training" section: per window
 * and agent (symbol), the bucketed points as columns (step, updates, episodes and one column per metric;
 * NaN → null). A trainer that does not say how many updates it runs is bucketed afterwards (pairs merged
 * until ≤ maxPoints).
 */
export function policyTrainingSection(kind: string, symbols: readonly string[], history: readonly { window: number; points: readonly PolicyProgress[] }[], maxPoints = POLICY_HISTORY_MAX_POINTS): PolicyTrainingSection {
  const series: PolicyTrainingSection['series'] = [];
  for (const h of history) {
    const all = bucketPolicyHistory(h.window, h.points, maxPoints);
    for (const symbol of [...new Set(all.map((p) => p.symbol))]) {
      let pts = all.filter((p) => p.symbol === symbol);
      // records without `iterations`: one point per update; halve until bounded
      while (pts.length > maxPoints) pts = mergePairs(pts);
      const col = (m: PolicyMetric) => pts.map((p) => num(p[m]));
      series.push({
        window: h.window, symbol, step: pts.map((p) => p.step), updates: pts.map((p) => p.updates), episodes: pts.map((p) => p.episodes),
        episodic_return: col('episodic_return'), policy_loss: col('policy_loss'), value_loss: col('value_loss'), entropy: col('entropy'),
        approx_kl: col('approx_kl'), clipfrac: col('clipfrac'), explained_variance: col('explained_variance'), steps_per_s: col('steps_per_s'),
      });
    }
  }
  return { kind, symbols: [...symbols], metrics: [...POLICY_METRICS], maxPointsPerSeries: maxPoints, series };
}

/**
 * significant(x) – x to 6 significant digits (the trainer computes in float32: ≈ 7 digits): halves the
 * report's JSON (a default 1 M-step run: 314 → 165 kB for 12 agents × 162 points) at no visible cost.
 */
function significant(x: number): number {
  return Number.isFinite(x) && x !== 0 ? +x.toPrecision(6) : x;
}

/** Consecutive points merged two by two with the same rules as a bucket (weights: updates, episodes). */
function mergePairs(pts: PolicyHistoryPoint[]): PolicyHistoryPoint[] {
  const out: PolicyHistoryPoint[] = [];
  for (let i = 0; i < pts.length; i += 2) {
    const a = pts[i], b = pts[i + 1];
    if (!b) { out.push(a); continue; }
    const wmean = (x: number, wx: number, y: number, wy: number) => {
      const fx = Number.isFinite(x) && wx > 0, fy = Number.isFinite(y) && wy > 0;
      return fx && fy ? (x * wx + y * wy) / (wx + wy) : fx ? x : fy ? y : Number.NaN;
    };
    const m: PolicyHistoryPoint = { ...b, updates: a.updates + b.updates, episodes: a.episodes + b.episodes };
    m.episodic_return = wmean(a.episodic_return, a.episodes, b.episodic_return, b.episodes);
    // harmonic: updates / Σ(updates / rate)
    const ra = a.steps_per_s, rb = b.steps_per_s;
    m.steps_per_s = Number.isFinite(ra) && Number.isFinite(rb) ? (a.updates + b.updates) / (a.updates / ra + b.updates / rb) : Number.isFinite(ra) ? ra : rb;
    for (const k of AVERAGED) m[k] = wmean(a[k], a.updates, b[k], b.updates);
    for (const k of POLICY_METRICS) m[k] = significant(m[k]);
    out.push(m);
  }
  return out;
}
