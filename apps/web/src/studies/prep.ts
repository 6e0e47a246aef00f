/**
 * Study chart preparation: everything per trial × per parameter the Studies page draws, as plain
 * functions. Runs in the studyPrep Web Worker (comlink) and, when `Worker` is missing, on the main
 * thread. Imports only @skippy/core (and the server's types, erased at build time).
 */
import { bestSoFar, nonDominationRanks, parameterImportance, signedValues } from '@skippy/core/hpo';
import type { Direction, ParamSpec, ParamValue, SearchSpace, TrialRecord } from '@skippy/core/hpo';
import type { RouterOutputs } from '@skippy/server/router';

/** The studies.get answer. */
export type StudyDetail = RouterOutputs['studies']['get'];

/** What the worker needs of a study (the studies.get answer). */
export type StudyInput = Pick<StudyDetail, 'name' | 'directions' | 'space' | 'trialRows'>;

/** How a parameter is drawn on an axis. */
export interface AxisSpec {
  name: string;
  kind: 'value' | 'log' | 'category';
  min: number;
  max: number;
  /** Category labels (categorical parameters). */
  categories: string[];
}

export interface HistoryPrep {
  objective: number;
  /** [trial number, value] of complete trials. */
  complete: [number, number][];
  /** [trial number, last intermediate value] of pruned trials. */
  pruned: [number, number][];
  /** [trial number, best complete value so far] from the first complete trial on. */
  best: [number, number][];
}

export interface SlicePrep {
  axis: AxisSpec;
  /** [param value (category label for categoricals), objective value, trial number]. */
  points: [number | string, number, number][];
}

export interface IntermediatePrep {
  number: number;
  state: string;
  points: [number, number][];
}

export interface ParetoPrep {
  /** [objective 0, objective 1, trial number, non-domination rank]. */
  points: [number, number, number, number][];
  /** Front (rank 0) sorted by the first objective, for the connecting line. */
  front: [number, number, number][];
}

export interface StudyPrep {
  /** One per objective. */
  history: HistoryPrep[];
  /** Parameter name → importance (sums to 1), highest first; one per objective. */
  importance: Record<string, number>[];
  parallel: { axes: AxisSpec[]; rows: (number | string | null)[][]; valueMin: number; valueMax: number };
  slices: SlicePrep[];
  intermediate: IntermediatePrep[];
  pareto: ParetoPrep | null;
  /** Complete trials with a finite first value. */
  completeTrials: number;
}

export interface ContourPrep {
  x: AxisSpec;
  y: AxisSpec;
  /** Grid columns and rows (a categorical axis has one per choice). */
  nx: number;
  ny: number;
  /** [column, row, interpolated value] per cell, ready for an ECharts heatmap on category axes. */
  cells: [number, number, number][];
  /** [x, y, value, trial number] of complete trials. */
  points: [number | string, number | string, number, number][];
  min: number;
  max: number;
}

const label = (v: ParamValue) => String(v);

/** axisOf(name, spec) – how a parameter is drawn (log parameters on a log axis, categoricals as categories). */
export function axisOf(name: string, spec: ParamSpec): AxisSpec {
  if (spec.type === 'categorical') return { name, kind: 'category', min: 0, max: spec.choices.length - 1, categories: spec.choices.map(label) };
  return { name, kind: spec.log ? 'log' : 'value', min: spec.low, max: spec.high, categories: [] };
}

/** toRecords(rows) – the wire trials as core TrialRecords (null → NaN). */
export function toRecords(rows: StudyInput['trialRows']): TrialRecord[] {
  return rows.map((t) => ({
    number: t.number, state: t.state, params: t.params, values: t.values ? t.values.map((v) => v ?? Number.NaN) : null,
    intermediate: t.intermediate.map((p) => ({ step: p.step, value: p.value ?? Number.NaN })), startedAt: t.startedAt, finishedAt: t.finishedAt,
    runId: t.runId, error: t.error, retryOf: t.retryOf,
  }));
}

/** Trials with objective k as their first value (what bestSoFar and parameterImportance read). */
const onObjective = (trials: TrialRecord[], k: number): TrialRecord[] => (k === 0 ? trials : trials.map((t) => ({ ...t, values: t.values ? [t.values[k]] : null })));

const value = (t: TrialRecord, k = 0): number => (t.values && t.values.length > k ? t.values[k] : Number.NaN);
const isDone = (t: TrialRecord, k = 0) => t.state === 'complete' && Number.isFinite(value(t, k));

function historyOf(trials: TrialRecord[], k: number, direction: Direction): HistoryPrep {
  const tk = onObjective(trials, k);
  const best = bestSoFar(tk, direction);
  const out: HistoryPrep = { objective: k, complete: [], pruned: [], best: [] };
  tk.forEach((t, i) => {
    const v = value(t);
    if (t.state === 'complete' && Number.isFinite(v)) out.complete.push([t.number, v]);
    else if (t.state === 'pruned' && Number.isFinite(v)) out.pruned.push([t.number, v]);
    if (Number.isFinite(best[i])) out.best.push([t.number, best[i]]);
  });
  return out;
}

