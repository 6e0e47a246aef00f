import { UserInputError } from '@skippy/core';
import { INTERVAL_MS, isoUtc } from '@skippy/core/data';
import { openDataStore } from '@skippy/io/store';
import type { DataStore, WriteBarsResult } from '@skippy/io/store';
import { DUPLICATE_RULES, parseDuplicateRule } from '@skippy/core/qc';
import { ingestCcxt, ingestFile, ingestFundingFile, ingestSynthetic, isFundingFile } from '@skippy/io/ingest';
import type { Command, CliContext, CommandResult, Progress } from '../framework.ts';
import { getChoice, getList, getNumber, getString, requireString } from '../args.ts';

const SOURCES = ['synthetic', 'file', 'ccxt'] as const;
const DAY_MS = 86_400_000;

/** "2024-01-01", "2024-01-01T12:00", "2024-01-01T12:00:00Z" (naive = UTC) or epoch ms → epoch ms. */
function parseDate(flag: string, raw: string): number {
  const s = raw.trim();
  if (/^\d{10,13}$/.test(s)) return Number(s);
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:\d{2})?$/.exec(s);
  const t = m ? Date.parse(`${m[1]}T${m[2] ?? '00:00'}${m[2] && m[2].length === 5 ? ':00' : ''}${m[3] ?? 'Z'}`) : NaN;
  if (!Number.isFinite(t)) throw new UserInputError(`--${flag}`, 'expected a UTC date such as 2024-01-01 or 2024-01-01T12:00Z (or epoch ms)', raw);
  return t;
}

/** Most bars one synthetic series may have: its columns are held in memory (≈ 50 bytes a bar), so 20 M ≈ 1 GB. */
export const MAX_SYNTHETIC_BARS = 20_000_000;

/** Refuses a synthetic ingest whose series would not fit in memory (3650 days of 1s bars grew past 2.4 GB in 25 s). */
function checkSyntheticSize(days: number, ivs: readonly string[]): void {
  for (const iv of ivs) {
    const ms = INTERVAL_MS[iv];
    if (ms === undefined) continue;
    const bars = Math.ceil((days * 86_400_000) / ms);
    if (bars > MAX_SYNTHETIC_BARS) {
      const maxDays = Math.floor((MAX_SYNTHETIC_BARS * ms) / 86_400_000);
      throw new UserInputError('--days', `expected at most ${maxDays} days of ${iv} bars (${(MAX_SYNTHETIC_BARS / 1e6).toFixed(0)} million bars a series)`, days,
        `${(bars / 1e6).toFixed(1)} million bars: use fewer days or a longer --bars interval`);
    }
  }
}

function intervals(ctx: CliContext, fallback: string): string[] {
  const list = getList(ctx, 'bars') ?? [fallback];
  if (list.length === 0) throw new UserInputError('--bars', 'expected a comma-separated list of intervals such as 1m,5m');
  for (const b of list) if (INTERVAL_MS[b] === undefined) throw new UserInputError('--bars', `expected intervals among ${Object.keys(INTERVAL_MS).join(', ')}`, b);
  return [...new Set(list)];
}

function symbols(ctx: CliContext, fallback: string[]): string[] {
  const list = (getList(ctx, 'symbols') ?? fallback).map((s) => s.toUpperCase());
  for (const s of list) if (!/^[A-Z0-9]{2,12}$/.test(s)) throw new UserInputError('--symbols', 'expected base symbols such as BTC,ETH', s);
  return list;
}

const fmtTs = (t: number | null) => (t === null ? '-' : isoUtc(t));

/** How the file's repeated timestamps were resolved, in words: the rule, how many it resolved, how many disagreed and by how much. */
export function duplicatesLine(d: WriteBarsResult['duplicates']): string {
  if (d.times === 0) return `  duplicates: none (rule ${d.rule} not needed)`;
  const rel = d.max_rel_diff, worst = Object.keys(rel).reduce<string | null>((a, k) => (a === null || rel[k] > rel[a] ? k : a), null);
  const by = d.ohlc_differ > 0 && worst !== null ? `, at most ${(rel[worst] * 100).toPrecision(2)} % apart (${worst}${d.largest ? ` at ${d.largest.iso}` : ''})` : '';
  return `  duplicates: rule ${d.rule} resolved ${d.times} repeated time(s), ${d.rows_dropped} row(s) dropped; ${d.ohlc_differ} disagreed on OHLC${by}, ${d.ohlc_identical} identical; ${d.kept_not_first} kept a row other than the first\n`
    + `    rule ${d.rule}: ${d.rule_text} (--duplicates ${DUPLICATE_RULES.join('|')})`;
}

