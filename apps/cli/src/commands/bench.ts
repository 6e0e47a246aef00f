import os from 'node:os';
import type { Command } from '../framework.ts';
import { getNumber, getString } from '../args.ts';
import { allBenchEntries } from '../bench/index.ts';
import { runBench } from '../bench/harness.ts';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'time the core kernels on real and synthetic data',
  usage: 'bench [--filter TEXT] [--runs N] [--warmup N] [--json]',
  details: `Each kernel's inputs are prepared once, untimed; then it runs --warmup times untimed and --runs times timed.
The median is reported with the issue's target. Entries needing ../shared/data are marked skipped when it is absent.
JSON: {"results":[{"name","median_ms","min_ms","runs","target_ms","meets_target"}], "machine":{...}}`,
  options: {
    filter: { type: 'string', arg: 'TEXT', description: 'only entries whose name contains TEXT' },
    runs: { type: 'string', arg: 'N', description: 'timed runs per entry (default from config bench.runs)' },
    warmup: { type: 'string', arg: 'N', description: 'untimed warm-up runs (default from config bench.warmup)' },
  },
  async run(ctx) {
    const { config } = ctx.config();
    const runs = getNumber(ctx, 'runs', { min: 1, integer: true }) ?? config.bench.runs;
    const warmup = getNumber(ctx, 'warmup', { min: 0, integer: true }) ?? config.bench.warmup;
    const filter = getString(ctx, 'filter');
    const entries = (await allBenchEntries()).filter((e) => !filter || e.name.includes(filter));
    const results = await runBench(entries, { runs, warmup, onStart: (n) => ctx.log(`bench ${n}`) });
    const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', version: config.bench.version };
    const text = results.map((r) => {
      const fig = r.median_ms === null ? `skipped: ${r.skipped}` : `${r.median_ms.toFixed(2)} ms`;
      const tgt = r.target_ms === null ? '' : ` (target < ${r.target_ms} ms: ${r.meets_target ? 'met' : 'MISSED'})`;
      return `${r.name.padEnd(44)} ${fig}${tgt}`;
    }).join('\n');
    return { json: { results, machine }, text };
  },
};
