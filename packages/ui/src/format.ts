/**
 * Number formatters for the workbench. Every figure a user reads goes through one of these so
 * units are always shown: fractions become "%" or "bp", money gets "$", durations get "s"/"min".
 * Non-finite values print as an en dash so a missing metric never reads as 0.
 */

const DASH = '–';

function finite(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** fmtNumber(1234.5678, 2) === '1,234.57' (thousands separators, fixed digits). */
export function fmtNumber(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** fmtInt(12345) === '12,345'. */
export function fmtInt(x: number | null | undefined): string {
  if (!finite(x)) return DASH;
  return Math.round(x).toLocaleString('en-US');
}

/** fmtPct(0.1234) === '12.34%' – x is a fraction. */
export function fmtPct(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  return `${fmtNumber(x * 100, digits)}%`;
}

/** fmtSignedPct(0.012) === '+1.20%' – for deltas and returns. */
export function fmtSignedPct(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  return `${x > 0 ? '+' : x < 0 ? '−' : ''}${fmtNumber(Math.abs(x) * 100, digits)}%`;
}

/** fmtBp(0.0015) === '15.0 bp' – x is a fraction of price (1 bp = 0.0001). */
export function fmtBp(x: number | null | undefined, digits = 1): string {
  if (!finite(x)) return DASH;
  return `${fmtNumber(x * 10_000, digits)} bp`;
}

/** fmtMoney(100000) === '$100,000'; fmtMoney(-12.5, 2) === '−$12.50'. */
export function fmtMoney(x: number | null | undefined, digits = 0): string {
  if (!finite(x)) return DASH;
  return `${x < 0 ? '−' : ''}$${fmtNumber(Math.abs(x), digits)}`;
}

/** fmtRatio(1.234) === '1.23' – Sharpe-like ratios, signed with a true minus. */
export function fmtRatio(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  return `${x < 0 ? '−' : ''}${fmtNumber(Math.abs(x), digits)}`;
}

/** fmtSignedRatio(0.5) === '+0.50' – a difference of two Sharpe-like ratios (absolute, never relative). */
export function fmtSignedRatio(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  const body = fmtNumber(Math.abs(x), digits);
  return Number(body.replace(/,/g, '')) === 0 ? fmtNumber(0, digits) : `${x > 0 ? '+' : '−'}${body}`;
}

/** fmtPp(-0.0123) === '−1.23 pp' – a difference of two fractions (returns, drawdowns) in signed percentage points. */
export function fmtPp(x: number | null | undefined, digits = 2): string {
  if (!finite(x)) return DASH;
  const body = fmtNumber(Math.abs(x) * 100, digits);
  return Number(body.replace(/,/g, '')) === 0 ? `${fmtNumber(0, digits)} pp` : `${x > 0 ? '+' : '−'}${body} pp`;
}

/** fmtMs(4.2) === '4.2 ms'; fmtMs(65_000) === '1 min 5 s'. */
export function fmtMs(x: number | null | undefined): string {
  if (!finite(x)) return DASH;
  if (x < 1_000) return `${fmtNumber(x, x < 10 ? 1 : 0)} ms`;
  if (x < 60_000) return `${fmtNumber(x / 1_000, 1)} s`;
  const min = Math.floor(x / 60_000);
  const s = Math.round((x - min * 60_000) / 1_000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

/** fmtDate(0) === '1970-01-01' (UTC). */
export function fmtDate(ts: number | null | undefined): string {
  if (!finite(ts)) return DASH;
  return new Date(ts).toISOString().slice(0, 10);
}

/** fmtDateTime(0) === '1970-01-01 00:00 UTC'. */
export function fmtDateTime(ts: number | null | undefined): string {
  if (!finite(ts)) return DASH;
  return `${new Date(ts).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** fmtInterval(60_000) === '1m' – bar intervals in the config's notation. */
export function fmtInterval(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1_000 === 0) return `${ms / 1_000}s`;
  return `${ms}ms`;
}

/** signClass(x) – 'pos' | 'neg' | '' for colouring deltas. */
export function signClass(x: number | null | undefined): 'pos' | 'neg' | '' {
  if (!finite(x) || x === 0) return '';
  return x > 0 ? 'pos' : 'neg';
}
