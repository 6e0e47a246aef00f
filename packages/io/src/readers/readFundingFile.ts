import { basename } from 'node:path';
import type { TimeSeries } from '@skippy/core/data';
import { parseFundingCsv } from '@skippy/core/data';
import { UserInputError } from '@skippy/core';
import { decodeText, readFileBytes } from './decodeText.ts';
import { symbolFromFileName } from './fileNames.ts';

export interface ReadFundingFileOptions {
  /** Zone of the file's naive timestamps; the shared funding files are "+03:00". @default "UTC" */
  timezone?: string;
  /** Symbol; from the Symbol column, else the file name, when omitted. */
  symbol?: string;
}

/**
 * readFundingFile(path, options) → TimeSeries "funding_rate" (ts = settlement time UTC,
 * availableAt = ts). Plain or gzip CSV `Symbol,Date,Funding Rate`.
 */
export async function readFundingFile(path: string, options: ReadFundingFileOptions = {}): Promise<TimeSeries> {
  const bytes = readFileBytes(path);
  if (bytes.length === 0) throw new UserInputError(basename(path), 'expected a funding-rate CSV; the file is empty');
  const series = parseFundingCsv(decodeText(bytes, path), {
    source: basename(path),
    ...(options.timezone !== undefined ? { timezone: options.timezone } : {}),
    ...(options.symbol !== undefined ? { symbol: options.symbol } : {}),
  });
  if (!series.symbol) series.symbol = symbolFromFileName(path);
  return series;
}
