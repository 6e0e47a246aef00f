/**
 * Chart preparation of a PPO run's training diagnostics: TensorBoard-like small multiples, one panel per
 * metric, x = the agent's environment step, one line per walk-forward window (and symbol when a run
 * trains several agents per window). The points come either from the finished report
 * (PolicyTrainingSection columns) or from the live stream (core already buckets them: ≤ 200 per window
 * and agent, so a whole run is at most a few thousand points — cheap enough for the main thread).
 *
 * Smoothing is TensorBoard's: an exponential moving average debiased like Adam's moments
 * (s_k = w·s_{k−1} + (1 − w)·y_k from s_0 = 0, shown as s_k / (1 − w^k) with k counting finite points;
 * non-finite points are skipped and stay gaps). The raw series is drawn faint behind the smoothed one.
 */
import type { PolicyHistoryPoint, PolicyTrainingSection } from '@skippy/core/reports';

export const PPO_METRICS = ['episodic_return', 'policy_loss', 'value_loss', 'entropy', 'approx_kl', 'clipfrac', 'explained_variance', 'steps_per_s'] as const;
export type PpoMetric = (typeof PPO_METRICS)[number];

/** What each panel is called, CleanRL's TensorBoard tag, and what it means. */
export const PPO_METRIC_INFO: Record<PpoMetric, { title: string; tag: string; help: string }> = {
  episodic_return: { title: 'Episodic return', tag: 'charts/episodic_return', help: 'Mean reward (Δ equity after costs) of the training episodes that ended' },
  policy_loss: { title: 'Policy loss', tag: 'losses/policy_loss', help: 'Clipped surrogate objective (negated)' },
  value_loss: { title: 'Value loss', tag: 'losses/value_loss', help: 'Critic regression loss against the GAE returns' },
  entropy: { title: 'Entropy', tag: 'losses/entropy', help: 'Of the action distribution (ln 3 ≈ 1.10 = uniform over short/flat/long)' },
  approx_kl: { title: 'Approximate KL', tag: 'losses/approx_kl', help: 'KL(old ‖ new) per update, (r − 1) − ln r estimator' },
  clipfrac: { title: 'Clip fraction', tag: 'losses/clipfrac', help: 'Share of samples whose probability ratio was clipped' },
  explained_variance: { title: 'Explained variance', tag: 'losses/explained_variance', help: '1 − Var(returns − values) / Var(returns); 1 = perfect critic' },
  steps_per_s: { title: 'Steps / s', tag: 'charts/SPS', help: 'Environment steps per second of wall time' },
};

/** One line: a window's agent (symbol index) with its x and one y column per metric (null = no value). */
export interface PolicyLine {
  window: number;
  symbol: number;
  step: number[];
  values: Record<PpoMetric, (number | null)[]>;
}

const finiteOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** linesFromSection(section) – the report's columns as lines (same order). */
export function linesFromSection(section: PolicyTrainingSection): PolicyLine[] {
  return section.series.map((s) => ({
    window: s.window, symbol: s.symbol, step: s.step.slice(),
    values: Object.fromEntries(PPO_METRICS.map((m) => [m, s[m].map(finiteOrNull)])) as PolicyLine['values'],
  }));
}

/**
 * linesFromPoints(points) – streamed points grouped by window and agent, ordered by window then symbol;
 * a point repeated by a reconnect's catch-up (same window, agent and step) is kept once.
 */
export function linesFromPoints(points: readonly Partial<PolicyHistoryPoint>[]): PolicyLine[] {
  const byKey = new Map<string, PolicyLine>();
  for (const p of points) {
    const window = finiteOrNull(p.window), step = finiteOrNull(p.step);
    if (window === null || step === null) continue;
    const symbol = finiteOrNull(p.symbol) ?? 0;
    const key = `${window}:${symbol}`;
    let line = byKey.get(key);
    if (!line) {
      line = { window, symbol, step: [], values: Object.fromEntries(PPO_METRICS.map((m) => [m, []])) as unknown as PolicyLine['values'] };
      byKey.set(key, line);
    }
    const n = line.step.length;
    if (n > 0 && step <= line.step[n - 1]) continue;
    line.step.push(step);
    for (const m of PPO_METRICS) line.values[m].push(finiteOrNull(p[m]));
  }
  return [...byKey.values()].sort((a, b) => a.window - b.window || a.symbol - b.symbol);
}

