/**
 * datasets.list|qc: the synthetic market (always available) and, when present, ingested bars.
 * QC of a synthetic series generates it (seeded); of a stored one reads that dataset's bars (its source key,
 * so a real file's QC never mixes with synthetic bars of the same symbol and interval); then runQc — in a
 * worker thread with a memory cap, one at a time, never on the server's main thread. A synthetic
 * series longer than `maxQcBars` is refused before anything is generated.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { UserInputError } from '@skippy/core';
import { BAR_INTERVAL_MS } from '@skippy/core/pipeline';
import { openDataStore } from '@skippy/io/store';
import { sharedDataDir } from '@skippy/io';
import type { CcxtInput, ConfigService, DatasetInfo, DatasetService, FileIngestInput, QcInput } from './types.ts';
import type { QcJob, QcMessage } from '../worker/qcWorker.ts';
import type { IngestJob, IngestMessage } from '../worker/ingestProtocol.ts';
import { listSharedFiles, sharedFilePath, type SharedFile } from './sharedData.ts';

const BOOT = fileURLToPath(new URL('../worker/boot.mjs', import.meta.url));
const ENTRY = new URL('../worker/qcWorker.ts', import.meta.url).href;
const INGEST_ENTRY = new URL('../worker/ingestWorker.ts', import.meta.url).href;
const DAY_MS = 86_400_000;

/** Largest synthetic series QC generates (bars): 2 M ≈ 23 days of 1 s bars, 3.8 years of 1 m bars. */
export const MAX_QC_BARS = 2_000_000;

export interface DatasetsOptions {
  /** @default MAX_QC_BARS */
  maxQcBars?: number;
  /** Heap of the QC worker (MB). @default 2048 */
  qcHeapMb?: number;
  /** Folder of shared market data whose bar files may be ingested. @default io's sharedDataDir() (SKIPPY_SHARED_DATA or ../shared/data) */
  sharedDir?: string | null;
  /** Replaces the exchange's REST root for ccxt ingests (tests: a local Binance-format server). @default the exchange's own */
  ccxtApiUrl?: string;
  /** Minimum ms between exchange requests. @default 250 */
  ccxtRateLimitMs?: number;
  /** Clock for the default end of a ccxt request. @default Date.now */
  now?: () => number;
}

/** The worker's UserInputError again, with its own one-line message (field and value included). */
export function userError(m: { message: string; field?: string; expected?: string }, fallbackField: string): UserInputError {
  const e = new UserInputError(m.field ?? fallbackField, m.expected ?? m.message);
  if (m.field !== undefined) e.message = m.message;
  return e;
}

