import type { BarSeries } from '../types.ts';
import { UserInputError } from '../../util/errors.ts';
import { ColumnSet } from './columns.ts';
import { scanNumber } from './scanNumber.ts';
import { lineAt } from './lineAt.ts';
import { epochToMs, epochUnitOf, mixedUnitsError, type EpochUnit } from './epochUnit.ts';
import { inferIntervalMs } from './inferInterval.ts';

export interface ParseOhlcvJsonOptions {
  /** Name used in error messages (usually the file name). @default "input" */
  source?: string;
  /** Symbol of the series. @default "" */
  symbol?: string;
  /** Bar interval; inferred from the timestamps when omitted. */
  intervalMs?: number | null;
}

const FIELDS = ['open_time', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * parseOhlcvJson(text, options) reads freqtrade/ccxt OHLCV arrays `[[open_time,o,h,l,c,v],...]`.
 * open_time is epoch ms (s/µs/ns are detected from magnitude, one unit for the whole file).
 * Numbers may be quoted; `null` volume becomes NaN (QC reports it); rows may carry more than six
 * values (the extra ones are ignored). Scans the text once with charCodeAt; no per-row objects.
 */
export function parseOhlcvJson(text: string, options: ParseOhlcvJsonOptions = {}): BarSeries {
  const source = options.source ?? 'input';
  const at = (pos: number, row: number, field: string) => `${source}:${lineAt(text, pos)}: row ${row + 1}: ${field}`;
  const cols = new ColumnSet(['ts', 'open', 'high', 'low', 'close', 'volume'], Math.max(1024, (text.length / 48) | 0));
  const n = text.length;
  let i = 0;
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      i++;
    }
  };
  ws();
  if (i === n) throw new UserInputError(source, 'expected a JSON array of [open_time, open, high, low, close, volume] rows; the file is empty');
  if (text.charCodeAt(i) !== 91) throw new UserInputError(`${source}:${lineAt(text, i)}`, 'expected a JSON array starting with "["', text.slice(i, i + 20));
  i++;
  let unit: EpochUnit | null = null;
  let row = 0;
  ws();
  if (text.charCodeAt(i) === 93) i++;
  else {
    for (;;) {
      ws();
      if (text.charCodeAt(i) !== 91) throw new UserInputError(`${source}:${lineAt(text, i)}: row ${row + 1}`, 'expected "[" starting a row', text.slice(i, i + 20));
      i++;
      const r = cols.addRow();
      let k = 0;
      for (;;) {
        ws();
        const s = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 93) break;
          i++;
        }
        if (i >= n) throw new UserInputError(at(s, row, FIELDS[Math.min(k, 5)]), 'expected "]" closing the row; the file ends early');
        if (k < 6) {
          let e = i;
          while (e > s && text.charCodeAt(e - 1) <= 32) e--; // pretty-printed JSON: newline/indent before ',' or ']'
          let v = scanNumber(text, s, e);
          if (Number.isNaN(v)) {
            const raw = text.slice(s, e).trim();
            if (!(k === 5 && raw === 'null')) throw new UserInputError(at(s, row, FIELDS[k]), 'expected a number', raw === 'null' ? null : raw.replace(/^"(.*)"$/, '$1'));
          }
          if (k === 0) {
            if (unit === null) unit = epochUnitOf(v);
            const raw = v;
            v = epochToMs(v, unit);
            if (Number.isNaN(v)) throw mixedUnitsError(at(s, row, 'open_time'), raw, unit, 'row 1');
          }
          cols.data[k][r] = v;
        }
        k++;
        if (text.charCodeAt(i) === 93) { i++; break; }
        i++;
      }
      if (k < 6) throw new UserInputError(at(i, row, 'row'), 'expected 6 values [open_time, open, high, low, close, volume]', `${k} values`);
      row++;
      ws();
      const c = text.charCodeAt(i);
      if (c === 44) { i++; continue; }
      if (c === 93) { i++; break; }
      throw new UserInputError(`${source}:${lineAt(text, i)}: row ${row}`, 'expected "," or "]" after a row', i < n ? text.slice(i, i + 20) : 'the end of the file');
    }
  }
  ws();
  if (i < n) throw new UserInputError(`${source}:${lineAt(text, i)}`, 'expected nothing after the closing "]"', text.slice(i, i + 20));
  if (row === 0) throw new UserInputError(source, 'expected at least one [open_time, open, high, low, close, volume] row; the array is empty');
  const [ts, open, high, low, close, volume] = cols.finish();
  return { symbol: options.symbol ?? '', intervalMs: options.intervalMs === undefined ? inferIntervalMs(ts) : options.intervalMs, ts, open, high, low, close, volume };
}
