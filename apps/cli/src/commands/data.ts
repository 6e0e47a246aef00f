import { UserInputError } from '@skippy/core';
import { isoUtc } from '@skippy/core/data';
import { openDataStore } from '@skippy/io/store';
import type { Command, CommandResult } from '../framework.ts';

const fmtBytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);
const fmtTs = (t: number | null) => (t === null ? '-' : isoUtc(t).replace(/:00(\.000)?Z$/, 'Z'));

export const dataCommand: Command = {
  name: 'data',
  summary: 'what the data directory holds',
  usage: 'data ls [--json] [--data-dir DIR]',
  details: `ls lists every dataset of the data directory (--data-dir, $SKIPPY_DATA_DIR, default .skippy/data):
bars per symbol and interval (rows, first/last bar open, gaps = holes between consecutive bars, bytes, sources)
and tables (book, book_events, funding, open_interest, sentiment). Layout:
  bars/source=<synthetic|file:NAME|ccxt:EXCHANGE>/symbol=<SYM>/interval=<INT>/bars.parquet (one dataset per source), tables/name=<NAME>[/symbol=<SYM>]/table.parquet, manifest.json
JSON: {"dataDir", "datasets":[{kind, symbol, interval|name, rows, firstTs, lastTs, gaps, missingBars, bytes, file, sources, coverage}]}`,
  options: {},
  async run(ctx): Promise<CommandResult> {
    const sub = ctx.positionals[0];
    if (sub !== 'ls') throw new UserInputError('data', 'expected the subcommand `ls`', sub ?? '');
    if (ctx.positionals.length > 1) throw new UserInputError('data ls', 'expected no further arguments', ctx.positionals.slice(1).join(' '));
    const datasets = await openDataStore(ctx.dataDir).listDatasets();
    const header = ['dataset', 'rows', 'first', 'last', 'gaps', 'size', 'sources'];
    const rows = datasets.map((d) => [
      d.kind === 'bars' ? `bars ${d.symbol} ${d.interval}${d.source ? ` [${d.source}]` : ''}` : `table ${d.name}${d.symbol ? ` ${d.symbol}` : ''}`,
      String(d.rows), fmtTs(d.firstTs), fmtTs(d.lastTs), d.kind === 'bars' ? String(d.gaps) : '-', fmtBytes(d.bytes), d.sources.join(','),
    ]);
    const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (r: string[]) => r.map((c, k) => (k === 1 || k === 4 || k === 5 ? c.padStart(widths[k]) : c.padEnd(widths[k]))).join('  ').trimEnd();
    const text = datasets.length === 0
      ? `${ctx.dataDir}: no datasets (add some with \`skippy-train ingest --source synthetic\`)`
      : [`${ctx.dataDir}`, line(header), ...rows.map(line)].join('\n');
    return { json: { dataDir: ctx.dataDir, datasets }, text };
  },
};