/** prepareStudy(study) – history, importance, parallel coordinates, slices, intermediate values and the Pareto front. */
export function prepareStudy(study: StudyInput): StudyPrep {
  const trials = toRecords(study.trialRows);
  const names = Object.keys(study.space);
  const axes = names.map((n) => axisOf(n, study.space[n]));
  const done = trials.filter((t) => isDone(t));
  let valueMin = Infinity, valueMax = -Infinity;
  for (const t of done) { valueMin = Math.min(valueMin, value(t)); valueMax = Math.max(valueMax, value(t)); }
  if (!Number.isFinite(valueMin)) { valueMin = 0; valueMax = 1; }
  const paramCell = (spec: ParamSpec, v: ParamValue | undefined): number | string | null => (v === undefined ? null : spec.type === 'categorical' ? label(v) : (v as number));
  const rows = done.map((t) => [...names.map((n) => paramCell(study.space[n], t.params[n])), value(t), t.number]);
  const slices: SlicePrep[] = names.map((n, j) => ({
    axis: axes[j],
    points: done.flatMap((t) => (t.params[n] === undefined ? [] : [[paramCell(study.space[n], t.params[n]) as number | string, value(t), t.number] as [number | string, number, number]])),
  }));
  const intermediate = trials.filter((t) => t.intermediate.length > 0).map((t) => ({
    number: t.number, state: t.state, points: t.intermediate.filter((p) => Number.isFinite(p.value)).map((p) => [p.step, p.value] as [number, number]),
  }));
  return {
    history: study.directions.map((d, k) => historyOf(trials, k, d)),
    importance: study.directions.map((_, k) => parameterImportance(study.space, onObjective(trials, k).filter((t) => t.state !== 'complete' || isDone(t)))),
    parallel: { axes, rows, valueMin, valueMax },
    slices,
    intermediate,
    pareto: study.directions.length >= 2 ? paretoOf(trials, study.directions) : null,
    completeTrials: done.length,
  };
}

function paretoOf(trials: TrialRecord[], directions: Direction[]): ParetoPrep {
  const done = trials.filter((t) => t.state === 'complete' && t.values && t.values.length >= 2 && t.values.every(Number.isFinite));
  const ranks = nonDominationRanks(done.map((t) => signedValues(t.values!, directions)));
  const points = done.map((t, i) => [t.values![0], t.values![1], t.number, ranks[i]] as [number, number, number, number]);
  const front = points.filter((p) => p[3] === 0).map((p) => [p[0], p[1], p[2]] as [number, number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { points, front };
}

/** Position of a parameter value on [0, 1] of its axis (log axes in log space, categories by index) – or NaN. */
function unit(axis: AxisSpec, spec: ParamSpec, v: ParamValue | undefined): number {
  if (v === undefined) return Number.NaN;
  if (spec.type === 'categorical') {
    const i = spec.choices.findIndex((c) => c === v);
    return i < 0 ? Number.NaN : spec.choices.length === 1 ? 0.5 : i / (spec.choices.length - 1);
  }
  const x = v as number;
  if (axis.kind === 'log') return (Math.log(x) - Math.log(axis.min)) / (Math.log(axis.max) - Math.log(axis.min));
  return (x - axis.min) / (axis.max - axis.min);
}

/**
 * contourGrid(study, xParam, yParam, size) – the first objective over two parameters: an
 * inverse-distance-weighted (power 2) surface on a `size` × `size` grid (one column/row per choice
 * of a categorical) from the complete trials, plus the trials themselves. Positions are taken on
 * each axis's own scale (log axes in log space), so the surface lines up with the drawn axes.
 */
export function contourGrid(study: StudyInput, xParam: string, yParam: string, size: number): ContourPrep {
  const sx = study.space[xParam], sy = study.space[yParam];
  if (!sx || !sy) throw new Error(`unknown parameter ${!sx ? xParam : yParam} of study ${study.name}`);
  const x = axisOf(xParam, sx), y = axisOf(yParam, sy);
  const nx = x.kind === 'category' ? x.categories.length : Math.max(2, Math.floor(size));
  const ny = y.kind === 'category' ? y.categories.length : Math.max(2, Math.floor(size));
  const trials = toRecords(study.trialRows).filter((t) => isDone(t) && t.params[xParam] !== undefined && t.params[yParam] !== undefined);
  const px = Float64Array.from(trials, (t) => unit(x, sx, t.params[xParam]));
  const py = Float64Array.from(trials, (t) => unit(y, sy, t.params[yParam]));
  const pv = Float64Array.from(trials, (t) => value(t));
  let min = Infinity, max = -Infinity;
  for (const v of pv) { min = Math.min(min, v); max = Math.max(max, v); }
  const cells: [number, number, number][] = [];
  if (trials.length > 0) {
    // a categorical column sits on its choice; a continuous one at the centre of its band
    const cx = (i: number) => (x.kind === 'category' ? (nx === 1 ? 0.5 : i / (nx - 1)) : (i + 0.5) / nx);
    const cy = (j: number) => (y.kind === 'category' ? (ny === 1 ? 0.5 : j / (ny - 1)) : (j + 0.5) / ny);
    for (let i = 0; i < nx; i++) {
      const gx = cx(i);
      for (let j = 0; j < ny; j++) {
        const gy = cy(j);
        let wsum = 0, vsum = 0, exact = Number.NaN;
        for (let k = 0; k < pv.length; k++) {
          const d2 = (px[k] - gx) ** 2 + (py[k] - gy) ** 2;
          if (d2 < 1e-18) { exact = pv[k]; break; }
          const w = 1 / d2;
          wsum += w; vsum += w * pv[k];
        }
        cells.push([i, j, Number.isNaN(exact) ? vsum / wsum : exact]);
      }
    }
  } else { min = 0; max = 1; }
  const cell = (spec: ParamSpec, v: ParamValue) => (spec.type === 'categorical' ? label(v) : (v as number));
  const points = trials.map((t, k) => [cell(sx, t.params[xParam]), cell(sy, t.params[yParam]), pv[k], t.number] as [number | string, number | string, number, number]);
  return { x, y, nx, ny, cells, points, min, max };
}

/** Parameters that can be plotted on a contour (a fixed single value cannot). */
export const plottableParams = (space: SearchSpace): string[] => Object.keys(space);