/** emaSmooth(values, weight) – TensorBoard's debiased exponential moving average (weight in [0, 1)); nulls stay nulls. */
export function emaSmooth(values: readonly (number | null)[], weight: number): (number | null)[] {
  const w = Math.min(Math.max(weight, 0), 0.999);
  let last = 0, k = 0;
  return values.map((y) => {
    if (y === null || !Number.isFinite(y)) return null;
    last = last * w + (1 - w) * y;
    k++;
    return w === 0 ? y : last / (1 - w ** k);
  });
}

/** A line's colour: one per window, in the report's palette (symbols of one window share it, dashed after the first). */
export const LINE_COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#475569', '#ea580c'];

export function lineName(line: PolicyLine, symbols: readonly string[]): string {
  return symbols.length > 1 ? `window ${line.window + 1} ${symbols[line.symbol] ?? `#${line.symbol}`}` : `window ${line.window + 1}`;
}

/** The latest figures of the most recent line (for the summary strip): its step and the last finite value of each metric. */
export function latestFigures(lines: readonly PolicyLine[]): { line: PolicyLine; step: number; values: Record<PpoMetric, number | null> } | null {
  const line = lines.at(-1);
  if (!line || line.step.length === 0) return null;
  const last = (xs: (number | null)[]) => { for (let i = xs.length - 1; i >= 0; i--) if (xs[i] !== null) return xs[i]; return null; };
  return { line, step: line.step[line.step.length - 1], values: Object.fromEntries(PPO_METRICS.map((m) => [m, last(line.values[m])])) as Record<PpoMetric, number | null> };
}

/**
 * panelOption(metric, lines, symbols, smoothing) – one small multiple's ECharts option: per line the raw
 * values faint and the smoothed ones solid in the line's colour; axis tooltip; no animation (it streams).
 */
export function panelOption(metric: PpoMetric, lines: readonly PolicyLine[], symbols: readonly string[], smoothing: number) {
  const series: object[] = [];
  for (const line of lines) {
    const color = LINE_COLORS[line.window % LINE_COLORS.length];
    const name = lineName(line, symbols);
    const ys = line.values[metric];
    const smooth = emaSmooth(ys, smoothing);
    const raw: [number, number][] = [], sm: [number, number][] = [];
    for (let i = 0; i < line.step.length; i++) {
      const y = ys[i], s = smooth[i];
      if (y !== null) raw.push([line.step[i], y]);
      if (s !== null) sm.push([line.step[i], s]);
    }
    const dashed = line.symbol > 0 ? 'dashed' : 'solid';
    if (smoothing > 0) series.push({ name, type: 'line', data: raw, showSymbol: false, silent: true, lineStyle: { width: 1, color, opacity: 0.22, type: dashed }, itemStyle: { color }, tooltip: { show: false }, z: 1 });
    series.push({ name, type: 'line', data: sm, showSymbol: sm.length === 1, symbolSize: 4, lineStyle: { width: 1.6, color, type: dashed }, itemStyle: { color }, z: 2 });
  }
  return {
    animation: false,
    grid: { left: 52, right: 12, top: 10, bottom: 24 },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v: unknown) => (typeof v === 'number' ? formatValue(v) : String(v)) },
    xAxis: { type: 'value', min: 0, max: 'dataMax', axisLabel: { formatter: compactSteps, fontSize: 10 }, splitLine: { show: false } },
    // ticks are ECharts' round numbers: shown as they are, exponent only for tiny or huge magnitudes
    yAxis: { type: 'value', scale: true, axisLabel: { formatter: axisValue, fontSize: 10 } },
    series,
  };
}

/** 12,800 → "12.8k", 1,000,000 → "1M". */
export function compactSteps(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return String(v);
}

/** An axis tick: as ECharts chose it (a round number), with an exponent below 1e-3 or from 1e6. */
export function axisValue(v: number): string {
  const a = Math.abs(v);
  return v !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(1) : String(+v.toPrecision(12));
}

/** Whether a metric has any value yet on any line. */
export function hasValues(metric: PpoMetric, lines: readonly PolicyLine[]): boolean {
  return lines.some((l) => l.values[metric].some((v) => v !== null));
}

/** A metric value for axes and tooltips: 4 significant digits, exponent for tiny or huge magnitudes. */
export function formatValue(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e6 ? v.toExponential(2) : String(+v.toPrecision(4));
}
