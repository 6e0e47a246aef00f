/**
 * ECharts options of the Studies page, built from the worker's prepared data (studies/prep.ts).
 * Pure functions: nothing here loops over trials × parameters.
 */
import type { Direction } from '@skippy/core/hpo';
import type { AxisSpec, ContourPrep, HistoryPrep, IntermediatePrep, ParetoPrep, SlicePrep, StudyPrep } from './prep.ts';

export const STATE_COLOR: Record<string, string> = { complete: '#2563eb', pruned: '#d97706', failed: '#dc2626', running: '#0891b2' };
/** viridis-like: dark is low, yellow is high. */
export const SCALE = ['#440154', '#3b528b', '#21918c', '#5ec962', '#fde725'];
const AXIS = { axisLabel: { color: '#64748b' }, nameTextStyle: { color: '#475569' }, splitLine: { lineStyle: { color: '#f1f5f9' } } };

/** fmtValue(v) – an objective or parameter value in 5 significant digits (scientific when tiny or huge). */
export function fmtValue(v: number | string | boolean | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return '–';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(5)));
}

export const objectiveName = (k: number, directions: readonly Direction[]) => (directions.length === 1 ? `Objective (${directions[0]})` : `Objective ${k + 1} (${directions[k]})`);

function axisOption(a: AxisSpec, extra: Record<string, unknown> = {}) {
  if (a.kind === 'category') return { type: 'category', name: a.name, data: a.categories, ...AXIS, ...extra };
  return { type: a.kind, name: a.name, min: a.min, max: a.max, ...AXIS, axisLabel: { color: '#64748b', formatter: (v: number) => fmtValue(v), hideOverlap: true }, ...extra };
}

/** historyOption(h, directions, logScale) – complete trials as dots, pruned as hollow dots, the best so far as a step line. */
export function historyOption(h: HistoryPrep, directions: readonly Direction[], logScale: boolean) {
  return {
    animation: false,
    grid: { left: 70, right: 24, top: 40, bottom: 44 },
    legend: { top: 0, textStyle: { color: '#334155' } },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number] }) => `trial ${p.value[0]}<br/>${p.seriesName}: ${fmtValue(p.value[1])}` },
    xAxis: { type: 'value', name: 'Trial', nameLocation: 'middle', nameGap: 28, minInterval: 1, ...AXIS },
    yAxis: { type: logScale ? 'log' : 'value', scale: true, name: objectiveName(h.objective, directions), ...AXIS, axisLabel: { color: '#64748b', formatter: (v: number) => fmtValue(v) } },
    series: [
      { name: 'Complete trial', type: 'scatter', symbolSize: 7, itemStyle: { color: STATE_COLOR.complete, opacity: 0.8 }, data: h.complete },
      { name: 'Pruned trial (last intermediate)', type: 'scatter', symbolSize: 7, symbol: 'emptyCircle', itemStyle: { color: STATE_COLOR.pruned }, data: h.pruned },
      { name: 'Best so far', type: 'line', step: 'end', showSymbol: false, lineStyle: { width: 2, color: '#dc2626' }, itemStyle: { color: '#dc2626' }, data: h.best },
    ],
  };
}

