/**
 * The study charts optuna-dashboard users expect, drawn from the worker's preparation: optimisation
 * history, hyper-parameter importance, parallel coordinates, slices, contour, intermediate values and
 * the Pareto front. Presentational: each *View takes prepared data.
 */
import { useMemo, useState } from 'react';
import { use } from 'echarts/core';
import { ParallelChart } from 'echarts/charts';
import { ParallelComponent } from 'echarts/components';
import { Chart, EmptyState, Loading, Section } from '@skippy/ui';
import type { Direction } from '@skippy/core/hpo';
import type { StudyDetail, StudyPrep } from './prep.ts';
import { contourOption, historyOption, importanceOption, intermediateOption, parallelOption, paretoOption, sliceOption } from './options.ts';
import { useContourPrep } from './usePrep.ts';

use([ParallelChart, ParallelComponent]);

const need2 = 'Needs at least two complete trials.';

export function HistorySection({ prep, directions }: { prep: StudyPrep; directions: Direction[] }) {
  const [k, setK] = useState(0);
  const h = prep.history[Math.min(k, prep.history.length - 1)];
  const positive = h.complete.length > 0 && [...h.complete, ...h.pruned].every((p) => p[1] > 0);
  const [log, setLog] = useState(false);
  const option = useMemo(() => historyOption(h, directions, log && positive), [h, directions, log, positive]);
  return (
    <Section id="study-history" title="Optimisation history" testId="study-history"
      description="Each complete trial's objective value by trial number, with the best value found so far (red step line). Hollow dots: pruned trials at their last reported value."
      actions={<div className="row">
        {directions.length > 1 && <ObjectivePicker directions={directions} value={k} onChange={setK} />}
        {positive && <label className="row unit"><input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log scale</label>}
      </div>}>
      {h.complete.length === 0 ? <EmptyState title="No complete trial yet" /> : <Chart option={option} notMerge height={320} ariaLabel={`Optimisation history: ${h.complete.length} complete trials and the best value so far`} testId="study-history-chart" />}
    </Section>
  );
}

function ObjectivePicker({ directions, value, onChange }: { directions: Direction[]; value: number; onChange: (k: number) => void }) {
  return (
    <label className="row unit">objective
      <select value={value} onChange={(e) => onChange(Number(e.target.value))} aria-label="Objective">
        {directions.map((d, i) => <option key={i} value={i}>{`${i + 1} (${d})`}</option>)}
      </select>
    </label>
  );
}

export function ImportanceSection({ prep, directions }: { prep: StudyPrep; directions: Direction[] }) {
  const [k, setK] = useState(0);
  const imp = prep.importance[Math.min(k, prep.importance.length - 1)];
  const n = Object.keys(imp).length;
  const option = useMemo(() => importanceOption(imp), [imp]);
  return (
    <Section id="study-importance" title="Hyper-parameter importance" testId="study-importance"
      description="How much of the objective's variation each parameter explains: mean decrease in impurity of a 64-tree random forest fitted on the complete trials (Optuna's MeanDecreaseImpurity evaluator, not fANOVA). Shares sum to 100 %."
      actions={directions.length > 1 ? <ObjectivePicker directions={directions} value={k} onChange={setK} /> : undefined}>
      {n === 0 ? <EmptyState title="Not enough trials">{need2}</EmptyState> : <Chart option={option} notMerge height={Math.max(120, 36 * n + 40)} ariaLabel={`Importance of ${n} parameters`} testId="study-importance-chart" />}
    </Section>
  );
}

export function ParallelSection({ prep, directions }: { prep: StudyPrep; directions: Direction[] }) {
  const option = useMemo(() => parallelOption(prep.parallel, directions), [prep.parallel, directions]);
  return (
    <Section id="study-parallel" title="Parallel coordinates" testId="study-parallel"
      description="One line per complete trial across every parameter and the objective (last axis), coloured by the objective. Drag along an axis to brush a range; drag the colour bar to keep a band of values.">
      {prep.parallel.rows.length === 0 ? <EmptyState title="No complete trial yet" /> : <Chart option={option} notMerge height={340} ariaLabel={`Parallel coordinates of ${prep.parallel.axes.length} parameters and the objective over ${prep.parallel.rows.length} trials`} testId="study-parallel-chart" />}
    </Section>
  );
}

