/** Jobs and answers of the ingest worker (ingestWorker.ts); every field was validated by the datasets router. */
export interface IngestFileJob {
  dataDir: string;
  /** File name (validated: letters, digits, . _ -); the dataset's source key comes from it (file:<name without extensions>). */
  name: string;
  duplicates: 'precision' | 'first' | 'last';
  symbol?: string;
  interval?: string;
  timezone?: string;
}

export type IngestJob =
  | (IngestFileJob & { kind: 'shared'; path: string })
  | (IngestFileJob & { kind: 'upload'; contentBase64: string })
  | {
    kind: 'ccxt'; dataDir: string; exchange: string; symbols: string[]; intervals: string[]; since: number; until: number; limit: number;
    rateLimitMs: number; dryRun: boolean; maxCalls?: number; apiUrl?: string;
  };

export type IngestMessage = { type: 'done'; result: unknown } | { type: 'error'; user: boolean; message: string; field?: string; expected?: string };
