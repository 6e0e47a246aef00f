import type { TimeSeries } from '../types.ts';
import { UserInputError } from '../../util/errors.ts';
import { ColumnSet } from './columns.ts';
import { scanNumber, isBlankField, fieldText } from './scanNumber.ts';
import { readCsvHead, normaliseHeader } from './csvHeader.ts';
import { TimeColumn } from './timeColumn.ts';
import { TIME_COLUMN_NAMES } from './parseBarsCsv.ts';
import { parseTimezoneOffset } from './timezone.ts';
import { baseSymbol } from './baseSymbol.ts';

export interface ParseFundingCsvOptions {
  /** Name used in error messages (usually the file name). @default "input" */
  source?: string;
  /**
   * Zone of naive timestamps in the file: "UTC" or a fixed offset. The shared
   * funding-rates-binance-bybit files are naive UTC+3, so read them with "+03:00". @default "UTC"
   */
  timezone?: string;
  /** Symbol (base asset); taken from the Symbol column (BTC-USDT → BTC) when omitted. */
  symbol?: string;
}

const TIME_NAMES = [...TIME_COLUMN_NAMES, 'funding_time', 'fundingtime', 'calc_time'];
const RATE_NAMES = ['funding_rate', 'fundingrate', 'rate', 'funding', 'last_funding_rate'];
const SYMBOL_NAMES = ['symbol', 'pair', 'instrument', 'market'];

/**
 * parseFundingCsv(text, options) reads a funding-rate history `Symbol,Date,Funding Rate`
 * (aliases: fundingTime/fundingRate, ...) into a TimeSeries named "funding_rate":
 * ts = settlement time in UTC (naive times shifted by the declared zone), value = rate per
 * funding interval as a fraction, availableAt = ts (a settlement is known when it happens).
 * Blank lines are skipped; malformed fields throw `UserInputError("file:line: field", ...)`.
 */
export function parseFundingCsv(text: string, options: ParseFundingCsvOptions = {}): TimeSeries {
  const source = options.source ?? 'input';
  const head = readCsvHead(text, source);
  const names = head.fields.map(normaliseHeader);
  const timeIdx = names.findIndex((n) => TIME_NAMES.includes(n));
  const rateIdx = names.findIndex((n) => RATE_NAMES.includes(n));
  const symIdx = names.findIndex((n) => SYMBOL_NAMES.includes(n));
  if (head.numeric || timeIdx === -1 || rateIdx === -1) {
    const missing = [timeIdx === -1 ? 'a time column (Date/fundingTime)' : '', rateIdx === -1 ? 'Funding Rate' : ''].filter(Boolean).join(', ');
    throw new UserInputError(`${source}:${head.line}`, `expected a header Symbol,Date,Funding Rate; missing ${missing}`, head.fields.join(','));
  }
  const time = new TimeColumn(source, head.fields[timeIdx], parseTimezoneOffset(options.timezone, 'timezone'));
  const width = names.length;
  const delimStr = String.fromCharCode(head.delim);
  const cols = new ColumnSet(['ts', 'value'], 4096);
  let symbol = options.symbol;
  let pair: string | null = null;
  let line = head.line + 1;
  let pos = head.next;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = n;
    let le = end;
    if (le > pos && text.charCodeAt(le - 1) === 13) le--;
    if (!isBlankField(text, pos, le)) {
      const r = cols.addRow();
      let s = pos;
      for (let k = 0; k < width; k++) {
        if (s > le) throw new UserInputError(`${source}:${line}`, `expected ${width} fields like the header`, `${k} fields`);
        let e = text.indexOf(delimStr, s);
        if (e === -1 || e > le) e = le;
        if (k === timeIdx) cols.data[0][r] = time.parse(text, s, e, line);
        else if (k === rateIdx) {
          const v = scanNumber(text, s, e);
          if (Number.isNaN(v)) throw new UserInputError(`${source}:${line}: ${head.fields[k]}`, 'expected a number', fieldText(text, s, e));
          cols.data[1][r] = v;
        } else if (k === symIdx) {
          const p = fieldText(text, s, e);
          if (pair === null) pair = p;
          else if (p !== pair) throw new UserInputError(`${source}:${line}: ${head.fields[k]}`, `expected one symbol per file (${pair})`, p);
        }
        s = e + 1;
      }
      if (s <= le) throw new UserInputError(`${source}:${line}`, `expected ${width} fields like the header`, 'more fields');
    }
    pos = end + 1;
    line++;
  }
  if (cols.length === 0) throw new UserInputError(source, 'expected at least one data row after the header');
  const [ts, value] = cols.finish();
  if (symbol === undefined) symbol = pair !== null ? baseSymbol(pair) : '';
  return { name: 'funding_rate', symbol, ts, value, availableAt: ts.slice() };
}
