import { useEffect, useRef } from 'react';
import { connect, init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { LineChart, BarChart, HeatmapChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, VisualMapComponent,
  MarkLineComponent, TitleComponent, AxisPointerComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { createJobQueue } from './jobQueue.ts';

use([LineChart, BarChart, HeatmapChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, VisualMapComponent, MarkLineComponent, TitleComponent, AxisPointerComponent, CanvasRenderer]);

/**
 * Chart creation, option updates and resizes are queued one per macrotask (jobQueue.ts), so a page that
 * mounts several charts at once (a finished report) never does all their layout and painting in one long
 * main-thread task. Options are applied with `lazyUpdate`: the queued task only merges the option, and
 * ECharts paints in its next animation frame — two shorter tasks instead of one long one.
 */
const schedule = createJobQueue();

export interface ChartProps {
  /** ECharts option; a new object re-renders (merged unless `notMerge`). */
  option: EChartsCoreOption;
  /** Accessible description of what the chart shows (read by screen readers). */
  ariaLabel: string;
  /** CSS height. @default 280 */
  height?: number | string;
  /** Replace the whole option instead of merging. @default false */
  notMerge?: boolean;
  /** Shows a loading veil over the chart. @default false */
  loading?: boolean;
  /** `data-testid` for tests. */
  testId?: string;
  /** Charts sharing a group move their axis pointers and tooltips together. */
  group?: string;
}

/**
 * Chart – a thin wrapper around an ECharts instance: created once on mount, resized with
 * its container (ResizeObserver), disposed on unmount. Data preparation (downsampling,
 * matrices) belongs in a worker; this component only hands the prepared option over.
 */
export function Chart({ option, ariaLabel, height = 280, notMerge = false, loading = false, testId, group }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const pending = useRef<{ option: EChartsCoreOption; notMerge: boolean } | null>(null);
  const latest = useRef<{ option: EChartsCoreOption; notMerge: boolean } | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    let disposed = false;
    let resizeQueued = false;
    let ro: ResizeObserver | null = null;
    // created in its own task (queued like renders), not inside the React commit that mounted it
    schedule(() => {
      if (disposed) return;
      const c = init(node, undefined, { renderer: 'canvas' });
      chart.current = c;
      if (group) { c.group = group; connect(group); }
      if (pending.current) { c.setOption(pending.current.option, { notMerge: pending.current.notMerge, lazyUpdate: true }); pending.current = null; }
      // a resize repaints the chart: queued like renders (one chart per frame), once however often it is observed
      ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
        if (resizeQueued) return;
        resizeQueued = true;
        schedule(() => { resizeQueued = false; if (!disposed && !c.isDisposed()) c.resize(); });
      });
      ro?.observe(node);
    });
    return () => {
      disposed = true;
      ro?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [group]);

  // options arriving faster than frames (a streaming run) are coalesced: one queued job per chart applies the
  // latest option (replacing, if any of the coalesced ones asked to replace), instead of one stale job per frame
  useEffect(() => {
    const prev = latest.current;
    latest.current = { option, notMerge: notMerge || (prev?.notMerge ?? false) };
    if (prev) return; // a job is already queued for this chart: it will take the latest option
    schedule(() => {
      const next = latest.current;
      latest.current = null;
      if (!next) return;
      if (chart.current && !chart.current.isDisposed()) chart.current.setOption(next.option, { notMerge: next.notMerge, lazyUpdate: true });
      else pending.current = next;
    });
  }, [option, notMerge]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    if (loading) c.showLoading('default', { text: '', color: '#2563eb', maskColor: 'rgba(255,255,255,0.6)' });
    else c.hideLoading();
  }, [loading]);

  return <div ref={el} className="sk-chart" role="img" aria-label={ariaLabel} data-testid={testId} style={{ height, width: '100%' }} />;
}

/**
 * warmUpCharts() – builds, draws and disposes one off-screen chart so ECharts' first-use setup
 * (component registration, text measuring, code paths getting compiled) happens while the
 * browser is idle, not when the first live chart appears. Call it from an idle callback.
 */
export function warmUpCharts(): void {
  const node = document.createElement('div');
  node.style.cssText = 'position:absolute;left:-10000px;top:0;width:600px;height:300px;';
  document.body.appendChild(node);
  const c = init(node, undefined, { renderer: 'canvas' });
  const line: [number, number][] = [];
  for (let i = 0; i < 400; i++) line.push([i * 60_000, 100 + Math.sin(i / 20)]);
  c.setOption({
    animation: false,
    grid: [{ top: 10, height: '50%' }, { top: '70%', bottom: 20 }],
    tooltip: { trigger: 'axis' },
    xAxis: [{ type: 'time', gridIndex: 0 }, { type: 'time', gridIndex: 1 }],
    yAxis: [{ type: 'value', gridIndex: 0, scale: true }, { type: 'value', gridIndex: 1 }],
    series: [
      { type: 'line', data: line, showSymbol: false, markLine: { symbol: 'none', data: [{ yAxis: 100 }] } },
      { type: 'line', xAxisIndex: 1, yAxisIndex: 1, data: line, showSymbol: false, areaStyle: {} },
    ],
  });
  c.dispose();
  node.remove();
}
