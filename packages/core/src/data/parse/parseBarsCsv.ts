import type { BarSeries } from '../types.ts';
import { UserInputError } from '../../util/errors.ts';
import { ColumnSet } from './columns.ts';
import { scanNumber, scanNumberField, fieldScan, isBlankField, fieldText } from './scanNumber.ts';
import { readCsvHead, normaliseHeader } from './csvHeader.ts';
import { TimeColumn } from './timeColumn.ts';
import { parseTimezoneOffset } from './timezone.ts';
import { inferIntervalMs } from './inferInterval.ts';
import { epochUnitOf } from './epochUnit.ts';

/** Divisor from an epoch unit to ms (seconds multiply by 1000). */
const EPOCH_DIVISOR = { s: 1e-3, ms: 1, us: 1e3, ns: 1e6 } as const;

export interface ParseBarsCsvOptions {
  /** Name used in error messages (usually the file name). @default "input" */
  source?: string;
  /** Zone of naive ISO timestamps: "UTC" or a fixed offset such as "+03:00". @default "UTC" */
  timezone?: string;
  /** Symbol of the series. @default "" */
  symbol?: string;
  /** Bar interval; inferred from the timestamps when omitted (null for irregular bars). */
  intervalMs?: number | null;
}

/** Accepted header names (after lower-casing; spaces/dashes → '_'), first match wins. */
export const TIME_COLUMN_NAMES = ['ts', 'timestamp', 'open_time', 'date_time', 'datetime', 'date', 'time', 'date_and_time', 'opentime'];
export const OHLCV_ALIASES: Readonly<Record<'open' | 'high' | 'low' | 'close' | 'volume', readonly string[]>> = {
  open: ['open', 'o', 'open_price'],
  high: ['high', 'h', 'high_price'],
  low: ['low', 'l', 'low_price'],
  close: ['close', 'c', 'close_price'],
  volume: ['volume', 'vol', 'v', 'base_volume', 'volume_base', 'cum_vol'],
};
/** Binance public kline CSV (no header): 12 columns; the last ("ignore") is dropped. */
export const KLINE_COLUMNS = ['open_time', 'open', 'high', 'low', 'close', 'volume', 'close_time', 'quote_volume', 'trades', 'taker_buy_base_volume', 'taker_buy_quote_volume', 'ignore'];

const REQUIRED = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * parseBarsCsv(text, options) reads bars from CSV text.
 * - With a header: the time column is the first of TIME_COLUMN_NAMES present (case-insensitive);
 *   open/high/low/close/volume by OHLCV_ALIASES; other columns whose first value is numeric go to
 *   `columns` (text columns are ignored). Times are ISO strings (naive = `timezone`) or epoch
 *   s/ms/µs/ns detected from magnitude, one format and unit for the whole column.
 * - Without a header (first line all numbers): Binance kline layout (KLINE_COLUMNS; 12 columns,
 *   open_time in ms or µs) or a plain `open_time,open,high,low,close,volume` layout (6 columns).
 * Blank lines are skipped; every malformed field throws `UserInputError("file:line: field", ...)`.
 * One pass with indexOf/charCodeAt into growing Float64Arrays.
 */
