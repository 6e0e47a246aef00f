import { useMemo } from 'react';
import type { ModelSection } from '@skippy/core/reports';
import { Chart, EmptyState, Section, SortableTable, fmtNumber, type Column } from '@skippy/ui';
import type { TrainingPoint } from './useRunStream.ts';

interface ImpRow { name: string; gain: number | null; mda: number | null; mdaSd: number | null }

const KIND: Record<string, string> = { logistic: 'L2 logistic regression', gbdt: 'Histogram gradient-boosted trees', mlp: 'Multilayer perceptron', tcn: 'Temporal convolutional network' };

/**
 * The walk-forward model: its own feature importance (split gain for trees), AFML MDA permutation
 * importance on the out-of-sample windows, and the training curves per window — streamed live while a
 * run trains (at most a few thousand points: light enough for the main thread).
 */
export function ModelSectionView({ model, live }: { model: ModelSection | null | undefined; live: TrainingPoint[] }) {
  const rows: ImpRow[] = useMemo(() => {
    if (!model) return [];
    const names = (model.permutation ?? model.importance ?? []).map((x) => x.name);
    return names.map((name, j) => ({
      name, gain: model.importance?.[j]?.value ?? null, mda: model.permutation?.[j]?.mean ?? null, mdaSd: model.permutation?.[j]?.std ?? null,
    }));
  }, [model]);
  const curves = useMemo(() => {
    const series: { name: string; type: 'line'; data: [number, number][]; symbol: 'none' }[] = [];
    if (model && model.curves.some((c) => c.points.length)) {
      for (const c of model.curves) {
        if (!c.points.length) continue;
        series.push({ name: `window ${c.window + 1} validation`, type: 'line', symbol: 'none', data: c.points.filter((p) => p.validLoss !== null).map((p) => [p.iteration, p.validLoss!]) });
        series.push({ name: `window ${c.window + 1} training`, type: 'line', symbol: 'none', data: c.points.map((p) => [p.iteration, p.trainLoss]) });
      }
    } else if (live.length) {
      const byWindow = new Map<number, [number, number][]>();
      for (const p of live) {
        // a policy's points go to the PPO training section
        const x = p.iteration, y = p.trainLoss;
        if (!Number.isFinite(y)) continue;
        const arr = byWindow.get(p.window) ?? [];
        arr.push([x, y]); byWindow.set(p.window, arr);
      }
      for (const [w, data] of byWindow) series.push({ name: `window ${w + 1}`, type: 'line', symbol: 'none', data });
    }
    return series.length ? { animation: false, grid: { left: 56, right: 16, top: 28, bottom: 28 }, tooltip: { trigger: 'axis' }, legend: { type: 'scroll', top: 0 },
      xAxis: { type: 'value', name: 'iteration' }, yAxis: { type: 'value', scale: true, name: 'log-loss' }, series } : null;
  }, [model, live]);
  const columns: Column<ImpRow>[] = [
    { key: 'name', label: 'Feature', render: (r) => r.name, sortValue: (r) => r.name },
    { key: 'mda', label: 'MDA (log-loss ↑ when permuted)', align: 'right', title: 'mean over walk-forward test windows ± sd; > 0: the model relies on it out of sample', render: (r) => `${fmtNumber(r.mda, 4)} ± ${fmtNumber(r.mdaSd, 4)}`, sortValue: (r) => r.mda ?? Number.NaN },
    ...(model?.importance ? [{ key: 'gain', label: 'Split gain share', align: 'right' as const, render: (r: ImpRow) => fmtNumber(r.gain, 3), sortValue: (r: ImpRow) => r.gain ?? Number.NaN }] : []),
  ];
  return (
    <Section id="model" title="Model" testId="model-section"
      description={model ? <>{KIND[model.kind] ?? model.kind}, refitted on each walk-forward window. MDA (AFML ch. 8) is measured out of sample: how much worse the predictions get when one feature is shuffled.</> : 'Training curves appear here while the walk-forward models train.'}>
      {rows.length ? <SortableTable caption="Feature importance" columns={columns} rows={rows} rowKey={(r) => r.name} testId="importance-table" /> : null}
      {curves ? <Chart option={curves} height={220} ariaLabel="Training and validation loss per walk-forward window" testId="training-curves" />
        : model && !rows.length ? <EmptyState title="Nothing to show">This model has no training curve and no importance.</EmptyState> : null}
    </Section>
  );
}
