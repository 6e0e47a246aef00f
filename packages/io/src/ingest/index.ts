/** @skippy/io/ingest – filling the data directory: synthetic market, bar files, exchanges through ccxt. */
export { ingestSynthetic } from './ingestSynthetic.ts';
export type { IngestSyntheticOptions, IngestSyntheticReport } from './ingestSynthetic.ts';
export { ingestFile, ingestFundingFile, isFundingFile } from './ingestFile.ts';
export type { IngestFileOptions } from './ingestFile.ts';
export { ingestCcxt } from './ingestCcxt.ts';
export type { IngestCcxtOptions, IngestCcxtReport, IngestCcxtItem } from './ingestCcxt.ts';
export { planFetch } from './planFetch.ts';
export type { FetchPlan, FetchPage } from './planFetch.ts';
export { resampleBars } from './resampleBars.ts';
export { bookToColumns, bookFromTable } from './bookTable.ts';
