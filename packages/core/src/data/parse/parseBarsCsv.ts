import { UserInputError } from '../../util/errors.ts';
import { isForbiddenKey } from '../../config/keyPath.ts';
import { ColumnSet } from './columns.ts';
import { scanNumber, scanNumberField, fieldScan, isBlankField, fieldText } from './scanNumber.ts';
import { readCsvHead, normaliseHeader } from './csvHeader.ts';
import { TimeColumn } from './timeColumn.ts';
import { parseTimezoneOffset } from './timezone.ts';
import { inferIntervalMs } from './inferInterval.ts';
import { epochUnitOf } from './epochUnit.ts';
import { scanDateText, dateTextScan, type DateTextFormat } from './dateText.ts';
import type { BarsParseNotes, DateCheck, ParsedBarSeries } from './parseNotes.ts';

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
export const TIME_COLUMN_NAMES = ['ts', 'timestamp', 'open_time', 'unix', 'date_time', 'datetime', 'date', 'time', 'date_and_time', 'opentime'];
/** Extra columns renamed on read, so the same quantity has one name whatever the export (`tradecount` → `trades`). */
export const EXTRA_COLUMN_ALIASES: Readonly<Record<string, string>> = { tradecount: 'trades', trade_count: 'trades', number_of_trades: 'trades', volume_quote: 'quote_volume', quote_asset_volume: 'quote_volume' };
/** Quote currencies: of two named volume columns (`Volume BTC`, `Volume USDT`) the one in a quote currency is the quote volume. */
const QUOTE_CURRENCIES = ['usdt', 'usdc', 'busd', 'fdusd', 'tusd', 'dai', 'usd', 'eur'];
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
 * - CryptoDataDownload layout (`unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount`): a URL or
 *   `#` line above the header is skipped; `unix` is the time column and epoch seconds and milliseconds may mix row by
 *   row (each row's unit from its magnitude); the `date` column (ISO or `2017-08-17 06-AM`) is only compared with
 *   `ts` (`parseNotes.dateCheck`); named volumes: the base currency's is `volume`, the quote's is
 *   `columns.quote_volume`; `tradecount` becomes `columns.trades`; `NULL`/`NaN`/empty in extra columns is NaN.
 *   Rows stay in file order (descending files too): ordering and duplicates are QC's job.
 * Blank lines are skipped; every malformed field throws `UserInputError("file:line: field", ...)`.
 * One pass with indexOf/charCodeAt into growing Float64Arrays.
 */
export function parseBarsCsv(text: string, options: ParseBarsCsvOptions = {}): ParsedBarSeries {
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
  const firstRow = firstDataLine(text, start);
  const first = firstRow ? splitLine(text, firstRow.s, firstRow.e, head.delim) : [];
  const firstText = (k: number) => (k >= 0 && k < first.length ? fieldText(text, first[k][0], first[k][1]) : '');
  const symbolIdx = head.numeric ? -1 : names.findIndex((n) => n === 'symbol' || n === 'pair');
  const symbolText = symbolIdx >= 0 && firstText(symbolIdx) !== '' ? firstText(symbolIdx) : null;
  const namedVolume = head.numeric ? null : pickNamedVolume(names, symbolText ?? options.symbol ?? '');
  const missing: string[] = [];
  if (!timeName) missing.push(`a time column (${TIME_COLUMN_NAMES.slice(0, 5).join('/')})`);
  // slot per field: 0 time, 1..5 open..volume, 6+k extra column k, -1 ignored
  const slot = new Int32Array(width).fill(-1);
  if (timeName) slot[names.indexOf(timeName)] = 0;
  REQUIRED.forEach((col, k) => {
    let idx = names.findIndex((n) => OHLCV_ALIASES[col].includes(n));
    if (idx === -1 && col === 'volume' && namedVolume) idx = namedVolume.base;
    if (idx === -1) missing.push(col);
    else slot[idx] = k + 1;
  });
  if (missing.length > 0) {
    throw new UserInputError(`${source}:${head.line}`, `expected columns time, open, high, low, close, volume; missing ${missing.join(', ')}`, head.fields.join(','));
  }
  const offset = parseTimezoneOffset(options.timezone, 'timezone');
  const timeLabel = head.numeric ? 'open_time' : head.fields[names.indexOf(timeName!)];
  const time = new TimeColumn(source, timeLabel, offset, true);

  // Extra columns: numeric (or blank/NULL) in the first data row; a quote volume named by currency is `quote_volume`.
  const extras: string[] = [];
  for (let k = 0; k < width; k++) {
    if (slot[k] !== -1 || names[k] === '' || names[k] === 'ignore' || k >= first.length) continue;
    const [a, b] = first[k];
    if (isBlankField(text, a, b) || isMissingLiteral(text, a, b) || !Number.isNaN(scanNumber(text, a, b))) {
      // the header is the user's: it is looked up only among the aliases' own keys, and never becomes a prototype key
      if (isForbiddenKey(names[k])) throw new UserInputError(`${source}:${head.line}`, 'expected column names other than __proto__, constructor and prototype', head.fields[k]);
      const name = namedVolume && k === namedVolume.quote ? 'quote_volume' : Object.hasOwn(EXTRA_COLUMN_ALIASES, names[k]) ? EXTRA_COLUMN_ALIASES[names[k]] : names[k];
      if (extras.includes(name) || (seen.has(name) && name !== names[k])) continue;
      slot[k] = 6 + extras.length;
      extras.push(name);
    }
  }
  // A second time column (e.g. `date` beside `unix`) with text values is only compared with ts: slot −2.
  const checkIdx = head.numeric ? -1 : names.findIndex((n, k) => k !== names.indexOf(timeName!) && TIME_COLUMN_NAMES.includes(n) && slot[k] === -1 && Number.isNaN(scanNumber(text, first[k]?.[0] ?? 0, first[k]?.[1] ?? 0)) && firstText(k) !== '');
  if (checkIdx >= 0) slot[checkIdx] = -2;
  const checkCol = 6 + extras.length;
  let checkFormats = 0;
  const labels = names.map((n, k) => (head.numeric ? n : head.fields[k]));
  const cols = new ColumnSet(['ts', 'open', 'high', 'low', 'close', 'volume', ...extras, ...(checkIdx >= 0 ? ['\u0000check'] : [])], Math.max(1024, (text.length / (width * 8)) | 0));
  const otherUnitRows: number[] = [];
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
        if (Number.isNaN(v) && (sl <= 5 || !isBlankField(text, s, e)) && !(sl > 5 && isMissingLiteral(text, s, e))) {
          throw new UserInputError(`${source}:${line}: ${labels[k]}`, 'expected a number', fieldText(text, s, e));
        }
        d[sl][r] = v;
      } else if (sl === 0 && fastLo < fastHi) {
        // epoch column with a known unit: parse in one walk; anything else takes the checked path
        const v = scanNumberField(text, s, le, delim);
        e = fieldScan.end;
        if (v >= fastLo && v < fastHi) d[0][r] = fastDiv === 1 ? v : fastDiv === 1e-3 ? v * 1000 : v / fastDiv;
        else {
          d[0][r] = time.parse(text, s, e, line);
          if (time.lastWasOtherUnit) otherUnitRows.push(r);
        }
      } else {
        e = text.indexOf(delimStr, s);
        if (e === -1 || e > le) e = le;
        if (sl === 0) {
          d[0][r] = time.parse(text, s, e, line);
          if (time.lastWasOtherUnit) otherUnitRows.push(r);
          const fast = time.epochFastPath();
          if (fast) [fastLo, fastHi, fastDiv] = fast;
        } else if (sl === -2) {
          d[checkCol][r] = scanDateText(text, s, e, offset);
          if (dateTextScan.format !== null) checkFormats |= dateTextScan.format === 'iso' ? 1 : 2;
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
  const checked = checkIdx >= 0 ? rest.pop()! : null;
  const series: ParsedBarSeries = { symbol: options.symbol ?? '', intervalMs: options.intervalMs === undefined ? inferIntervalMs(ts) : options.intervalMs, ts, open, high, low, close, volume };
  if (extras.length > 0) series.columns = Object.fromEntries(extras.map((name, k) => [name, rest[k]]));
  // An epoch close_time (Binance klines: same unit as open_time) is converted to ms like ts.
  const closeTime = series.columns?.close_time;
  if (closeTime && closeTime.length > 0) {
    const unit = epochUnitOf(closeTime[0]);
    const div = EPOCH_DIVISOR[unit];
    if (unit === 's') for (let i = 0; i < closeTime.length; i++) closeTime[i] *= 1000;
    else if (div !== 1) for (let i = 0; i < closeTime.length; i++) closeTime[i] /= div;
  }
  const notes = parseNotes(head.preamble, timeLabel, ts, time.firstUnit, otherUnitRows, namedVolume && { base: head.fields[namedVolume.base], quote: namedVolume.quote >= 0 ? head.fields[namedVolume.quote] : null }, checked && dateCheck(head.fields[checkIdx], checked, ts, checkFormats), symbolText);
  if (notes) series.parseNotes = notes;
  return series;
}

/** The notes worth keeping (null when the file held nothing unusual). */
function parseNotes(preamble: string[], timeColumn: string, ts: Float64Array, firstUnit: string, otherUnitRows: number[], namedVolume: BarsParseNotes['namedVolume'], check: DateCheck | null, symbolText: string | null): BarsParseNotes | null {
  if (preamble.length === 0 && otherUnitRows.length === 0 && !namedVolume && !check && symbolText === null) return null;
  let mixedUnits: BarsParseNotes['mixedUnits'] = null;
  let secondsRows: Uint8Array | null = null;
  if (otherUnitRows.length > 0) {
    const firstIsSeconds = firstUnit === 's';
    secondsRows = new Uint8Array(ts.length).fill(firstIsSeconds ? 1 : 0);
    for (const r of otherUnitRows) secondsRows[r] = firstIsSeconds ? 0 : 1;
    const seconds = firstIsSeconds ? ts.length - otherUnitRows.length : otherUnitRows.length;
    mixedUnits = { seconds, milliseconds: ts.length - seconds };
  }
  return { preamble, timeColumn, mixedUnits, secondsRows, namedVolume, dateCheck: check, symbolText };
}

function dateCheck(column: string, dates: Float64Array, ts: Float64Array, formats: number): DateCheck {
  let unparsed = 0, mismatches = 0;
  let firstMismatch: DateCheck['firstMismatch'] = null;
  for (let i = 0; i < ts.length; i++) {
    const d = dates[i];
    if (Number.isNaN(d)) unparsed++;
    else if (d !== ts[i]) {
      mismatches++;
      firstMismatch ??= { row: i, ts: ts[i], date: d };
    }
  }
  const seen: DateTextFormat[] = [];
  if (formats & 1) seen.push('iso');
  if (formats & 2) seen.push('hour_am_pm');
  return { column, formats: seen, rows: ts.length - unparsed, unparsed, mismatches, firstMismatch };
}

/**
 * Named volume columns `volume_<ccy>` (`Volume BTC` normalised) when no plain volume column exists: the base
 * currency's is the volume; the other (if any) is the quote volume. Base = the currency of the symbol
 * ("BTC/USDT" → btc); else the one not in QUOTE_CURRENCIES; else the first (CryptoDataDownload's order).
 * Null when there is none, or the only one is in a quote currency.
 */
function pickNamedVolume(names: string[], symbol: string): { base: number; quote: number } | null {
  if (names.some((n) => OHLCV_ALIASES.volume.includes(n))) return null;
  const named: [number, string][] = [];
  names.forEach((n, k) => {
    const m = /^volume_([a-z0-9]+)$/.exec(n);
    if (m) named.push([k, m[1]]);
  });
  if (named.length === 0 || named.length > 2) return null;
  const base = symbol.toLowerCase().split(/[-_/:\s]+/)[0] ?? '';
  const pick = named.find(([, c]) => c === base) ?? named.find(([, c]) => !QUOTE_CURRENCIES.includes(c)) ?? null;
  if (!pick) return null;
  const quote = named.find(([k]) => k !== pick[0]);
  return { base: pick[0], quote: quote ? quote[0] : -1 };
}

/** Extra columns accept "NaN", "NULL", "None", "NA" (any case) as missing; OHLCV columns do not. */
function isMissingLiteral(text: string, s: number, e: number): boolean {
  return /^(nan|null|none|na|n\/a)$/i.test(fieldText(text, s, e));
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
