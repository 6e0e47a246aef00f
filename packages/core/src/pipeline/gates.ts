/**
 * The plan's go/no-go gates as one pure function. Every gate reports passed = true / false, or null
 * when an input it needs is missing (null or not a finite number), with a message that states the
 * formula and the numbers in plain words.
 */

/** What the gates judge. Sharpe ratios are annualised; drawdowns are positive fractions (0.2 = 20 %). */
export interface GateInput {
  /** The strategy out of sample. */
  strategy: { sharpe: number | null; maxDrawdown: number | null; trades: number };
  /** The baseline it must beat, on the same period (e.g. buy & hold). */
  baseline: { name: string; sharpe: number | null; maxDrawdown: number | null };
  /**
   * Gate 3: the Sharpe of the same unit-size costed signal, in sample on each walk-forward window's own
   * training period and out of sample on its test window.
   */
  inSampleSharpe: number | null;
  outOfSampleSharpe: number | null;
  /** Gate 4: the same signals with close fills and no costs (naive), and through the full simulator (realistic). */
  naiveSharpe: number | null;
  realisticSharpe: number | null;
  /** Deflated Sharpe ratio (a probability) and probability of backtest overfitting. */
  dsr: number | null;
  pbo: number | null;
}

/** Gate thresholds; see {@link evaluateGates} for how each is used. */
export interface GateThresholds {
  /** Gate 1: the strategy must beat the baseline Sharpe by this share of its magnitude. @default 0.2 */
  sharpeImprovement: number;
  /** Gate 2: the strategy's drawdown must be at least this share smaller than the baseline's. @default 0.25 */
  drawdownReduction: number;
  /** Gate 3: the out-of-sample Sharpe may fall at most this share of the in-sample magnitude. @default 0.10 */
  isOosTolerance: number;
  /** Gate 4: the realistic simulation must remove at least this share of the naive Sharpe. @default 0.15 */
  inflationReduction: number;
  /** Gate 5: minimum deflated Sharpe ratio. @default 0.95 */
  dsr: number;
  /** Gate 6: maximum probability of backtest overfitting. @default 0.5 */
  pbo: number;
  /** Gate 7: minimum number of out-of-sample trades. @default 30 */
  minTrades: number;
}

export const DEFAULT_GATE_THRESHOLDS: GateThresholds = Object.freeze({
  sharpeImprovement: 0.2, drawdownReduction: 0.25, isOosTolerance: 0.1, inflationReduction: 0.15, dsr: 0.95, pbo: 0.5, minTrades: 30,
});

export type GateName = 'sharpe_vs_baseline' | 'drawdown_vs_baseline' | 'is_oos_consistency' | 'execution_realism' | 'dsr' | 'pbo' | 'min_trades';

export interface GateResult {
  gate: GateName;
  /** null = not computable (an input is missing). */
  passed: boolean | null;
  value: number | null;
  threshold: number | null;
  message: string;
}

export interface GateDecision {
  decision: 'go' | 'no-go' | 'inconclusive';
  gates: GateResult[];
  /** Names of the gates that failed, in gate order. */
  failed: GateName[];
}

/**
 * evaluateGates(input, thresholds) – the seven gates, in this order (S strategy, B baseline; defaults):
 *  1. sharpe_vs_baseline: pass iff S ≥ B + 0.2·|B| and S > 0 (S ≥ 1.2·B when B > 0; a losing strategy
 *     never passes). value S, threshold max(B + 0.2·|B|, 0).
 *  2. drawdown_vs_baseline: pass iff DD_S ≤ (1 − 0.25)·DD_B; when DD_B = 0, pass iff DD_S = 0.
 *     value DD_S, threshold 0.75·DD_B.
 *  3. is_oos_consistency: pass iff OOS ≥ IS − 0.10·|IS| (falls at most 10 % of the in-sample magnitude;
 *     doing better out of sample passes). value OOS, threshold IS − 0.10·|IS|.
 *  4. execution_realism: r = (naive − realistic)/|naive|; pass iff r ≥ 0.15 (the realistic simulation
 *     removes at least 15 % of the naive Sharpe, i.e. costs and fills were really modelled); naive ≤ 0
 *     fails (no edge even without costs) with value null. value r, threshold 0.15.
 *  5. dsr ≥ 0.95.  6. pbo ≤ 0.5.  7. trades ≥ 30.
 * Boundaries pass (a value equal to its threshold up to 1e-12 relative rounding passes). A missing
 * input gives passed null. decision: 'no-go' if any gate failed, else 'inconclusive' if any is null,
 * else 'go'.
 */
