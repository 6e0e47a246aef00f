import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../run.ts';
import { reportSummaryCommand } from '../report.ts';
import { runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train report:summary [RUN_ID | --latest] [--home DIR] [--out FILE] [--json]', () => {
  it('prints a stored run\'s summary and writes one self-contained HTML file (no script, no external request)', async () => {
    const cfg = join(dir, 'tiny.yml');
    writeFileSync(cfg, 'name: tiny <b>&</b>\ndata:\n  synthetic: { days: 1 }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
    const home = join(dir, 'home');
    const run = await runInProcess(runCommand, '--config', cfg, '--json', '--store', '--home', home);
    expect(run.code).toBe(0);
    const id = (JSON.parse(run.stdout) as { run_id: string }).run_id;
    const out = join(dir, 'mail.html');
    const r = await runInProcess(reportSummaryCommand, '--latest', '--home', home, '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { run_id: string; verdict: string; html: string; baselines: unknown[] };
    expect(j.run_id).toBe(id);
    expect(j.baselines).toHaveLength(3);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|<link |src=|href="http/);
    expect(html).toContain('tiny &lt;b&gt;&amp;&lt;/b&gt;'); // user strings escaped
    for (const gate of ['Sharpe beats the baseline', 'Deflated Sharpe ratio', 'Walk-forward protocol', 'Buy and hold']) expect(html).toContain(gate);
    const byId = await runInProcess(reportSummaryCommand, id, '--home', home);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toContain(`wrote ${join(home, 'runs', id, 'report.html')}`);
  });
  it('names what is wrong: no run id, an unknown id, a home without a database — exit 2', async () => {
    const home = join(dir, 'home');
    expect((await runInProcess(reportSummaryCommand, '--home', home)).code).toBe(2);
    const unknown = await runInProcess(reportSummaryCommand, 'nope', '--home', home);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/RUN_ID.*nope/);
    expect((await runInProcess(reportSummaryCommand, '--latest', '--home', join(dir, 'empty'))).code).toBe(2);
  });
});
