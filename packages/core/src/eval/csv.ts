import { UserInputError } from '../util/errors.ts';
import { isForbiddenKey } from '../config/keyPath.ts';

/** A numeric table read from CSV text: column names and one Float64Array per column. */
export interface NumericTable {
  names: string[];
  columns: Float64Array[];
  rows: number;
}

const TIME_NAMES = /^(date|datetime|time|timestamp|ts|open_time)$/i;

/** Splits CSV text into trimmed lines (blank lines dropped), each with its 1-based line number. */
function lines(text: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  const raw = text.split(/\r?\n/);
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i].trim();
    if (s !== '') out.push({ line: i + 1, cells: s.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1')) });
  }
  return out;
}

/**
 * parseMatrixCsv(text, source) — a header row of names, then one row per period of numbers. A first
 * column named date/time/timestamp/ts is skipped. Every other cell must be a finite number
 * (`source:line: name: expected a number, got "x"`).
 */
export function parseMatrixCsv(text: string, source: string): NumericTable {
  const ls = lines(text);
  if (ls.length < 2) throw new UserInputError(source, 'expected a header row and at least one data row');
  const header = ls[0].cells;
  const skip = TIME_NAMES.test(header[0]) ? 1 : 0;
  const names = header.slice(skip);
  checkHeaderNames(header, source, ls[0].line);
  const lower = new Set(header.map((h) => h.toLowerCase()));
  if (['open', 'high', 'low', 'close'].every((c) => lower.has(c))) throw new UserInputError(`${source}:${ls[0].line}`, 'expected per-period returns, got OHLCV columns (open, high, low, close): a bar file is not a returns matrix');
  if (names.length === 0) throw new UserInputError(`${source}:${ls[0].line}`, 'expected at least one numeric column in the header');
  const rows = ls.length - 1;
  const columns = names.map(() => new Float64Array(rows));
  checkRowWidths(ls, source);
  for (let r = 0; r < rows; r++) {
    const { line, cells } = ls[r + 1];
    for (let j = 0; j < names.length; j++) {
      const c = cells[j + skip], v = Number(c);
      if (c === '' || !Number.isFinite(v)) throw new UserInputError(`${source}:${line}: ${names[j]}`, 'expected a number', c);
      columns[j][r] = v;
    }
  }
  checkNotPrices(names, columns, source);
  return { names, columns, rows };
}

/**
 * Returns (fractions or percent, simple or log) change sign: a column of ten or more values that are all
 * positive with a median above 1 is a price or volume column (a bar file without OHLC headers, a `close`
 * column alone), and reading it as returns would be silently wrong.
 */
function checkNotPrices(names: readonly string[], columns: readonly Float64Array[], source: string): void {
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j];
    if (c.length < 10) continue;
    let allPositive = true;
    for (let i = 0; i < c.length && allPositive; i++) if (!(c[i] > 0)) allPositive = false;
    if (!allPositive) continue;
    const median = Float64Array.from(c).sort()[c.length >> 1];
    if (median > 1) {
      throw new UserInputError(`${source}: ${names[j]}`, `expected per-period returns (they change sign), got only positive values with median ${median}, like prices or volumes`,
        undefined, 'returns are e.g. close[t] / close[t−1] − 1');
    }
  }
}

/**
 * Column names become keys of the caller's records (`selected[name]` in pbo): `__proto__`,
 * `constructor` and `prototype` are refused, and so are duplicates (a second column would shadow the first).
 */
function checkHeaderNames(header: readonly string[], source: string, line: number): void {
  const seen = new Set<string>();
  for (const h of header) {
    if (isForbiddenKey(h)) throw new UserInputError(`${source}:${line}`, 'expected column names other than __proto__, constructor and prototype', h);
    if (seen.has(h)) throw new UserInputError(`${source}:${line}`, 'expected distinct column names', h);
    seen.add(h);
  }
}

/**
 * The one truncation rule of every CSV read here: each row has exactly as many cells as the header (a
 * short last row is a cut-off file, not a row with missing values).
 */
