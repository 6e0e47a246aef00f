import os from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@skippy/io/db';
import type { Command } from '../framework.ts';
import { workbenchHome } from '../framework.ts';
import { UserInputError } from '@skippy/core';
import { getNumber, getString } from '../args.ts';
import { allBenchEntries } from '../bench/index.ts';
import { runBench } from '../bench/harness.ts';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'time the core kernels on real and synthetic data',
  usage: 'bench [--filter TEXT] [--runs N] [--warmup N] [--record [--version LABEL] [--home DIR]] [--json]',
  details: `Each kernel's inputs are prepared once, untimed; then it runs --warmup times untimed and --runs times timed.
The median is reported with the issue's target. Entries needing ../shared/data are marked skipped when it is absent.
JSON: {"results":[{"name","median_ms","min_ms","runs","target_ms","meets_target"}], "machine":{...}}
--record stores the figures as a benchmark version (label from --version, default config bench.version) in the
workbench database (<home>/skippy.db), where the web app's Compare page shows versions side by side.`,
  options: {
    filter: { type: 'string', arg: 'TEXT', description: 'only entries whose name contains TEXT' },
    runs: { type: 'string', arg: 'N', description: 'timed runs per entry (default from config bench.runs)' },
    warmup: { type: 'string', arg: 'N', description: 'untimed warm-up runs (default from config bench.warmup)' },
    record: { type: 'boolean', description: 'store the figures as a benchmark version in the workbench database' },
    version: { type: 'string', arg: 'LABEL', description: 'benchmark version label for --record (default config bench.version)' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder for --record (default $SKIPPY_HOME or .skippy)' },
  },
  async run(ctx) {
    const { config } = ctx.config();
    const runs = getNumber(ctx, 'runs', { min: 1, integer: true }) ?? config.bench.runs;
    const warmup = getNumber(ctx, 'warmup', { min: 0, integer: true }) ?? config.bench.warmup;
    const filter = getString(ctx, 'filter');
    const entries = (await allBenchEntries()).filter((e) => !filter || e.name.includes(filter));
    const results = await runBench(entries, { runs, warmup, onStart: (n) => ctx.log(`bench ${n}`) });
    const version = getString(ctx, 'version') ?? config.bench.version;
    const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', version };
    let recorded: string | null = null;
    if (ctx.values.record === true) {
      const measured = results.flatMap((r) => (r.median_ms === null ? [] : [{ name: r.name, median_ms: r.median_ms, runs: r.runs, ...(r.target_ms !== null ? { targetMs: r.target_ms } : {}) }]));
      if (measured.length === 0) throw new UserInputError('--record', 'expected at least one measured kernel (every entry was filtered out or skipped)');
      const dbPath = join(workbenchHome(getString(ctx, 'home')), 'skippy.db');
      const db = openDatabase(dbPath);
      try {
        db.putBenchVersion({ version, createdAt: Date.now(), results: measured });
      } finally {
        db.close();
      }
      recorded = dbPath;
    }
    const text = results.map((r) => {
      const fig = r.median_ms === null ? `skipped: ${r.skipped}` : `${r.median_ms.toFixed(2)} ms`;
      const tgt = r.target_ms === null ? '' : ` (target < ${r.target_ms} ms: ${r.meets_target ? 'met' : 'MISSED'})`;
      return `${r.name.padEnd(44)} ${fig}${tgt}`;
    }).join('\n');
    const note = recorded ? `\nrecorded as benchmark version ${JSON.stringify(version)} in ${recorded}` : '';
    return { json: { results, machine, ...(recorded ? { recorded: { version, database: recorded } } : {}) }, text: text + note };
  },
};
