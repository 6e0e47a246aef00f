import { readFileSync } from 'node:fs';
import { UserInputError } from '@skippy/core';
import type { TripleBarrierOptions, VolatilitySpec } from '@skippy/core/labels';
import {
  cusumEvents, labelQualityReport, labelsConfigToOptions, labelsToCsv, movingAverageSide, parseSideCsv, tripleBarrierLabels, validateLabelInput,
} from '@skippy/core/labels';
import { writeFileAtomic } from '@skippy/io';
import type { Command } from '../framework.ts';
import { getChoice, getNumber, getNumberList, getOutputFile, getString, parseNumberFlag, requireString } from '../args.ts';
import { loadMarketInput } from './features.ts';

/** "atr:20[:wilder|sma]" | "std:100" */
function parseVol(raw: string): VolatilitySpec {
  const parts = raw.split(':');
  const expected = 'expected atr:WINDOW[:wilder|sma] or std:WINDOW, e.g. atr:20 or std:100';
  if (parts[0] === 'atr' && parts.length <= 3) {
    const window = parts[1] === undefined ? 20 : parseNumberFlag('vol', parts[1], { integer: true, min: 1 });
    const smoothing = parts[2] ?? 'wilder';
    if (smoothing !== 'wilder' && smoothing !== 'sma') throw new UserInputError('--vol', expected, raw);
    return { kind: 'atr', window, smoothing };
  }
  if (parts[0] === 'std' && parts.length <= 2) return { kind: 'std', window: parts[1] === undefined ? 100 : parseNumberFlag('vol', parts[1], { integer: true, min: 2 }) };
  throw new UserInputError('--vol', expected, raw);
}

function readText(path: string, flag: string): string {
  try { return readFileSync(path, 'utf8'); } catch { throw new UserInputError(flag, 'expected a readable file', path); }
}