export function SliceSection({ prep, directions, nTrials }: { prep: StudyPrep; directions: Direction[]; nTrials: number }) {
  const options = useMemo(() => prep.slices.map((s) => sliceOption(s, directions, nTrials)), [prep.slices, directions, nTrials]);
  return (
    <Section id="study-slices" title="Slice plots" testId="study-slices"
      description="The objective against each parameter on its own, one dot per complete trial; darker dots are later trials, so a sampler converging shows as dark dots gathering.">
      {prep.completeTrials === 0 ? <EmptyState title="No complete trial yet" /> : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: 12 }}>
          {prep.slices.map((s, i) => (
            <figure key={s.axis.name} style={{ margin: 0 }}>
              <Chart option={options[i]} notMerge height={220} ariaLabel={`Objective against ${s.axis.name}`} testId="study-slice-chart" />
            </figure>
          ))}
        </div>
      )}
    </Section>
  );
}

/** defaultContourParams(space, importance) – the two most important numeric parameters (then any others), in that order. */
export function defaultContourParams(space: StudyDetail['space'], importance: Record<string, number>): [string | null, string | null] {
  const names = Object.keys(space);
  const rank = (n: string) => (space[n].type === 'categorical' ? 2 : 0) - (importance[n] ?? 0);
  const sorted = [...names].sort((a, b) => rank(a) - rank(b));
  return [sorted[0] ?? null, sorted[1] ?? null];
}

export function ContourSection({ study, directions, importance }: { study: StudyDetail; directions: Direction[]; importance: Record<string, number> }) {
  const names = Object.keys(study.space);
  const [initial] = useState(() => defaultContourParams(study.space, importance));
  const [x, setX] = useState<string | null>(initial[0]);
  const [y, setY] = useState<string | null>(initial[1]);
  const c = useContourPrep(study, x, y, 40);
  const option = useMemo(() => (c.data ? contourOption(c.data, directions) : null), [c.data, directions]);
  const pick = (label: string, value: string | null, set: (v: string) => void) => (
    <label className="row unit">{label}
      <select value={value ?? ''} onChange={(e) => set(e.target.value)} aria-label={`Contour ${label} parameter`}>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    </label>
  );
  return (
    <Section id="study-contour" title="Contour of two parameters" testId="study-contour"
      description="The objective over two chosen parameters: the background is interpolated from the complete trials (inverse-distance weighting, in each axis's own scale), the dots are the trials themselves, coloured by their value."
      actions={names.length >= 2 ? <div className="row">{pick('x', x, setX)}{pick('y', y, setY)}</div> : undefined}>
      {names.length < 2 ? <EmptyState title="One parameter only">A contour needs two parameters.</EmptyState>
        : x === y ? <EmptyState title="Pick two different parameters" />
          : study.counts.complete === 0 ? <EmptyState title="No complete trial yet" />
            : option ? <Chart option={option} notMerge height={380} ariaLabel={`Objective over ${x} and ${y}`} testId="study-contour-chart" /> : <Loading>Interpolating…</Loading>}
    </Section>
  );
}

export function IntermediateSection({ prep }: { prep: StudyPrep }) {
  const option = useMemo(() => intermediateOption(prep.intermediate), [prep.intermediate]);
  const pruned = prep.intermediate.filter((t) => t.state === 'pruned').length;
  return (
    <Section id="study-intermediate" title="Intermediate values" testId="study-intermediate"
      description={`The values each trial reported while it ran (per CV fold or epoch), which the pruner reads. Pruned trials are dashed and end in a ▼ where they were stopped${pruned ? ` (${pruned} pruned)` : ''}.`}>
      {prep.intermediate.length === 0 ? <EmptyState title="No intermediate values">This study's objective reports none (benchmark and command objectives report only a final value).</EmptyState>
        : <Chart option={option} notMerge height={320} ariaLabel={`Intermediate values of ${prep.intermediate.length} trials, ${pruned} pruned`} testId="study-intermediate-chart" />}
    </Section>
  );
}

export function ParetoSection({ prep, directions }: { prep: StudyPrep; directions: Direction[] }) {
  const option = useMemo(() => (prep.pareto ? paretoOption(prep.pareto, directions) : null), [prep.pareto, directions]);
  if (!prep.pareto || !option) return null;
  return (
    <Section id="study-pareto" title="Pareto front" testId="study-pareto"
      description={`Every complete trial by its first two objectives; the red trials are on the Pareto front (no other trial is at least as good on both and better on one)${directions.length > 2 ? ` – ${directions.length} objectives, the first two drawn` : ''}.`}>
      {prep.pareto.points.length === 0 ? <EmptyState title="No complete trial yet" /> : <Chart option={option} notMerge height={340} ariaLabel={`Pareto front: ${prep.pareto.front.length} of ${prep.pareto.points.length} trials`} testId="study-pareto-chart" />}
    </Section>
  );
}
