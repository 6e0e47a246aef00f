import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { BENCHMARK_OBJECTIVES, createMemoryStorage, localTrialQueue, openStudy, runTrials, studySummary, TrialPrunedError } from '@skippy/core/hpo';
import type { StudyRecord, TrialRecord } from '@skippy/core/hpo';
import { contourGrid, prepareStudy, type StudyDetail } from '../studies/prep.ts';
import { contourOption, fmtValue, historyOption, parallelOption } from '../studies/options.ts';
import { StudyList, type StudyRow } from '../studies/StudyList.tsx';
import { TrialsTable } from '../studies/TrialsTable.tsx';
import { StudyHeader } from '../pages/Studies.tsx';
import { HistorySection, IntermediateSection, ParetoSection, defaultContourParams } from '../studies/StudyCharts.tsx';

/** What studies.get sends for a study run by core's engine in memory (the server's mapping, by hand). */
async function fixture(): Promise<StudyDetail> {
  const storage = createMemoryStorage();
  let clock = 1_700_000_000_000;
  const now = () => (clock += 1500);
  const space = { ...BENCHMARK_OBJECTIVES['bench:branin'].space, kind: { type: 'categorical' as const, choices: ['a', 'b'] } };
  const study = openStudy(storage, { name: 'fixture', directions: ['minimize'], space, sampler: { kind: 'tpe' }, pruner: { kind: 'none' }, seed: 1, objective: 'bench:branin' }, { now: now() });
  await runTrials(localTrialQueue(study, { nTrials: 14, now }), async (t) => {
    const v = BENCHMARK_OBJECTIVES['bench:branin'].evaluate(t.params) + (t.params.kind === 'b' ? 1 : 0);
    for (let s = 0; s < 3; s++) { await t.report(s, v * (3 - s)); if (t.number === 3 && s === 1) throw new TrialPrunedError(s); }
    if (t.number === 4) throw new Error('boom');
    if (t.number === 2) await t.setRunId('r-abc');
    return v;
  });
  study.ask(now());
  return detail(study.record, study.trials());
}

function detail(record: StudyRecord, trials: TrialRecord[]): StudyDetail {
  const s = studySummary({ record, trials: () => trials });
  return {
    name: record.name, createdAt: record.createdAt, objective: record.objective, directions: record.directions, sampler: record.sampler, pruner: record.pruner, seed: record.seed,
    params: Object.keys(record.space), trials: trials.length, counts: s.counts, bestValue: s.bestValue, bestTrial: s.bestTrial, paretoSize: s.paretoFront.length, lastActivity: record.createdAt,
    job: null, space: record.space, meta: null, bestParams: s.bestParams, paretoFront: s.paretoFront,
    trialRows: trials.map((t) => ({ ...t, durationMs: t.finishedAt === null ? null : t.finishedAt - t.startedAt, intermediate: t.intermediate.map((p) => ({ step: p.step, value: p.value })) })),
  };
}

const wrap = (node: ReactNode) => renderToString(<QueryClientProvider client={new QueryClient()}><MemoryRouter>{node}</MemoryRouter></QueryClientProvider>);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

