/** Human-readable figures for CLI text output (JSON keeps the raw numbers). */

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * humanBytes(n) – a byte count in decimal (SI) units with three significant digits:
 * 0 → "0 B", 1,234 → "1.23 kB", 417,600,000,000 → "418 GB". Non-finite or negative input is printed as is.
 */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return String(n);
  if (n < 1000) return `${Math.round(n)} B`;
  let u = 0, v = n;
  while (v >= 999.5 && u < BYTE_UNITS.length - 1) { v /= 1000; u++; }
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${BYTE_UNITS[u]}`;
}

/**
 * minTrlText(periods) – the minimum track record length in words: a finite length in periods, or
 * "not reachable (Sharpe ≤ target)" when the observed Sharpe does not beat the benchmark (MinTRL is +∞ there).
 */
export function minTrlText(periods: number | null | undefined, digits = 1): string {
  if (periods === null || periods === undefined || Number.isNaN(periods)) return 'not computable';
  if (!Number.isFinite(periods)) return 'not reachable (Sharpe ≤ target)';
  return `${periods.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} periods`;
}