/** importanceOption(imp) – horizontal bars, the most important parameter on top. */
export function importanceOption(imp: Record<string, number>) {
  const entries = Object.entries(imp).reverse();
  return {
    animation: false,
    grid: { left: 110, right: 60, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${(v * 100).toFixed(1)} %` },
    xAxis: { type: 'value', max: 1, ...AXIS, axisLabel: { color: '#64748b', formatter: (v: number) => `${Math.round(v * 100)} %` } },
    yAxis: { type: 'category', data: entries.map((e) => e[0]), ...AXIS },
    series: [{ type: 'bar', data: entries.map((e) => e[1]), itemStyle: { color: '#2563eb' }, barMaxWidth: 22, label: { show: true, position: 'right', color: '#334155', formatter: (p: { value: number }) => `${(p.value * 100).toFixed(1)} %` } }],
  };
}

/** parallelOption(p, directions) – one axis per parameter and one for the objective; lines coloured by the objective. */
export function parallelOption(p: StudyPrep['parallel'], directions: readonly Direction[]) {
  const n = p.axes.length;
  return {
    animation: false,
    parallel: { left: 100, right: 130, top: 40, bottom: 30, parallelAxisDefault: { nameTextStyle: { color: '#334155', fontWeight: 600 }, axisLabel: { color: '#64748b' } } },
    parallelAxis: [
      ...p.axes.map((a, i) => (a.kind === 'category'
        ? { dim: i, name: a.name, type: 'category', data: a.categories }
        : { dim: i, name: a.name, type: a.kind, min: a.min, max: a.max, axisLabel: { formatter: (v: number) => fmtValue(v) } })),
      { dim: n, name: objectiveName(0, directions), type: 'value', scale: true, axisLabel: { formatter: (v: number) => fmtValue(v) } },
    ],
    visualMap: { type: 'continuous', dimension: n, min: p.valueMin, max: p.valueMax, inRange: { color: SCALE }, right: 0, top: 'middle', itemHeight: 160, text: ['high', 'low'], calculable: true, textStyle: { color: '#64748b' }, formatter: (v: number) => fmtValue(v) },
    series: [{ type: 'parallel', lineStyle: { width: 1.2, opacity: 0.55 }, emphasis: { lineStyle: { width: 3, opacity: 1 } }, data: p.rows }],
  };
}

/** sliceOption(s, directions, nTrials) – the objective against one parameter, dots coloured by trial number (light early, dark late). */
export function sliceOption(s: SlicePrep, directions: readonly Direction[], nTrials: number) {
  return {
    animation: false,
    grid: { left: 62, right: 16, top: 14, bottom: 42 },
    tooltip: { trigger: 'item', formatter: (p: { value: [number | string, number, number] }) => `trial ${p.value[2]}<br/>${s.axis.name}: ${fmtValue(p.value[0])}<br/>value: ${fmtValue(p.value[1])}` },
    xAxis: axisOption(s.axis, { nameLocation: 'middle', nameGap: 26 }),
    yAxis: { type: 'value', scale: true, name: directions.length > 1 ? 'objective 1' : '', ...AXIS, axisLabel: { color: '#64748b', formatter: (v: number) => fmtValue(v) } },
    visualMap: { show: false, dimension: 2, min: 0, max: Math.max(1, nTrials - 1), inRange: { color: ['#bfdbfe', '#1e3a8a'] } },
    series: [{ type: 'scatter', symbolSize: 7, data: s.points }],
  };
}

/**
 * contourOption(c, directions) – the interpolated surface as a heat map on hidden category axes
 * (one band per grid cell) under the trials as dots on the parameters' own axes: both share the grid,
 * and the bands line up with the axis range because the visible axes are pinned to it.
 */
export function contourOption(c: ContourPrep, directions: readonly Direction[]) {
  const band = (n: number) => Array.from({ length: n }, (_, i) => String(i));
  return {
    animation: false,
    grid: { left: 70, right: 110, top: 16, bottom: 50 },
    tooltip: { trigger: 'item', formatter: (p: { seriesIndex: number; value: (number | string)[] }) => (p.seriesIndex === 1 ? `trial ${p.value[3]}<br/>${c.x.name}: ${fmtValue(p.value[0])}<br/>${c.y.name}: ${fmtValue(p.value[1])}<br/>value: ${fmtValue(p.value[2] as number)}` : `interpolated: ${fmtValue(p.value[2] as number)}`) },
    xAxis: [
      { type: 'category', data: band(c.nx), show: false, boundaryGap: true },
      axisOption(c.x, { nameLocation: 'middle', nameGap: 30, position: 'bottom' }),
    ],
    yAxis: [
      { type: 'category', data: band(c.ny), show: false, boundaryGap: true },
      axisOption(c.y, { nameLocation: 'middle', nameGap: 50, position: 'left' }),
    ],
    visualMap: { type: 'continuous', seriesIndex: [0, 1], dimension: 2, min: c.min, max: c.max, inRange: { color: SCALE }, right: 0, top: 'middle', itemHeight: 180, calculable: true, text: ['high', 'low'], textStyle: { color: '#64748b' }, formatter: (v: number) => fmtValue(v) },
    series: [
      { type: 'heatmap', xAxisIndex: 0, yAxisIndex: 0, data: c.cells, itemStyle: { opacity: 0.85 }, emphasis: { disabled: true }, silent: false },
      { type: 'scatter', xAxisIndex: 1, yAxisIndex: 1, data: c.points, symbolSize: 8, itemStyle: { borderColor: '#fff', borderWidth: 1.2 }, name: objectiveName(0, directions) },
    ],
  };
}

/** intermediateOption(trials) – intermediate values by step, one line per trial; pruned trials dashed and marked where they stopped. */
export function intermediateOption(trials: IntermediatePrep[]) {
  return {
    animation: false,
    grid: { left: 70, right: 24, top: 40, bottom: 44 },
    legend: { top: 0, textStyle: { color: '#334155' } },
    tooltip: { trigger: 'item', formatter: (p: { seriesName: string; value: [number, number]; data: { trial?: number } }) => `trial ${p.data?.trial ?? ''} (${p.seriesName})<br/>step ${p.value[0]}: ${fmtValue(p.value[1])}` },
    xAxis: { type: 'value', name: 'Step', nameLocation: 'middle', nameGap: 28, minInterval: 1, ...AXIS },
    yAxis: { type: 'value', scale: true, name: 'Intermediate value', ...AXIS, axisLabel: { color: '#64748b', formatter: (v: number) => fmtValue(v) } },
    series: trials.map((t) => {
      const pruned = t.state === 'pruned';
      const last = t.points.length - 1;
      return {
        name: t.state, type: 'line', color: STATE_COLOR[t.state] ?? '#64748b',
        lineStyle: { width: 1.2, opacity: pruned ? 0.9 : 0.55, type: pruned ? 'dashed' : 'solid' },
        symbol: 'circle', symbolSize: 3,
        data: t.points.map((pt, i) => ({ value: pt, trial: t.number, ...(pruned && i === last ? { symbol: 'triangle', symbolSize: 10, symbolRotate: 180 } : {}) })),
      };
    }),
  };
}

/** paretoOption(p, directions) – every complete trial by its two objectives; the Pareto front in red, joined. */
export function paretoOption(p: ParetoPrep, directions: readonly Direction[]) {
  return {
    animation: false,
    grid: { left: 70, right: 24, top: 40, bottom: 50 },
    legend: { top: 0, textStyle: { color: '#334155' } },
    tooltip: { trigger: 'item', formatter: (q: { value: number[] }) => `trial ${q.value[2]}<br/>${objectiveName(0, directions)}: ${fmtValue(q.value[0])}<br/>${objectiveName(1, directions)}: ${fmtValue(q.value[1])}` },
    xAxis: { type: 'value', scale: true, name: objectiveName(0, directions), nameLocation: 'middle', nameGap: 30, ...AXIS },
    yAxis: { type: 'value', scale: true, name: objectiveName(1, directions), ...AXIS },
    series: [
      { name: 'Dominated trial', type: 'scatter', symbolSize: 7, itemStyle: { color: '#94a3b8' }, data: p.points.filter((x) => x[3] > 0) },
      { name: 'Pareto front', type: 'line', symbol: 'circle', symbolSize: 9, lineStyle: { color: '#dc2626', type: 'dashed' }, itemStyle: { color: '#dc2626' }, data: p.front },
    ],
  };
}
