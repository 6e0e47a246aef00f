import { describe, expect, it } from 'vitest';
import type { PolicyTrainingSection } from '@skippy/core/reports';
import { emaSmooth, latestFigures, linesFromPoints, linesFromSection, panelOption, compactSteps } from '../report/policyPrep.ts';

const point = (window: number, symbol: number, step: number, ret: number | null, loss: number) => ({
  window, symbol, step, updates: 1, episodes: ret === null ? 0 : 1, episodic_return: ret as number, policy_loss: loss, value_loss: 1, entropy: 1.0, approx_kl: 0.01, clipfrac: 0.1, explained_variance: 0.5, steps_per_s: 2000,
});

describe('emaSmooth(values, weight) – TensorBoard\'s debiased EMA', () => {
  it('debiases by 1 − w^k over the finite points only; nulls stay gaps', () => {
    // k=1: s = 0.5·1 = 0.5 → 0.5 / 0.5 = 1; k=2: s = 0.5·0.5 + 0.5·3 = 1.75 → 1.75 / 0.75
    const s = emaSmooth([1, null, 3], 0.5);
    expect(s[0]).toBe(1);
    expect(s[1]).toBeNull();
    expect(s[2]).toBeCloseTo(1.75 / 0.75, 12);
    expect(emaSmooth([4, 5], 0)).toEqual([4, 5]);
    // a constant stays constant at any weight (the debiasing at work)
    expect(emaSmooth([2, 2, 2, 2], 0.9).map((v) => +v!.toFixed(12))).toEqual([2, 2, 2, 2]);
  });
});

describe('linesFromPoints(points) / linesFromSection(section)', () => {
  it('groups streamed points by window and agent, drops a reconnect\'s repeats, maps null metrics to null', () => {
    const pts = [point(1, 0, 128, 5, 0.2), point(0, 0, 128, null, 0.3), point(0, 0, 256, 7, 0.1), point(0, 0, 256, 7, 0.1), point(0, 1, 128, 1, 0.4)];
    const lines = linesFromPoints(pts);
    expect(lines.map((l) => [l.window, l.symbol, l.step])).toEqual([[0, 0, [128, 256]], [0, 1, [128]], [1, 0, [128]]]);
    expect(lines[0].values.episodic_return).toEqual([null, 7]);
    expect(lines[0].values.policy_loss).toEqual([0.3, 0.1]);
    // JSON nulls from the SSE stream
    expect(linesFromPoints([{ ...point(0, 0, 1, 1, 1), approx_kl: null as unknown as number }])[0].values.approx_kl).toEqual([null]);
    expect(latestFigures(lines)).toMatchObject({ step: 128, values: { episodic_return: 5 } });
  });
  it('reads the report\'s columns', () => {
    const col = (v: (number | null)[]) => v;
    const section: PolicyTrainingSection = {
      kind: 'ppo', symbols: ['BTC'], metrics: [], maxPointsPerSeries: 200,
      series: [{ window: 0, symbol: 0, step: [100, 200], updates: [1, 1], episodes: [0, 2], episodic_return: col([null, 3]), policy_loss: col([1, 2]), value_loss: col([1, 1]), entropy: col([1, 1]), approx_kl: col([0, 0]), clipfrac: col([0, 0]), explained_variance: col([0, 0]), steps_per_s: col([10, 20]) }],
    };
    const [line] = linesFromSection(section);
    expect(line.step).toEqual([100, 200]);
    expect(line.values.episodic_return).toEqual([null, 3]);
    expect(line.values.steps_per_s).toEqual([10, 20]);
  });
});

describe('panelOption(metric, lines, symbols, smoothing)', () => {
  it('draws per line the raw points faint and the smoothed ones solid, skipping gaps; names by window (and symbol when several)', () => {
    const lines = linesFromPoints([point(0, 0, 100, 1, 0), point(0, 0, 200, null, 0), point(0, 0, 300, 3, 0), point(0, 1, 100, 2, 0)]);
    const opt = panelOption('episodic_return', lines, ['BTC', 'ETH'], 0.5) as { series: { name: string; data: [number, number][]; lineStyle: { opacity?: number } }[] };
    expect(opt.series).toHaveLength(4);
    expect(opt.series[0]).toMatchObject({ name: 'window 1 BTC', data: [[100, 1], [300, 3]], lineStyle: { opacity: 0.22 } });
    expect(opt.series[1].name).toBe('window 1 BTC');
    expect(opt.series[1].data[1][1]).toBeCloseTo(1.75 / 0.75, 12);
    expect(opt.series[3]).toMatchObject({ name: 'window 1 ETH', data: [[100, 2]] });
    // no smoothing: one series per line, the raw values
    const flat = panelOption('episodic_return', lines.slice(0, 1), ['BTC'], 0) as { series: { name: string; data: [number, number][] }[] };
    expect(flat.series).toEqual([expect.objectContaining({ name: 'window 1', data: [[100, 1], [300, 3]] })]);
  });
  it('compactSteps labels the step axis', () => {
    expect([compactSteps(950), compactSteps(12_800), compactSteps(1_000_000)]).toEqual(['950', '12.8k', '1M']);
  });
});