export function evaluateGates(input: GateInput, thresholds: Partial<GateThresholds> = {}): GateDecision {
  const T: GateThresholds = { ...DEFAULT_GATE_THRESHOLDS, ...thresholds };
  for (const [k, v] of Object.entries(T)) if (!Number.isFinite(v) || v < 0) throw new Error(`gate threshold ${k} must be a finite number ≥ 0; was ${v}`);
  const gates = [sharpeGate(input, T), drawdownGate(input, T), consistencyGate(input, T), realismGate(input, T), dsrGate(input, T), pboGate(input, T), tradesGate(input, T)];
  const failed = gates.filter((g) => g.passed === false).map((g) => g.gate);
  const decision = failed.length > 0 ? 'no-go' : gates.some((g) => g.passed === null) ? 'inconclusive' : 'go';
  return { decision, gates, failed };
}

/** a ≥ b up to rounding (1e-12 relative), so that values equal to a computed threshold pass. */
const atLeast = (a: number, b: number): boolean => a >= b - 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
const ok = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);
const f2 = (x: number): string => (x !== 0 && Math.abs(x) < 0.01 ? x.toPrecision(2) : x.toFixed(2));
const pct = (x: number): string => `${Number((100 * x).toFixed(1))} %`;
const verdictWord = (p: boolean): string => (p ? 'passed' : 'FAILED');
/** passed null, naming the missing inputs (those whose flag is true). */
function missing(gate: GateName, items: [boolean, string][], threshold: number | null = null): GateResult {
  const what = items.filter(([absent]) => absent).map(([, label]) => label);
  return { gate, passed: null, value: null, threshold, message: `Not computable: ${what.join(' and ')} ${what.length > 1 ? 'are' : 'is'} missing.` };
}

function sharpeGate(i: GateInput, T: GateThresholds): GateResult {
  const S = i.strategy.sharpe, B = i.baseline.sharpe, k = T.sharpeImprovement, name = i.baseline.name;
  if (!ok(S) || !ok(B)) return missing('sharpe_vs_baseline', [[!ok(S), 'the strategy Sharpe'], [!ok(B), `the Sharpe of the baseline "${name}"`]]);
  const beat = B + k * Math.abs(B), threshold = Math.max(beat, 0);
  const passed = atLeast(S, beat) && S > 0;
  const why = S <= 0 ? ' The strategy loses money, which never passes.' : '';
  return {
    gate: 'sharpe_vs_baseline', passed, value: S, threshold,
    message: `Strategy Sharpe ${f2(S)} vs baseline "${name}" ${f2(B)}: it must reach at least the baseline plus ${pct(k)} of its size (${f2(B)} + ${pct(k)} × ${f2(Math.abs(B))} = ${f2(beat)}) and be above 0 — ${verdictWord(passed)}.${why}`,
  };
}

function drawdownGate(i: GateInput, T: GateThresholds): GateResult {
  const D = i.strategy.maxDrawdown, DB = i.baseline.maxDrawdown, k = T.drawdownReduction, name = i.baseline.name;
  if (!ok(D) || !ok(DB)) return missing('drawdown_vs_baseline', [[!ok(D), 'the strategy max drawdown'], [!ok(DB), `the max drawdown of the baseline "${name}"`]]);
  if (D < 0 || DB < 0) throw new Error(`maxDrawdown must be a positive fraction (≥ 0); was strategy ${D}, baseline ${DB}`);
  const threshold = (1 - k) * DB;
  const passed = DB === 0 ? D === 0 : atLeast(threshold, D);
  const rule = DB === 0
    ? `the baseline never drew down, so the strategy must not either`
    : `it must be at least ${pct(k)} smaller, at most ${pct(1 - k)} × ${pct(DB)} = ${pct(threshold)}`;
  return { gate: 'drawdown_vs_baseline', passed, value: D, threshold, message: `Strategy max drawdown ${pct(D)} vs baseline "${name}" ${pct(DB)}: ${rule} — ${verdictWord(passed)}.` };
}

