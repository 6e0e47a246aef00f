import { useEffect, useRef } from 'react';
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { LineChart, BarChart, HeatmapChart, ScatterChart } from 'echarts/charts';
import {
  GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, VisualMapComponent,
  MarkLineComponent, TitleComponent, AxisPointerComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, ScatterChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, VisualMapComponent, MarkLineComponent, TitleComponent, AxisPointerComponent, CanvasRenderer]);

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
}

/**
 * Chart – a thin wrapper around an ECharts instance: created once on mount, resized with
 * its container (ResizeObserver), disposed on unmount. Data preparation (downsampling,
 * matrices) belongs in a worker; this component only hands the prepared option over.
 */
export function Chart({ option, ariaLabel, height = 280, notMerge = false, loading = false, testId }: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = init(node, undefined, { renderer: 'canvas' });
    chart.current = c;
    let frame = 0;
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => c.resize());
    });
    ro?.observe(node);
    return () => {
      cancelAnimationFrame(frame);
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge, lazyUpdate: true });
  }, [option, notMerge]);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    if (loading) c.showLoading('default', { text: '', color: '#2563eb', maskColor: 'rgba(255,255,255,0.6)' });
    else c.hideLoading();
  }, [loading]);

  return <div ref={el} className="sk-chart" role="img" aria-label={ariaLabel} data-testid={testId} style={{ height, width: '100%' }} />;
}
