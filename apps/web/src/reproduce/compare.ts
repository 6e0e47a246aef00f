/**
 * The comparison behind "Reproduce in this browser": the server's stored run against the same config
 * re-run in a browser worker. Pure functions over plain numbers (no React, no worker), so the verdict the
 * page shows is unit-tested: equal means bit-for-bit equal (NaN equals NaN, null equals null), and a
 * difference is reported with its size, never rounded away.
 */
import type { HeadlineMetrics, RunReportSummary } from '@skippy/core/reports';

/** The headline figures shown side by side (every numeric headline field is compared; these are listed). */
export const SHOWN_FIGURES: readonly { key: keyof HeadlineMetrics; label: string }[] = [
  { key: 'totalReturn', label: 'Total return' },
  { key: 'finalEquity', label: 'Final equity' },
  { key: 'sharpe', label: 'Sharpe (annualised)' },
  { key: 'maxDrawdown', label: 'Max drawdown' },
  { key: 'trades', label: 'Trades' },
  { key: 'winRate', label: 'Win rate' },
  { key: 'fees', label: 'Fees' },
  { key: 'oosAccuracy', label: 'Out-of-sample accuracy' },
  { key: 'oosAuc', label: 'Out-of-sample AUC' },
  { key: 'dsr', label: 'Deflated Sharpe' },
  { key: 'pbo', label: 'PBO' },
];

export interface FigureDiff {
  key: string;
  server: number | null;
  browser: number | null;
  /** |server − browser|; 0 when identical (both null or both NaN included); Infinity when only one side has a number. */
  absDiff: number;
  identical: boolean;
}

const asNumber = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** sameNumber(a, b) – bit-for-bit equality of two figures: null = null, NaN = NaN, +0 = −0 (a rounding-free comparison). */
export function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** figureDiff(key, server, browser) – one figure's comparison. */
export function figureDiff(key: string, server: number | null, browser: number | null): FigureDiff {
  const identical = sameNumber(server, browser);
  const absDiff = identical ? 0 : server === null || browser === null || Number.isNaN(server) || Number.isNaN(browser) ? Infinity : Math.abs(server - browser);
  return { key, server, browser, absDiff, identical };
}

/**
 * compareHeadlines(server, browser) – every numeric (or null) field of either headline, in the server's key
 * order then any the browser adds; a field present on one side only counts as different.
 */
export function compareHeadlines(server: HeadlineMetrics, browser: HeadlineMetrics): FigureDiff[] {
  const s = server as unknown as Record<string, unknown>, b = browser as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(s), ...Object.keys(b)])];
  const out: FigureDiff[] = [];
  for (const k of keys) {
    const sv = s[k], bv = b[k];
    const numeric = (v: unknown) => typeof v === 'number' || v === null;
    if (!numeric(sv) && !numeric(bv)) continue;
    out.push(figureDiff(k, Object.hasOwn(s, k) ? asNumber(sv) : null, Object.hasOwn(b, k) ? asNumber(bv) : null));
    if (Object.hasOwn(s, k) !== Object.hasOwn(b, k)) out[out.length - 1] = { ...out[out.length - 1], identical: false, absDiff: Infinity };
  }
  return out;
}

export interface PredictionsDiff {
  /** Rows in the server's predictions table and in the browser's. */
  serverRows: number;
  browserRows: number;
  /** Rows where both sides have an out-of-sample probability (a finite number). */
  compared: number;
  /** Rows with a probability on one side and none (NaN) on the other. */
  missingOnOneSide: number;
  /** Largest |server − browser| over the compared rows (0 when none). */
  maxAbsDiff: number;
  /** Rows whose probabilities differ at all. */
  differing: number;
  identical: boolean;
}

/**
 * comparePredictions(server, browser) – the out-of-sample probabilities row by row (the predictions table's
 * `prob`: NaN/null where no walk-forward window tested the sample). Tables of different length are
 * compared over the common prefix and never identical.
 */
export function comparePredictions(server: ArrayLike<number | null>, browser: ArrayLike<number | null>): PredictionsDiff {
  const n = Math.min(server.length, browser.length);
  let compared = 0, missing = 0, differing = 0, maxAbsDiff = 0;
  for (let i = 0; i < n; i++) {
    const a = server[i] ?? Number.NaN, b = browser[i] ?? Number.NaN;
    const fa = Number.isFinite(a), fb = Number.isFinite(b);
    if (!fa && !fb) { if (!sameNumber(a, b)) differing++; continue; }
    if (fa !== fb) { missing++; differing++; continue; }
    compared++;
    const d = Math.abs(a - b);
    if (d !== 0) differing++;
    if (d > maxAbsDiff) maxAbsDiff = d;
  }
  return { serverRows: server.length, browserRows: browser.length, compared, missingOnOneSide: missing, maxAbsDiff, differing, identical: differing === 0 && server.length === browser.length };
}