function checkRowWidths(ls: readonly { line: number; cells: string[] }[], source: string): void {
  const width = ls[0].cells.length;
  for (let r = 1; r < ls.length; r++) {
    const { line, cells } = ls[r];
    if (cells.length !== width) {
      const truncated = r === ls.length - 1 && cells.length < width ? ' (the file looks truncated)' : '';
      throw new UserInputError(`${source}:${line}`, `expected ${width} cells like the header${truncated}`, cells.length);
    }
  }
}

/** Label intervals of one horizon, in time order (stable sort by t0). */
export interface LabelIntervals {
  horizon: number | null;
  /** Horizons present in the file (empty when there is no horizon column). */
  horizons: number[];
  t0: Float64Array;
  t1: Float64Array;
  /** 1-based line of each position in the file. */
  lineOf: Int32Array;
}

function parseTime(c: string): number {
  const v = Number(c);
  if (c !== '' && Number.isFinite(v)) return v;
  const d = Date.parse(c);
  return Number.isFinite(d) ? d : NaN;
}

/**
 * parseLabelsCsv(text, source, horizon) — the labels stage's CSV (`horizon,t0,t1,t0_idx,t1_idx,...`).
 * t0/t1 may be epoch milliseconds or ISO-8601 dates; without t0/t1 columns, t0_idx/t1_idx (bar indices)
 * are used. Rows of the chosen horizon (all rows when there is no horizon column; required when the file
 * holds several) are returned in time order; positions index this order.
 */
export function parseLabelsCsv(text: string, source: string, horizon?: number): LabelIntervals {
  const ls = lines(text);
  if (ls.length < 2) throw new UserInputError(source, 'expected a header row and at least one label row');
  const header = ls[0].cells.map((h) => h.toLowerCase());
  checkHeaderNames(header, source, ls[0].line);
  checkRowWidths(ls, source);
  const col = (name: string) => header.indexOf(name);
  const hc = col('horizon');
  let a = col('t0'), b = col('t1');
  if (a < 0 || b < 0) { a = col('t0_idx'); b = col('t1_idx'); }
  if (a < 0 || b < 0) throw new UserInputError(`${source}:${ls[0].line}`, 'expected columns t0,t1 (or t0_idx,t1_idx) in the header', ls[0].cells.join(','));
  const horizons = new Set<number>();
  if (hc >= 0) for (let r = 1; r < ls.length; r++) horizons.add(Number(ls[r].cells[hc]));
  const hs = [...horizons].sort((x, y) => x - y);
  let chosen: number | null = null;
  if (hc >= 0) {
    if (horizon !== undefined) {
      if (!horizons.has(horizon)) throw new UserInputError('--horizon', `expected one of the file's horizons ${hs.join(', ')}`, horizon);
      chosen = horizon;
    } else if (hs.length === 1) chosen = hs[0];
    else throw new UserInputError('--horizon', `is required: the file holds horizons ${hs.join(', ')}`);
  }
  const rows: { t0: number; t1: number; line: number }[] = [];
  for (let r = 1; r < ls.length; r++) {
    const { line, cells } = ls[r];
    if (chosen !== null && Number(cells[hc]) !== chosen) continue;
    const x = parseTime(cells[a] ?? ''), y = parseTime(cells[b] ?? '');
    if (!Number.isFinite(x)) throw new UserInputError(`${source}:${line}: ${ls[0].cells[a]}`, 'expected a time (epoch ms or ISO date) or index', cells[a]);
    if (!Number.isFinite(y)) throw new UserInputError(`${source}:${line}: ${ls[0].cells[b]}`, 'expected a time (epoch ms or ISO date) or index', cells[b]);
    if (y < x) throw new UserInputError(`${source}:${line}: ${ls[0].cells[b]}`, `expected ≥ ${ls[0].cells[a]} (${cells[a]})`, cells[b]);
    rows.push({ t0: x, t1: y, line });
  }
  rows.sort((p, q) => p.t0 - q.t0 || p.line - q.line);
  return {
    horizon: chosen, horizons: hs,
    t0: Float64Array.from(rows, (r) => r.t0), t1: Float64Array.from(rows, (r) => r.t1), lineOf: Int32Array.from(rows, (r) => r.line),
  };
}
