/**
 * Benchmark harness: each entry prepares its inputs once (setup, untimed), then
 * `run` is timed `runs` times after `warmup` untimed calls; the median is reported.
 */
import { performance } from 'node:perf_hooks';

export interface BenchEntry<T = unknown> {
  /** Stable name, e.g. `qc.1M` or `labels.tripleBarrier.close.1M.h10_20_50`. */
  name: string;
  /** The figure the issue asks for, in ms. */
  targetMs?: number;
  /** Returns null (with a reason) when an input is missing, e.g. ../shared/data is absent. */
  setup(): Promise<T | BenchSkip> | T | BenchSkip;
  /** The timed work; a returned promise is awaited inside the timing. */
  run(input: T): unknown;
  /** Figures that are not times (a quality measure beside its anchor …), computed untimed after the runs; written as `figures` in the JSON. */
  figures?(input: T): Record<string, number | string | boolean | null>;
}

export interface BenchSkip {
  skip: string;
}

export interface BenchResult {
  name: string;
  median_ms: number | null;
  min_ms: number | null;
  runs: number;
  target_ms: number | null;
  meets_target: boolean | null;
  skipped?: string;
  /** The entry's non-time figures (BenchEntry.figures). */
  figures?: Record<string, number | string | boolean | null>;
}

function isSkip(x: unknown): x is BenchSkip {
  return typeof x === 'object' && x !== null && 'skip' in x && typeof (x as BenchSkip).skip === 'string';
}

/** A sink that keeps results alive so the JIT cannot drop the work. */
let sink: unknown;
export function keep(x: unknown): void {
  sink = x;
}

export async function runBench(entries: BenchEntry[], opts: { runs: number; warmup: number; onStart?: (name: string) => void }): Promise<BenchResult[]> {
  const out: BenchResult[] = [];
  for (const entry of entries) {
    opts.onStart?.(entry.name);
    const input = await entry.setup();
    if (isSkip(input)) {
      out.push({ name: entry.name, median_ms: null, min_ms: null, runs: 0, target_ms: entry.targetMs ?? null, meets_target: null, skipped: input.skip });
      continue;
    }
    for (let i = 0; i < opts.warmup; i++) keep(await entry.run(input));
    const times: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      const t0 = performance.now();
      const out = entry.run(input);
      keep(out instanceof Promise ? await out : out);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const mid = times.length >> 1;
    const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    const r = (x: number) => Math.round(x * 1000) / 1000;
    out.push({
      name: entry.name,
      median_ms: r(median),
      min_ms: r(times[0]),
      runs: opts.runs,
      target_ms: entry.targetMs ?? null,
      meets_target: entry.targetMs === undefined ? null : median < entry.targetMs,
      ...(entry.figures ? { figures: entry.figures(input) } : {}),
    });
  }
  void sink;
  return out;
}
