import type { BarSeries } from '../types.ts';
import { isoUtc } from './isoTime.ts';

/**
 * formatBarsCsv(bars) → CSV text with header `ts,open,high,low,close,volume[,extra...]`;
 * ts as ISO 8601 UTC with milliseconds (so parseBarsCsv reads it back exactly), numbers in
 * JavaScript's shortest round-trip form. One row per line, trailing newline.
 */
export function formatBarsCsv(bars: BarSeries): string {
  const extra = Object.entries(bars.columns ?? {});
  const lines: string[] = [['ts', 'open', 'high', 'low', 'close', 'volume', ...extra.map(([k]) => k)].join(',')];
  for (let i = 0; i < bars.ts.length; i++) {
    let row = `${isoUtc(bars.ts[i])},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`;
    for (const [, col] of extra) row += `,${col[i]}`;
    lines.push(row);
  }
  return `${lines.join('\n')}\n`;
}
