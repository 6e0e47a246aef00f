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
import type { ConfigService, DatasetInfo, DatasetService, QcInput } from './types.ts';
import type { QcJob, QcMessage } from '../worker/qcWorker.ts';

const BOOT = fileURLToPath(new URL('../worker/boot.mjs', import.meta.url));
const ENTRY = new URL('../worker/qcWorker.ts', import.meta.url).href;

/** Largest synthetic series QC generates (bars): 2 M ≈ 23 days of 1 s bars, 3.8 years of 1 m bars. */
export const MAX_QC_BARS = 2_000_000;

export interface DatasetsOptions {
  /** @default MAX_QC_BARS */
  maxQcBars?: number;
  /** Heap of the QC worker (MB). @default 2048 */
  qcHeapMb?: number;
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
    // one QC at a time: a burst of requests queues instead of multiplying the memory
    const result = this.chain.then(() => this.runWorker(job));
    this.chain = result.catch(() => undefined);
    return result;
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