export class Datasets implements DatasetService {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly config: ConfigService, private readonly dataDir: string, private readonly options: DatasetsOptions = {}) {}

  async list(): Promise<DatasetInfo[]> {
    const c = this.config.current().config;
    const iv = BAR_INTERVAL_MS[c.data.bar_interval];
    const rows = Math.round((c.data.synthetic.days * 86_400_000) / iv);
    const synthetic: DatasetInfo[] = c.data.symbols.map((symbol) => ({
      id: `synthetic:${symbol}:${c.data.bar_interval}`, source: 'synthetic' as const, dataset: null, symbol, interval: c.data.bar_interval, rows, start: null, end: null,
      description: `seeded synthetic ${symbol} market (${c.data.synthetic.days} days, seed ${c.data.synthetic.seed}): GARCH volatility, jumps, correlated with BTC, L2 book, funding, OI, sentiment`,
    }));
    const stored: DatasetInfo[] = [];
    for (const e of await openDataStore(this.dataDir).listDatasets()) {
      if (e.kind !== 'bars') continue;
      stored.push({
        id: `store:${e.source}:${e.symbol}:${e.interval}`, source: 'store', dataset: e.source, symbol: e.symbol, interval: e.interval, rows: e.rows, start: e.firstTs, end: e.lastTs,
        description: `ingested bars from ${e.source} in ${this.dataDir} (${e.gaps} gaps, ${e.missingBars} missing bars)`,
      });
    }
    return [...synthetic, ...stored];
  }

  async qc(input: QcInput): Promise<unknown> {
    const intervalMs = BAR_INTERVAL_MS[input.interval];
    const c = this.config.current().config;
    const days = input.days ?? c.data.synthetic.days;
    const limit = this.options.maxQcBars ?? MAX_QC_BARS;
    if (input.source === 'synthetic') {
      const bars = Math.ceil((days * 86_400_000) / intervalMs);
      if (bars > limit) throw new UserInputError('days', `expected at most ${limit} bars for QC: ${days} days of ${input.interval} bars is ${bars}; use fewer days or a longer interval`, days);
    }
    const job: QcJob = {
      source: input.source, symbol: input.symbol, interval: input.interval, intervalMs, days, seed: input.seed ?? c.data.synthetic.seed, dataDir: this.dataDir,
      ...(input.source === 'store' && input.dataset !== undefined ? { dataset: input.dataset } : {}),
    };
    // one QC or ingest at a time: a burst of requests queues instead of multiplying the memory
    return this.enqueue(() => this.runWorker(job));
  }

  /** Bar files of the shared data folder that may be ingested (ids for ingest). */
  shared(): SharedFile[] {
    return listSharedFiles(this.sharedRoot());
  }

  /**
   * Ingests a file (an upload, or a listed shared file by id) with io's ingestFile in a worker thread, after QC of
   * the file as it is; the answer holds both. One data-directory job at a time (queued behind QC and other ingests).
   */
  async ingestFile(input: FileIngestInput): Promise<unknown> {
    const common = {
      dataDir: this.dataDir, duplicates: input.duplicates ?? 'precision',
      ...(input.symbol !== undefined ? { symbol: input.symbol } : {}), ...(input.interval !== undefined ? { interval: input.interval } : {}),
      ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
    } as const;
    let job: IngestJob;
    if (input.kind === 'shared') {
      const path = sharedFilePath(this.sharedRoot(), input.id);
      if (path === null) throw new UserInputError('id', `expected a shared file listed by datasets.shared (${this.sharedRoot() ?? 'no shared data folder'})`, input.id);
      job = { kind: 'shared', path, name: input.id.split('/').pop()!, ...common };
    } else {
      job = { kind: 'upload', name: input.name, contentBase64: input.contentBase64, ...common };
    }
    return this.enqueue(() => this.runIngestWorker(job, input.kind === 'shared' ? input.id : input.name));
  }

  /** The ccxt budget preview (dryRun: no network, nothing written) or the fetch itself, in a worker thread. */
  async ccxt(input: CcxtInput): Promise<unknown> {
    const minMs = Math.min(...input.intervals.map((i) => BAR_INTERVAL_MS[i]));
    const until = input.until ?? Math.floor((this.options.now ?? Date.now)() / minMs) * minMs;
    const since = input.since ?? until - (input.days ?? 1) * DAY_MS;
    if (!(until > since)) throw new UserInputError('until', 'expected a time after since', new Date(until).toISOString());
    const job: IngestJob = {
      kind: 'ccxt', dataDir: this.dataDir, exchange: input.exchange, symbols: input.symbols, intervals: input.intervals, since, until, limit: 1000,
      rateLimitMs: this.options.ccxtRateLimitMs ?? 250, dryRun: input.dryRun, ...(input.maxCalls !== undefined ? { maxCalls: input.maxCalls } : {}),
      ...(this.options.ccxtApiUrl ? { apiUrl: this.options.ccxtApiUrl } : {}),
    };
    return this.enqueue(() => this.runIngestWorker(job, 'ccxt'));
  }

  private sharedRoot(): string | null {
    return this.options.sharedDir !== undefined ? this.options.sharedDir : sharedDataDir();
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private runIngestWorker(job: IngestJob, field: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(BOOT, { workerData: { entry: INGEST_ENTRY, job }, resourceLimits: { maxOldGenerationSizeMb: this.options.qcHeapMb ?? 2048 } });
      let settled = false;
      const settle = (f: () => void) => { if (!settled) { settled = true; f(); void worker.terminate(); } };
      worker.on('message', (m: IngestMessage) => {
        if (m.type === 'done') settle(() => resolve(m.result));
        else settle(() => reject(m.user ? userError(m, field) : new Error(m.message)));
      });
      worker.on('error', (e) => settle(() => reject(/memory/i.test(e.message) ? new UserInputError(field, 'expected a file small enough to ingest: the ingest worker ran out of memory') : e)));
      worker.on('exit', (code) => settle(() => reject(new Error(`ingest worker stopped (exit ${code})`))));
    });
  }

  private runWorker(job: QcJob): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(BOOT, { workerData: { entry: ENTRY, job }, resourceLimits: { maxOldGenerationSizeMb: this.options.qcHeapMb ?? 2048 } });
      let settled = false;
      const settle = (f: () => void) => { if (!settled) { settled = true; f(); void worker.terminate(); } };
      worker.on('message', (m: QcMessage) => {
        if (m.type === 'done') settle(() => resolve(m.report));
        else settle(() => reject(m.user ? userError(m, job.source === 'store' ? `${job.symbol} ${job.interval}` : 'qc') : new Error(m.message)));
      });
      worker.on('error', (e) => settle(() => reject(/memory/i.test(e.message) ? new UserInputError('qc', 'expected a series small enough to check: the QC worker ran out of memory') : e)));
      worker.on('exit', (code) => settle(() => reject(new Error(`QC worker stopped (exit ${code})`))));
    });
  }
}