describe('Studies page pieces', () => {
  it('StudyList names each study with objective, direction, sampler, pruner, trials by state and best value', async () => {
    const d = await fixture();
    const { space: _s, meta: _m, bestParams: _b, paretoFront: _p, trialRows: _t, ...row } = d;
    const html = wrap(<StudyList studies={[row as StudyRow]} />);
    const t = text(html);
    expect(html).toContain('href="/studies/fixture"');
    expect(t).toContain('bench:branin');
    expect(t).toContain('minimize');
    expect(t).toContain('tpe none');
    expect(t).toContain(fmtValue(d.bestValue));
    for (const s of ['complete', 'pruned', 'failed', 'running']) expect(html).toContain(`data-state="${s}"`);
  });

  it('StudyHeader shows the best value and parameters and the live badge while a trial runs', async () => {
    const d = await fixture();
    const t = text(wrap(<StudyHeader study={d} live />));
    expect(t).toContain('Study fixture');
    expect(t).toContain(`trial #${d.bestTrial}`);
    expect(t).toMatch(/live – 1 running, refreshing every 2 s/);
    for (const k of ['x1', 'x2', 'kind']) expect(t).toContain(k);
  });

  it('TrialsTable lists every trial with state, value, params, duration and a link to the run it produced', async () => {
    const d = await fixture();
    const html = wrap(<TrialsTable study={d} now={d.lastActivity + 60_000} />);
    const t = text(html);
    expect(html).toContain('href="/runs/r-abc"');
    expect(t).toContain(`Trials of fixture (15 of 15 shown)`);
    expect(t).toContain('boom');
    expect(t).toContain('1.5 s');
    expect(t).toMatch(/so far/);
    expect(html).toContain('aria-label="Show pruned trials"');
  });

  it('prepareStudy(study) gives history with best-so-far, importance, parallel rows, slices and intermediate values', async () => {
    const d = await fixture();
    const p = prepareStudy(d);
    expect(p.completeTrials).toBe(d.counts.complete);
    const best = p.history[0].best.map((b) => b[1]);
    expect(best.every((v, i) => i === 0 || v <= best[i - 1])).toBe(true);
    expect(best[best.length - 1]).toBe(d.bestValue);
    expect(p.history[0].pruned.map((x) => x[0])).toEqual([3]);
    expect(Object.keys(p.importance[0]).sort()).toEqual(['kind', 'x1', 'x2']);
    expect(Object.values(p.importance[0]).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p.parallel.rows).toHaveLength(d.counts.complete);
    expect(p.parallel.axes.map((a) => a.kind)).toEqual(['value', 'value', 'category']);
    expect(p.slices.map((s) => s.points.length)).toEqual([d.counts.complete, d.counts.complete, d.counts.complete]);
    expect(p.intermediate.find((t) => t.number === 3)).toMatchObject({ state: 'pruned', points: [[0, expect.any(Number)], [1, expect.any(Number)]] });
    expect(p.pareto).toBeNull();
    const opt = parallelOption(p.parallel, d.directions);
    expect(opt.parallelAxis).toHaveLength(4);
    expect(historyOption(p.history[0], d.directions, true).yAxis.type).toBe('log');
  });

  it('contourGrid(study, x, y, size) interpolates between trials and passes through them', async () => {
    const d = await fixture();
    const c = contourGrid(d, 'x1', 'kind', 10);
    expect([c.nx, c.ny]).toEqual([10, 2]);
    expect(c.cells).toHaveLength(20);
    for (const [, , v] of c.cells) { expect(v).toBeGreaterThanOrEqual(c.min - 1e-9); expect(v).toBeLessThanOrEqual(c.max + 1e-9); }
    expect(c.points).toHaveLength(d.counts.complete);
    expect(contourOption(c, d.directions).series[0].type).toBe('heatmap');
    expect(defaultContourParams(d.space, { kind: 0.9, x2: 0.07, x1: 0.03 })).toEqual(['x2', 'x1']);
  });

  it('a two-objective study has a Pareto front: rank-0 trials no other trial dominates', async () => {
    const storage = createMemoryStorage();
    let clock = 0;
    const now = () => (clock += 1);
    const s = openStudy(storage, { name: 'mo', directions: ['minimize', 'maximize'], space: { x: { type: 'float', low: 0, high: 1, log: false, step: null } }, sampler: { kind: 'random' }, pruner: { kind: 'none' }, seed: 2, objective: 'cmd:mo' }, { now: now() });
    await runTrials(localTrialQueue(s, { nTrials: 10, now }), (t) => [Number(t.params.x), Number(t.params.x) ** 0.5 + (t.number % 3 === 0 ? -0.3 : 0)]);
    const d = detail(s.record, s.trials());
    const p = prepareStudy(d);
    expect(p.pareto!.front.map((f) => f[2]).sort((a, b) => a - b)).toEqual([...d.paretoFront].sort((a, b) => a - b));
    const html = wrap(<><ParetoSection prep={p} directions={d.directions} /><HistorySection prep={p} directions={d.directions} /><IntermediateSection prep={p} /></>);
    expect(html).toContain('data-testid="study-pareto-chart"');
    expect(html).toContain('aria-label="Objective"');
    expect(text(html)).toContain('No intermediate values');
  });
});
