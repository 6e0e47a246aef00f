/**
 * `skippy-train report:summary [RUN_ID | --latest] [--home DIR] [--out FILE] [--json]` – a stored run's
 * summary on stdout and the whole report as one self-contained HTML file (inline SVG charts, no
 * external request) that a PM can mail.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserInputError } from '@skippy/core';
import { openDatabase } from '@skippy/io/db';
import { readRunReport, runArtifactDir } from '@skippy/io/artifacts';
import { reportHtml } from '@skippy/io/html';
import { writeFileAtomic } from '@skippy/io';
import type { Command, CommandResult } from '../framework.ts';
import { workbenchHome } from '../framework.ts';
import { getString } from '../args.ts';

export const reportSummaryCommand: Command = {
  name: 'report:summary',
  summary: 'a stored run report: summary on stdout, the whole report as one self-contained HTML file to mail',
  usage: 'report:summary [RUN_ID | --latest] [--home DIR] [--out FILE] [--json]',
  details: `Reads a run stored in the workbench (<home>/skippy.db, artifacts in <home>/runs/<id>; --home defaults to
$SKIPPY_HOME or .skippy, the server's and \`run\`'s home). Writes <home>/runs/<id>/report.html unless --out names
another file: inline CSS and SVG, no script, no external request — it opens offline and survives mail.
JSON: {run_id, name, verdict, summary, failed_gates, sharpe, max_drawdown, trades, dsr, pbo, baselines, html}`,
  options: {
    latest: { type: 'boolean', description: 'the most recent finished run' },
    home: { type: 'string', arg: 'DIR', description: 'workbench state folder (default $SKIPPY_HOME or .skippy)' },
    out: { type: 'string', arg: 'FILE', description: 'where to write the HTML (default <home>/runs/<id>/report.html)' },
  },
  async run(ctx): Promise<CommandResult> {
    const home = workbenchHome(getString(ctx, 'home'));
    const dbPath = join(home, 'skippy.db');
    if (!existsSync(dbPath)) throw new UserInputError('--home', 'a workbench folder holding skippy.db (run the server or `skippy-train run --store` first)', home);
    const wantLatest = ctx.values.latest === true;
    const id = ctx.positionals[0];
    if (!id && !wantLatest) throw new UserInputError('report:summary', 'a RUN_ID or --latest', '(nothing)');
    if (id && wantLatest) throw new UserInputError('report:summary', 'either a RUN_ID or --latest, not both', `${id} --latest`);
    const db = openDatabase(dbPath);
    let runId: string;
    try {
      if (wantLatest) {
        const done = db.listRuns({ status: 'done', limit: 1 });
        if (!done.length) throw new UserInputError('--latest', 'at least one finished run in the workbench', 'none');
        runId = done[0].id;
      } else {
        if (!db.getRun(id!)) throw new UserInputError('RUN_ID', 'the id of a stored run (see the Runs page or `skippy-train report:summary --latest`)', id!);
        runId = id!;
      }
    } finally { db.close(); }
    const dir = runArtifactDir(join(home, 'runs'), runId);
    const report = readRunReport(dir);
    if (!report) throw new UserInputError('RUN_ID', 'a run that finished with a report', `${runId} (no report.json)`);
    const out = resolve(getString(ctx, 'out') ?? join(dir, 'report.html'));
    writeFileAtomic(out, reportHtml(report));
    const h = report.headline, v = report.verdict;
    const f = (x: number | null | undefined, d = 2) => (typeof x === 'number' ? x.toFixed(d) : 'n/a');
    const text = [
      `${report.name} (${runId}): ${v.decision.toUpperCase()}`,
      v.summary ?? '',
      `out of sample: Sharpe ${f(h.sharpe)}, max drawdown ${typeof h.maxDrawdown === 'number' ? `${(h.maxDrawdown * 100).toFixed(2)} %` : 'n/a'}, ${h.trades} trades, DSR ${f(h.dsr, 3)}, PBO ${f(h.pbo, 3)}`,
      ...(report.baselines ?? []).map((b) => `  ${b.label}: Sharpe ${f(b.sharpe)}, max drawdown ${typeof b.maxDrawdown === 'number' ? `${(b.maxDrawdown * 100).toFixed(2)} %` : 'n/a'}`),
      `wrote ${out}`,
    ].filter(Boolean).join('\n');
    return {
      json: {
        run_id: runId, name: report.name, verdict: v.decision, summary: v.summary ?? null, failed_gates: v.failed ?? [], sharpe: h.sharpe, max_drawdown: h.maxDrawdown,
        trades: h.trades, dsr: h.dsr, pbo: h.pbo, baselines: (report.baselines ?? []).map((b) => ({ name: b.name, sharpe: b.sharpe, max_drawdown: b.maxDrawdown })), html: out,
      },
      text,
    };
  },
};