function consistencyGate(i: GateInput, T: GateThresholds): GateResult {
  const IS = i.inSampleSharpe, OOS = i.outOfSampleSharpe, k = T.isOosTolerance;
  if (!ok(IS) || !ok(OOS)) return missing('is_oos_consistency', [[!ok(IS), 'the in-sample Sharpe'], [!ok(OOS), 'the out-of-sample Sharpe']]);
  const threshold = IS - k * Math.abs(IS);
  const passed = atLeast(OOS, threshold);
  const change = IS !== 0 ? ` (${OOS >= IS ? 'up' : 'down'} ${pct(Math.abs(OOS - IS) / Math.abs(IS))})` : '';
  return {
    gate: 'is_oos_consistency', passed, value: OOS, threshold,
    message: `Out-of-sample Sharpe ${f2(OOS)} vs in-sample ${f2(IS)}${change}: it may fall at most ${pct(k)} of the in-sample size, to ${f2(IS)} − ${pct(k)} × ${f2(Math.abs(IS))} = ${f2(threshold)} — ${verdictWord(passed)}.`,
  };
}

function realismGate(i: GateInput, T: GateThresholds): GateResult {
  const N = i.naiveSharpe, R = i.realisticSharpe, k = T.inflationReduction;
  if (!ok(N) || !ok(R)) return missing('execution_realism', [[!ok(N), 'the naive Sharpe (close fills, no costs)'], [!ok(R), 'the realistic Sharpe (full simulator)']], k);
  if (N <= 0) {
    return { gate: 'execution_realism', passed: false, value: null, threshold: k, message: `Naive Sharpe ${f2(N)} (close fills, no costs) is not above 0: the signals have no edge even before costs — FAILED.` };
  }
  const r = (N - R) / Math.abs(N);
  const passed = atLeast(r, k);
  const hint = passed ? '' : R > N ? ' The realistic run beat the cost-free one, so costs or fills are not being applied.' : ' Costs and fills barely changed the result: check they are modelled.';
  return {
    gate: 'execution_realism', passed, value: r, threshold: k,
    message: `Realistic Sharpe ${f2(R)} vs naive ${f2(N)} (close fills, no costs): the realistic simulation removes (${f2(N)} − ${f2(R)}) / ${f2(N)} = ${pct(r)} of the naive Sharpe; at least ${pct(k)} is expected — ${verdictWord(passed)}.${hint}`,
  };
}

function dsrGate(i: GateInput, T: GateThresholds): GateResult {
  if (!ok(i.dsr)) return missing('dsr', [[true, 'the deflated Sharpe ratio']], T.dsr);
  const passed = atLeast(i.dsr, T.dsr);
  return {
    gate: 'dsr', passed, value: i.dsr, threshold: T.dsr,
    message: `Deflated Sharpe ratio ${f2(i.dsr)} vs at least ${f2(T.dsr)}: ${passed ? 'the Sharpe is significant even after allowing for the number of variants tried' : 'after allowing for the number of variants tried, the Sharpe could be luck'} — ${verdictWord(passed)}.`,
  };
}

function pboGate(i: GateInput, T: GateThresholds): GateResult {
  if (!ok(i.pbo)) return missing('pbo', [[true, 'the probability of backtest overfitting']], T.pbo);
  const passed = atLeast(T.pbo, i.pbo);
  return {
    gate: 'pbo', passed, value: i.pbo, threshold: T.pbo,
    message: `Probability of backtest overfitting ${pct(i.pbo)} vs at most ${pct(T.pbo)}: the variant that looked best in sample ${passed ? 'usually' : 'more often than not fails to'} hold${passed ? 's' : ''} up out of sample — ${verdictWord(passed)}.`,
  };
}

function tradesGate(i: GateInput, T: GateThresholds): GateResult {
  const n = i.strategy.trades;
  if (!ok(n)) return missing('min_trades', [[true, 'the number of trades']], T.minTrades);
  const passed = n >= T.minTrades;
  return { gate: 'min_trades', passed, value: n, threshold: T.minTrades, message: `${n} out-of-sample trades vs at least ${T.minTrades}: ${passed ? 'enough to judge' : 'too few to judge the strategy'} — ${verdictWord(passed)}.` };
}