/** How to pick another source; printed after every synthetic ingest. */
const SOURCE_HINT = [
  'other sources:',
  '  an exchange: skippy-train ingest --source ccxt --exchange binance --symbols BTC --bars 1m --days 7 (add --dry-run to see the API calls first)',
  '  a file:      skippy-train ingest --source file --input PATH (OHLCV JSON/CSV/kline CSV/Parquet, plain or .gz; or a funding-rate CSV)',
];

/** The store with its writes counted into a progress bar (synthetic ingest reports no progress of its own). */
function countingWrites(store: DataStore, bar: Progress): DataStore {
  let done = 0;
  const tick = <T>(p: Promise<T>): Promise<T> => p.then((v) => { bar.update(++done); return v; });
  return new Proxy(store, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof v !== 'function') return v;
      const fn = v as (...a: unknown[]) => unknown;
      if (key === 'writeBars' || key === 'writeTable' || key === 'writeSeries') return (...a: unknown[]) => tick(fn.apply(target, a) as Promise<unknown>);
      return fn.bind(target);
    },
  });
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary: 'fill the data directory: the seeded synthetic market, a bar file, or an exchange through ccxt',
  usage: `ingest --source synthetic [--symbols BTC,ETH] [--bars 1m,5m] [--days 30] [--seed 42] [--no-tables] [--json]
       skippy-train ingest --source file --input PATH [--symbols BTC] [--bars 1m] [--timezone +03:00] [--duplicates precision|first|last] [--json]
       skippy-train ingest --source ccxt [--symbols BTC,ETH] [--bars 1m] [--since DATE --until DATE | --days N] [--max-calls N] [--dry-run] [--rate-limit-ms N] [--json]`,
  details: `Data lands in the data directory (--data-dir, $SKIPPY_DATA_DIR, default .skippy/data) as Parquet,
one file per partition: bars/symbol=<SYM>/interval=<INT>/bars.parquet, tables/name=<NAME>[/symbol=<SYM>]/table.parquet,
plus manifest.json. Writes merge with what is stored (dedupe by bar open time, incoming rows win) and are atomic:
a failed or interrupted ingest never loses or half-writes stored data.
synthetic: defaults from the config (data.symbols, data.synthetic.days/seed). Also writes the book (close
  snapshots), book events, funding, open interest and sentiment tables unless --no-tables. 5m is resampled from 1m.
file: any bar file readBarsFile understands (JSON/.gz/CSV/kline CSV/Parquet); symbol and interval from the
  name unless --symbols/--bars say otherwise. A funding-rate CSV (Symbol,Date,Funding Rate) goes to the table
  funding/<SYM>, merged by time; give its zone with --timezone (the shared files are +03:00). Rows of the file that
  share a bar time are resolved by --duplicates before the merge: precision (default: the row with the most decimal
  places, e.g. the full-precision twin of a rounded export row), first or last in file order; the result says which
  rule ran, how many times it resolved and how many of them disagreed on OHLC (and by how much).
ccxt: incremental — only bars missing from the store in [--since, --until) are requested (default --until: the
  last complete bar; default --since: --until minus --days, 1 day). One call fetches up to --limit bars
  (1000); calls = Σ ceil(missing bars / limit) per missing range. --dry-run prints that number without any
  network call. --max-calls stops cleanly after N calls and stores what was fetched. ccxt is loaded only here.
JSON: synthetic/file {source, bars:[{symbol, interval, added, replaced, rows, file, duplicates?}], tables?} (file: duplicates =
  {rule, rule_text, times, rows_dropped, kept_not_first, ohlc_identical, ohlc_differ, max_abs_diff, max_rel_diff, largest}); ccxt the call report
  {plannedCalls, calls, marketCalls, budget, budgetExhausted, skippedCalls, items:[{symbol, interval, missingBars, plannedCalls, calls, fetchedBars, added}]}.`,
  options: {
    source: { type: 'string', arg: 'SRC', description: 'synthetic | file | ccxt (default synthetic: the seeded synthetic market; say ccxt or file for real data)' },
    symbols: { type: 'string', arg: 'LIST', description: 'comma-separated base symbols (default from the config: data.symbols)' },
    bars: { type: 'string', arg: 'LIST', description: 'comma-separated intervals, e.g. 1m,5m (default data.bar_interval)' },
    input: { type: 'string', arg: 'PATH', description: 'bar file (or funding-rate CSV) for --source file' },
    kind: { type: 'string', arg: 'KIND', description: '--source file: bars | funding (default: funding when the CSV header names a funding rate)' },
    timezone: { type: 'string', arg: 'TZ', description: 'zone of naive CSV timestamps (--source file), e.g. +03:00' },
    duplicates: { type: 'string', arg: 'RULE', description: '--source file: which row of a repeated bar time is kept: precision (most decimals; default) | first | last' },
    days: { type: 'string', arg: 'N', description: 'synthetic: length in days (default data.synthetic.days); ccxt: range length when --since is absent (default 1)' },
    seed: { type: 'string', arg: 'N', description: 'synthetic seed (default data.synthetic.seed)' },
    'no-tables': { type: 'boolean', description: 'synthetic: bars only (no book/funding/OI/sentiment tables)' },
    since: { type: 'string', arg: 'DATE', description: 'ccxt: first bar open (UTC date/time or epoch ms)' },
    until: { type: 'string', arg: 'DATE', description: 'ccxt: end of range, exclusive (default: last complete bar)' },
    'max-calls': { type: 'string', arg: 'N', description: 'ccxt: call budget; stop cleanly when reached' },
    'dry-run': { type: 'boolean', description: 'ccxt: print how many calls the request would cost; fetch nothing' },
    'rate-limit-ms': { type: 'string', arg: 'N', description: 'ccxt: minimum ms between requests', default: '250' },
    limit: { type: 'string', arg: 'N', description: 'ccxt: bars per call', default: '1000' },
    exchange: { type: 'string', arg: 'ID', description: 'ccxt exchange id', default: 'binance' },
    quote: { type: 'string', arg: 'CCY', description: 'ccxt: quote currency', default: 'USDT' },
    'api-url': { type: 'string', arg: 'URL', description: 'ccxt: replace the exchange REST root (e.g. a local mirror)' },
  },
  async run(ctx): Promise<CommandResult> {
    const source = getChoice(ctx, 'source', SOURCES, 'synthetic')!;
    const duplicates = parseDuplicateRule(getString(ctx, 'duplicates'), '--duplicates');
    if (getString(ctx, 'duplicates') !== undefined && source !== 'file') throw new UserInputError('--duplicates', 'expected --source file (a synthetic or exchange series has one row per bar time)', getString(ctx, 'duplicates'));
    const { config } = ctx.config();
    const store = openDataStore(ctx.dataDir);
    if (source === 'synthetic') {
      const days = getNumber(ctx, 'days', { min: 0, exclusiveMin: true, max: 3650 }) ?? config.data.synthetic.days;
      const seed = getNumber(ctx, 'seed', { integer: true, min: 0 }) ?? config.data.synthetic.seed;
      const syms = symbols(ctx, config.data.symbols), ivs = intervals(ctx, config.data.bar_interval), tables = ctx.values['no-tables'] !== true;
      checkSyntheticSize(days, ivs);
      const explicit = getString(ctx, 'source') !== undefined;
      if (!ctx.json) ctx.log(`source: synthetic${explicit ? '' : ' (the default; --source ccxt or --source file --input PATH for real data)'}, seed ${seed}, ${days} day(s) → ${ctx.dataDir}`);
      const bar = ctx.progress('ingest', syms.length * ivs.length + (tables ? syms.length * 4 + 1 : 0));
      const r = await ingestSynthetic(countingWrites(store, bar), { symbols: syms, intervals: ivs, days, seed, tables });
      bar.finish();
      const lines = [`ingested ${r.source} into ${ctx.dataDir}`,
        `  source: synthetic — the seeded synthetic market (seed ${seed}, ${days} day(s))${explicit ? '' : ', the default when --source is not given'}; no exchange or file was read`,
        ...r.bars.map((b) => `  bars ${b.symbol} ${b.interval}: +${b.added} new, ${b.replaced} replaced, ${b.rows} rows → ${b.file}`),
        ...r.tables.map((t) => `  table ${t.name}${t.symbol ? ` ${t.symbol}` : ''}: ${t.rows} rows → ${t.file}`),
        '',
        ...SOURCE_HINT];
      return { json: { dataDir: ctx.dataDir, source_kind: 'synthetic', source_default: !explicit, ...r, how_to_pick_a_source: SOURCE_HINT.slice(1).map((l) => l.trim()) }, text: lines.join('\n') };
    }
    if (source === 'file') {
      const input = requireString(ctx, 'input', 'a bar file');
      const syms = getList(ctx, 'symbols');
      if (syms && syms.length > 1) throw new UserInputError('--symbols', 'expected one symbol with --source file', syms.join(','));
      const bars = getList(ctx, 'bars');
      if (bars && bars.length > 1) throw new UserInputError('--bars', 'expected one interval with --source file', bars.join(','));
      const iv = bars ? intervals(ctx, '1m')[0] : undefined;
      const tz = getString(ctx, 'timezone');
      const kind = getChoice(ctx, 'kind', ['bars', 'funding'] as const) ?? (isFundingFile(input) ? 'funding' : 'bars');
      if (kind === 'funding') {
        const f = await ingestFundingFile(store, input, { ...(syms ? { symbol: symbols(ctx, [])[0] } : {}), ...(tz ? { timezone: tz } : {}) });
        return { json: { dataDir: ctx.dataDir, source: `file:${input}`, tables: [f] }, text: `ingested ${input}: table funding ${f.symbol}: +${f.added} new, ${f.replaced} replaced, ${f.rows} rows → ${f.file}` };
      }
      const r = await ingestFile(store, input, { ...(syms ? { symbol: symbols(ctx, [])[0] } : {}), ...(iv ? { intervalMs: INTERVAL_MS[iv] } : {}), ...(tz ? { timezone: tz } : {}), duplicates });
      const text = [`ingested ${input}: bars ${r.symbol} ${r.interval} [${r.dataset}]: +${r.added} new, ${r.replaced} replaced, ${r.rows} rows → ${r.file}`, duplicatesLine(r.duplicates)];
      return { json: { dataDir: ctx.dataDir, source: `file:${input}`, bars: [r] }, text: text.join('\n') };
    }
    const until = getString(ctx, 'until') !== undefined ? parseDate('until', getString(ctx, 'until')!) : undefined;
    const days = getNumber(ctx, 'days', { min: 0, exclusiveMin: true, max: 3650 }) ?? 1;
    const ivs = intervals(ctx, config.data.bar_interval);
    const minMs = Math.min(...ivs.map((i) => INTERVAL_MS[i]));
    const end = until ?? Math.floor(Date.now() / minMs) * minMs;
    const since = getString(ctx, 'since') !== undefined ? parseDate('since', getString(ctx, 'since')!) : end - days * DAY_MS;
    const maxCalls = getNumber(ctx, 'max-calls', { integer: true, min: 0 });
    const apiUrl = getString(ctx, 'api-url');
    const r = await ingestCcxt(store, {
      symbols: symbols(ctx, config.data.symbols), intervals: ivs, since, until: end,
      exchange: getString(ctx, 'exchange') ?? 'binance', quote: getString(ctx, 'quote') ?? 'USDT',
      limit: getNumber(ctx, 'limit', { integer: true, min: 1 }) ?? 1000,
      rateLimitMs: getNumber(ctx, 'rate-limit-ms', { min: 0 }) ?? 250,
      ...(maxCalls !== undefined ? { maxCalls } : {}), ...(apiUrl ? { apiUrl } : {}),
      dryRun: ctx.values['dry-run'] === true,
      onProgress: (m) => ctx.log(m),
    });
    const head = r.dryRun
      ? `dry run: ${r.plannedCalls} call(s) would fetch the missing bars of [${fmtTs(r.since)}, ${fmtTs(r.until)}) (+1 market-list call if any)`
      : `${r.source}: ${r.calls} call(s) spent of ${r.plannedCalls} planned (+${r.marketCalls} market-list)${r.budgetExhausted ? `; budget of ${r.budget} reached, ${r.skippedCalls} call(s) left — run again to continue` : ''}`;
    const rows = r.items.map((i) => `  ${i.market} ${i.interval}: ${i.missingBars} bars missing → ${i.plannedCalls} call(s)${r.dryRun ? '' : `; made ${i.calls}, fetched ${i.fetchedBars}, +${i.added} new`}`);
    return { json: { dataDir: ctx.dataDir, ...r }, text: [head, ...rows].join('\n') };
  },
};