export const labelsCommand: Command = {
  name: 'labels',
  summary: 'triple-barrier labels (AFML ch. 3) with meta-labels and a label quality report',
  usage: 'labels --input PATH --vol atr:20[:wilder|sma] | std:100 --multiplier 2 --pt 1 --sl 1 --max-hold 10,20,50 --touch close|high-low [--side rule:ma:20 | --side-file PATH] [--events all|cusum:H] --min-ret 0.001 --out labels.csv [--json]',
  details: `Events: every bar where the target is defined (or CUSUM events on log returns with --events cusum:H).
Target trgt_t = multiplier × vol_t: atr = ATR_t/c_t (Wilder: first value at t = window), std = sample std of
1-bar simple returns over the window. Events with trgt < --min-ret are skipped and counted.
Barriers on the (side-adjusted) simple return from c_t0: +pt·trgt, −sl·trgt (0 disables one), vertical at
t0 + h bars; events whose vertical barrier lies beyond the data are dropped and counted.
--touch close: path c_{t0+1..t0+h}, strict inequalities; high-low: the bar's high/low, a bar crossing both is
resolved stop-loss first (config labels.ambiguity) and counted; ret of a high-low touch is the barrier return.
First touch wins; a touch on the vertical-barrier bar counts as that horizontal barrier. label = +1 pt, −1 sl,
0 vb. With a side (--side rule:ma:W: +1 when c_t > SMA_W, −1 below, 0 equal/warm-up; or --side-file CSV with
"ts,side" or "side", one row per bar), ret is side-adjusted, meta = 1 if ret > 0 else 0, side 0 is skipped.
CSV: horizon,t0,t1,t0_idx,t1_idx,barrier(pt|sl|vb),ret,label,trgt[,side,meta]; t0/t1 epoch ms (bar open).
--json prints the quality report (per horizon: counts, hit rates, holding bars mean/median/p90, returns per
label, ambiguous bars, dropped by reason, AFML ch. 4 average uniqueness and return-attribution weights).
Defaults come from config labels.*.`,
  options: {
    input: { type: 'string', arg: 'PATH', description: 'bars (JSON/CSV/kline CSV/Parquet, plain or .gz) or a Binance capture' },
    vol: { type: 'string', arg: 'SPEC', description: 'atr:20[:wilder|sma] | std:100 (default config labels.volatility)' },
    multiplier: { type: 'string', arg: 'X', description: 'trgt = multiplier × volatility (default 2)' },
    pt: { type: 'string', arg: 'X', description: 'profit-take multiple of trgt (0 disables)' },
    sl: { type: 'string', arg: 'X', description: 'stop-loss multiple of trgt (0 disables)' },
    'max-hold': { type: 'string', arg: 'LIST', description: 'vertical barriers in bars, e.g. 10,20,50' },
    touch: { type: 'string', arg: 'MODE', description: 'close | high-low' },
    side: { type: 'string', arg: 'RULE', description: 'primary side rule: rule:ma:W' },
    'side-file': { type: 'string', arg: 'PATH', description: 'CSV with ts,side (or side) per bar' },
    events: { type: 'string', arg: 'SPEC', description: 'all | cusum:H (default config labels.events)' },
    'min-ret': { type: 'string', arg: 'X', description: 'skip events with trgt below this' },
    out: { type: 'string', arg: 'PATH', description: 'labels CSV' },
  },
  async run(ctx) {
    const { config } = ctx.config();
    const inputPath = requireString(ctx, 'input', 'a bar file');
    const opts: TripleBarrierOptions = labelsConfigToOptions(config.labels);
    const volRaw = getString(ctx, 'vol');
    if (volRaw !== undefined) opts.volatility = parseVol(volRaw);
    opts.multiplier = getNumber(ctx, 'multiplier', { min: 0, exclusiveMin: true }) ?? opts.multiplier;
    opts.pt = getNumber(ctx, 'pt', { min: 0 }) ?? opts.pt;
    opts.sl = getNumber(ctx, 'sl', { min: 0 }) ?? opts.sl;
    const hold = getNumberList(ctx, 'max-hold', { integer: true, min: 0, exclusiveMin: true });
    if (hold) opts.horizons = hold;
    const touch = getChoice(ctx, 'touch', ['close', 'high-low'] as const);
    if (touch) opts.touch = touch === 'high-low' ? 'high_low' : 'close';
    opts.minReturn = getNumber(ctx, 'min-ret', { min: 0 }) ?? opts.minReturn;
    const out = getOutputFile(ctx, 'out');

    const { input } = await loadMarketInput(inputPath, undefined, undefined);
    const bars = input.bars;
    validateLabelInput(bars, opts, inputPath);

    const sideRule = getString(ctx, 'side');
    const sideFile = getString(ctx, 'side-file');
    if (sideRule && sideFile) throw new UserInputError('--side', 'expected either --side or --side-file, not both', sideRule);
    if (sideRule) {
      const m = /^rule:ma:(\d+)$/.exec(sideRule);
      if (!m || Number(m[1]) < 1) throw new UserInputError('--side', 'expected rule:ma:WINDOW, e.g. rule:ma:20', sideRule);
      const w = Number(m[1]);
      if (w >= bars.ts.length) throw new UserInputError('--side', `expected a window shorter than the data (${bars.ts.length} bars)`, sideRule);
      opts.side = movingAverageSide(bars.close, w);
    } else if (sideFile) {
      opts.side = parseSideCsv(readText(sideFile, '--side-file'), bars.ts, sideFile);
    }
    const evRaw = getString(ctx, 'events');
    const ev = evRaw === undefined ? config.labels.events : evRaw === 'all' ? { kind: 'all' as const } : /^cusum:/.test(evRaw)
      ? { kind: 'cusum' as const, threshold: parseNumberFlag('events', evRaw.slice(6), { min: 0, exclusiveMin: true }) }
      : (() => { throw new UserInputError('--events', 'expected all or cusum:H, e.g. cusum:0.01', evRaw); })();
    if (ev.kind === 'cusum') opts.events = cusumEvents(bars.close, ev.threshold);

    const sets = tripleBarrierLabels(bars, opts);
    if (out) writeFileAtomic(out, labelsToCsv(sets));
    const report = labelQualityReport(sets, bars.close);
    const json = {
      input: inputPath, symbol: bars.symbol, out: out ?? null,
      options: { volatility: opts.volatility, multiplier: opts.multiplier, pt: opts.pt, sl: opts.sl, horizons: opts.horizons, touch: opts.touch, ambiguity: opts.ambiguity, min_return: opts.minReturn, events: ev, side: sideRule ?? (sideFile ? `file:${sideFile}` : null) },
      ...report,
    };
    const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)}%`);
    const text = [
      `${bars.ts.length} bars of ${bars.symbol}${out ? ` → ${out}` : ' (no --out: nothing written)'}`,
      ...report.horizons.map((h) => `  h=${h.horizon}: ${h.labels} labels (+1 ${h.counts['1']}, 0 ${h.counts['0']}, −1 ${h.counts['-1']}); pt ${pct(h.hit_rates.pt)} sl ${pct(h.hit_rates.sl)} vb ${pct(h.hit_rates.vb)}; `
        + `hold mean ${h.holding_bars.mean?.toFixed(2) ?? '–'} median ${h.holding_bars.median ?? '–'} p90 ${h.holding_bars.p90 ?? '–'}; uniqueness ${h.avg_uniqueness?.toFixed(3) ?? '–'}; `
        + `ambiguous ${h.ambiguous_bars}; dropped ${Object.entries(h.dropped).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`),
    ].join('\n');
    return { json, text };
  },
};
