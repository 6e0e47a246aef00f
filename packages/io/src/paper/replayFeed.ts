/**
 * replayFeed(bars, options) – stored bars as a paper feed: one closed bar per symbol per step, in time
 * order, paced at `speed` × real time (a 1m bar every 60 s / speed; `Infinity` = no pacing, for tests and
 * `--until-end` parity checks). The clock and the sleep are parameters so tests never wait.
 */
import { UserInputError } from '@skippy/core';
import type { BarSeries } from '@skippy/core';
import type { PaperBar } from '@skippy/core/paper';

export interface ReplayFeedOptions {
  /** First bar index replayed. @default 0 */
  from?: number;
  /** End bar index (exclusive). @default all bars */
  to?: number;
  /** 1 … 1000 × real time, or Infinity (no pacing). */
  speed: number;
  intervalMs: number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  signal?: { readonly aborted: boolean };
}

/** parseSpeed(text) – `--speed`: a number in [1, 1000], or `max` (no pacing). */
export function parseSpeed(text: string | undefined): number {
  if (text === undefined) return 1;
  if (text === 'max') return Infinity;
  const v = Number(text);
  if (!Number.isFinite(v) || v < 1 || v > 1000) throw new UserInputError('--speed', 'a replay speed from 1 to 1000 (× real time) or max', text);
  return v;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function* replayFeed(bars: Record<string, BarSeries>, options: ReplayFeedOptions): AsyncGenerator<Record<string, PaperBar>> {
  const symbols = Object.keys(bars);
  if (symbols.length === 0) throw new UserInputError('replay', 'bars of at least one symbol');
  const T = bars[symbols[0]].ts.length;
  for (const s of symbols) if (bars[s].ts.length !== T) throw new UserInputError(`replay.${s}`, `${T} bars like ${symbols[0]} (aligned symbols)`, bars[s].ts.length);
  const from = options.from ?? 0, to = Math.min(options.to ?? T, T);
  const speed = options.speed;
  if (!(speed === Infinity || (speed >= 1 && speed <= 1000))) throw new UserInputError('speed', 'from 1 to 1000, or Infinity', speed);
  const sleep = options.sleep ?? defaultSleep;
  for (let t = from; t < to; t++) {
    if (options.signal?.aborted) return;
    if (t > from && speed !== Infinity) await sleep(options.intervalMs / speed);
    yield Object.fromEntries(symbols.map((s) => { const b = bars[s]; return [s, { ts: b.ts[t], open: b.open[t], high: b.high[t], low: b.low[t], close: b.close[t], volume: b.volume[t] }]; }));
  }
}