/**
 * Largest difference still called rounding: relative for a headline figure (|Δ| ≤ 1e-12 × max(1, |server|)),
 * absolute for a probability. ECMAScript leaves Math.exp / Math.log / Math.pow "implementation-approximated",
 * and two V8 versions (the server's Node.js and a browser) round about one input in ten differently in the
 * last bit; such differences are ~1e-16, nine orders of magnitude below this bound and far below float32's
 * resolution (≈ 6e-8), so a difference under it cannot come from the models' float32 TensorFlow.js arithmetic.
 */
export const ROUNDING_TOLERANCE = 1e-12;

/** withinRounding(d) – true when a figure's difference is at most ROUNDING_TOLERANCE relative to its size. */
export function withinRounding(d: FigureDiff): boolean {
  if (d.identical) return true;
  if (d.server === null || d.absDiff === Infinity) return false;
  return d.absDiff <= ROUNDING_TOLERANCE * Math.max(1, Math.abs(d.server));
}

export interface ReproductionVerdict {
  /** identical: bit for bit; rounding: every difference ≤ ROUNDING_TOLERANCE; differs: anything larger, or a missing value. */
  kind: 'identical' | 'rounding' | 'differs';
  identical: boolean;
  /** One line for people: "Identical: …", "Equal up to rounding: …" or "Differs: …" with the sizes. */
  text: string;
}

const sci = (x: number) => (x === Infinity ? '∞ (a figure is missing on one side)' : x.toPrecision(3));

/** reproductionVerdict(figures, predictions) – identical only when every headline figure and every prediction agree exactly; else what differs and by how much. predictions null: the run has no predictions table. */
export function reproductionVerdict(figures: readonly FigureDiff[], predictions: PredictionsDiff | null): ReproductionVerdict {
  const badFigures = figures.filter((f) => !f.identical);
  const predsOk = predictions === null || predictions.identical;
  if (badFigures.length === 0 && predsOk) {
    const preds = predictions ? ` and all ${predictions.compared.toLocaleString('en-US')} out-of-sample predictions` : '';
    return { kind: 'identical', identical: true, text: `Identical: every headline figure (${figures.length})${preds} match the server's bit for bit.` };
  }
  const parts: string[] = [];
  if (badFigures.length) {
    const worst = badFigures.reduce((a, b) => (b.absDiff > a.absDiff ? b : a));
    parts.push(`${badFigures.length} of ${figures.length} headline figures differ (largest |Δ| ${sci(worst.absDiff)} in ${worst.key})`);
  }
  if (predictions && !predictions.identical) {
    const rows = predictions.serverRows !== predictions.browserRows ? `, ${predictions.serverRows} vs ${predictions.browserRows} rows` : '';
    const miss = predictions.missingOnOneSide ? `, ${predictions.missingOnOneSide} predicted on one side only` : '';
    parts.push(`${predictions.differing.toLocaleString('en-US')} of ${predictions.compared.toLocaleString('en-US')} predictions differ, max |Δ| ${sci(predictions.maxAbsDiff)}${rows}${miss}`);
  }
  const rounding = badFigures.every(withinRounding)
    && (predictions === null || (predictions.serverRows === predictions.browserRows && predictions.missingOnOneSide === 0 && predictions.maxAbsDiff <= ROUNDING_TOLERANCE));
  if (rounding) {
    return { kind: 'rounding', identical: false, text: `Equal up to rounding: ${parts.join('; ')} — every difference ≤ ${ROUNDING_TOLERANCE}, the rest bit for bit.` };
  }
  return { kind: 'differs', identical: false, text: `Differs: ${parts.join('; ')}.` };
}

/** Why a run cannot be reproduced in the browser (one line), or null when it can. */
export function reproduceBlocker(report: Pick<RunReportSummary, 'config' | 'protocol'>): string | null {
  if (report.config.data.source !== 'synthetic') {
    return 'Only runs on the synthetic market can be reproduced here: this run read stored data, which stays on the server.';
  }
  // config.trainer 'ppo'; an older policy run (skippy-train ppo) shows only in its protocol ("ppo policy: …", core runExperiment)
  const policy = report.config.trainer === 'ppo' ? 'ppo' : /^(\w+) policy: /.exec(report.protocol?.sizing ?? '')?.[1];
  if (policy) return `${policy.toUpperCase()} runs cannot be reproduced here yet: the policy trainer runs on the server and the CLI only, not in a browser worker.`;
  return null;
}