export function parseBarsCsv(text: string, options: ParseBarsCsvOptions = {}): BarSeries {
  const source = options.source ?? 'input';
  const head = readCsvHead(text, source);
  let names: string[];
  let start: number;
  let line: number;
  if (head.numeric) {
    if (head.fields.length === 12) names = KLINE_COLUMNS;
    else if (head.fields.length === 6) names = KLINE_COLUMNS.slice(0, 6);
    else throw new UserInputError(`${source}:${head.line}`, 'expected a header row, or a headerless Binance kline row of 12 columns (or 6: open_time,open,high,low,close,volume)', `${head.fields.length} numeric columns`);
    start = lineStart(text, head.line);
    if (start === 0 && text.charCodeAt(0) === 0xfeff) start = 1;
    line = head.line;
  } else {
    names = head.fields.map(normaliseHeader);
    start = head.next;
    line = head.line + 1;
  }
  const width = names.length;
  const seen = new Set<string>();
  for (const n of names) {
    if (n !== '' && seen.has(n)) throw new UserInputError(`${source}:${head.line}`, 'expected unique column names', n);
    seen.add(n);
  }
  const timeName = TIME_COLUMN_NAMES.find((n) => seen.has(n));
  const missing: string[] = [];
  if (!timeName) missing.push(`a time column (${TIME_COLUMN_NAMES.slice(0, 5).join('/')})`);
  // slot per field: 0 time, 1..5 open..volume, 6+k extra column k, -1 ignored
  const slot = new Int32Array(width).fill(-1);
  if (timeName) slot[names.indexOf(timeName)] = 0;
  REQUIRED.forEach((col, k) => {
    const idx = names.findIndex((n) => OHLCV_ALIASES[col].includes(n));
    if (idx === -1) missing.push(col);
    else slot[idx] = k + 1;
  });
  if (missing.length > 0) {
    throw new UserInputError(`${source}:${head.line}`, `expected columns time, open, high, low, close, volume; missing ${missing.join(', ')}`, head.fields.join(','));
  }
  const offset = parseTimezoneOffset(options.timezone, 'timezone');
  const time = new TimeColumn(source, head.numeric ? 'open_time' : head.fields[names.indexOf(timeName!)], offset);

  // Extra columns: numeric (or blank) in the first data row.
  const firstRow = firstDataLine(text, start);
  const extras: string[] = [];
  if (firstRow) {
    const f = splitLine(text, firstRow.s, firstRow.e, head.delim);
    for (let k = 0; k < width; k++) {
      if (slot[k] !== -1 || names[k] === '' || names[k] === 'ignore' || k >= f.length) continue;
      const [a, b] = f[k];
      if (isBlankField(text, a, b) || !Number.isNaN(scanNumber(text, a, b))) {
        slot[k] = 6 + extras.length;
        extras.push(names[k]);
      }
    }
  }
  const labels = names.map((n, k) => (head.numeric ? n : head.fields[k]));
  const cols = new ColumnSet(['ts', 'open', 'high', 'low', 'close', 'volume', ...extras], Math.max(1024, (text.length / (width * 8)) | 0));
  const delim = head.delim;
  const delimStr = String.fromCharCode(delim);
  let fastLo = 0, fastHi = 0, fastDiv = 1;
  const n = text.length;
  let pos = start;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let le = end;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    if (le === pos || isBlankField(text, pos, le)) {
      pos = end + 1;
      line++;
      continue;
    }
    const r = cols.addRow();
    const d = cols.data;
    let s = pos;
    for (let k = 0; k < width; k++) {
      if (s > le) throw new UserInputError(`${source}:${line}`, `expected ${width} fields like the header`, `${k} fields`);
      const sl = slot[k];
      let e: number;
      if (sl > 0) {
        const v = scanNumberField(text, s, le, delim);
        e = fieldScan.end;
        if (Number.isNaN(v) && (sl <= 5 || !isBlankField(text, s, e)) && !isNanLiteral(text, s, e, sl)) {
          throw new UserInputError(`${source}:${line}: ${labels[k]}`, 'expected a number', fieldText(text, s, e));
        }
        d[sl][r] = v;
      } else if (sl === 0 && fastLo < fastHi) {
        // epoch column with a known unit: parse in one walk; anything else takes the checked path
        const v = scanNumberField(text, s, le, delim);
        e = fieldScan.end;
        d[0][r] = v >= fastLo && v < fastHi ? (fastDiv === 1 ? v : fastDiv === 1e-3 ? v * 1000 : v / fastDiv) : time.parse(text, s, e, line);
      } else {
        e = text.indexOf(delimStr, s);
        if (e === -1 || e > le) e = le;
        if (sl === 0) {
          d[0][r] = time.parse(text, s, e, line);
          const fast = time.epochFastPath();
          if (fast) [fastLo, fastHi, fastDiv] = fast;
        }
      }
      s = e + 1;
    }
    if (s <= le) throw new UserInputError(`${source}:${line}`, `expected ${width} fields like the header`, `${width + countDelims(text, s - 1, le, delim)} fields`);
    pos = end + 1;
    line++;
  }
  if (cols.length === 0) throw new UserInputError(source, 'expected at least one data row after the header');
  const [ts, open, high, low, close, volume, ...rest] = cols.finish();
  const series: BarSeries = { symbol: options.symbol ?? '', intervalMs: options.intervalMs === undefined ? inferIntervalMs(ts) : options.intervalMs, ts, open, high, low, close, volume };
  if (extras.length > 0) series.columns = Object.fromEntries(extras.map((name, k) => [name, rest[k]]));
  // An epoch close_time (Binance klines: same unit as open_time) is converted to ms like ts.
  const closeTime = series.columns?.close_time;
  if (closeTime && closeTime.length > 0) {
    const unit = epochUnitOf(closeTime[0]);
    const div = EPOCH_DIVISOR[unit];
    if (unit === 's') for (let i = 0; i < closeTime.length; i++) closeTime[i] *= 1000;
    else if (div !== 1) for (let i = 0; i < closeTime.length; i++) closeTime[i] /= div;
  }
  return series;
}

/** Extra columns accept "NaN"/"nan" as missing; OHLCV columns do not. */
function isNanLiteral(text: string, s: number, e: number, slot: number): boolean {
  return slot > 5 && /^nan$/i.test(fieldText(text, s, e));
}

function countDelims(text: string, s: number, e: number, delim: number): number {
  let c = 0;
  for (let i = s; i < e; i++) if (text.charCodeAt(i) === delim) c++;
  return c;
}

function lineStart(text: string, line: number): number {
  let pos = 0;
  for (let l = 1; l < line; l++) pos = text.indexOf('\n', pos) + 1;
  return pos;
}

function firstDataLine(text: string, pos: number): { s: number; e: number } | null {
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    let le = end;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    if (!isBlankField(text, pos, le)) return { s: pos, e: le };
    pos = end + 1;
  }
  return null;
}

function splitLine(text: string, s: number, e: number, delim: number): [number, number][] {
  const out: [number, number][] = [];
  let a = s;
  for (let i = s; i <= e; i++) {
    if (i === e || text.charCodeAt(i) === delim) {
      out.push([a, i]);
      a = i + 1;
    }
  }
  return out;
}
