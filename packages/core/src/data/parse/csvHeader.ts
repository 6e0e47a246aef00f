import { UserInputError } from '../../util/errors.ts';
import { scanNumber } from './scanNumber.ts';

/** The first non-blank line of a delimited text file and how to split it. */
export interface CsvHead {
  /** Delimiter char code: ',' ';' or tab, whichever the first line uses most (',' on ties). */
  delim: number;
  /** Trimmed, unquoted fields of the first non-blank line. */
  fields: string[];
  /** 1-based line number of that line. */
  line: number;
  /** Offset of the first character after that line. */
  next: number;
  /** True when every field of the first line is a number (no header: e.g. Binance kline CSV). */
  numeric: boolean;
  /** Lines skipped above the header: a URL (`https://www.CryptoDataDownload.com`) or a `#` comment. */
  preamble: string[];
}

/** A line above the header that is not data: a `#` comment or a bare URL (CryptoDataDownload exports start with one). */
export function isPreambleLine(raw: string): boolean {
  const t = raw.trim().replace(/^"(.*)"$/, '$1').trim();
  return t.startsWith('#') || /^(https?:\/\/|www\.)[^\s,;\t]*$/i.test(t);
}

/**
 * readCsvHead(text, source) finds the first non-blank line that is not a preamble line (a URL or a
 * `#` comment, see isPreambleLine; those are returned in `preamble`). Quoted fields may not contain the
 * delimiter (market data files do not need it). Throws a UserInputError for an empty file.
 */
export function readCsvHead(text: string, source: string): CsvHead {
  let pos = 0;
  let line = 1;
  const preamble: string[] = [];
  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end === -1) end = text.length;
    const raw = text.slice(pos, end).replace(/\r$/, '');
    if (raw.trim() !== '' && isPreambleLine(raw)) preamble.push(raw.trim());
    else if (raw.trim() !== '') {
      const counts = [',', ';', '\t'].map((d) => raw.split(d).length - 1);
      const delim = counts[1] > counts[0] && counts[1] >= counts[2] ? ';' : counts[2] > counts[0] ? '\t' : ',';
      const fields = raw.split(delim).map((f) => f.trim().replace(/^"(.*)"$/, '$1').trim());
      const numeric = fields.every((f) => f !== '' && !Number.isNaN(scanNumber(f, 0, f.length)));
      return { delim: delim.charCodeAt(0), fields, line, next: end + 1, numeric, preamble };
    }
    pos = end + 1;
    line++;
  }
  throw new UserInputError(source, 'expected a CSV header and data rows; the file is empty');
}

/** Header name normalised for matching: lower case, spaces and dashes as '_'. */
export function normaliseHeader(name: string): string {
  return name.toLowerCase().trim().replace(/[\s-]+/g, '_');
}
