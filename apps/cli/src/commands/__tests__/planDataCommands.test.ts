/** The plan's data commands as written, on the embedded default: ingest (source stated), qc --report (whole data directory), features on the store. */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestCommand } from '../ingest.ts';
import { qcCommand, qcReportHtml, findingsText } from '../qc.ts';
import { featuresCommand } from '../features.ts';
import { runInProcess } from './cliHarness.ts';

let dir: string, data: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-plan-data-'));
  data = join(dir, 'data');
  const r = await runInProcess(ingestCommand, '--symbols', 'BTC,ETH', '--bars', '1m,5m', '--days', '1', '--data-dir', data);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('source: synthetic');
  expect(r.stdout).toContain('the default when --source is not given');
  expect(r.stdout).toContain('--source ccxt --exchange binance');
  expect(r.stdout).toContain('--source file --input PATH');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest --symbols BTC,ETH --bars 1m,5m', () => {
  it('--json says which source it used and how to pick another', async () => {
    const r = await runInProcess(ingestCommand, '--symbols', 'BTC', '--bars', '1m', '--days', '1', '--no-tables', '--data-dir', data, '--json');
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ source_kind: 'synthetic', source_default: true, source: 'synthetic:seed=42' });
    expect(j.how_to_pick_a_source.join(' ')).toContain('--source ccxt');
  });
});

describe('qc --report (every dataset of the data directory)', () => {
  it('checks bars and time-series tables, prints a summary and writes a self-contained HTML file', async () => {
    const out = join(dir, 'qc.html');
    const r = await runInProcess(qcCommand, '--report', '--out', out, '--data-dir', data);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/QC of 9 dataset\(s\) in .*data/);
    expect(r.stdout).toMatch(/bars synthetic BTC 5m\s+288\s/);
    expect(r.stdout).toContain('table funding BTC');
    expect(r.stdout).toContain(`HTML report: ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=|url\(|https?:\/\//i);
    expect(html).toContain('bars synthetic ETH 1m');
    const j = JSON.parse((await runInProcess(qcCommand, '--data-dir', data, '--json')).stdout);
    expect(j.html).toBeNull();
    expect(j.datasets.map((d: { dataset: string }) => d.dataset)).toContain('table open_interest ETH');
    expect(j.skipped.map((d: { dataset: string }) => d.dataset)).toContain('table book BTC');
  });

  it('escapes every string in the HTML', () => {
    const report = { kind: 'bars', symbol: '<b>', rows_in: 1, rows_out: 1, grid_ms: 60000, first_iso: null, last_iso: null, time_offset: null, order: 'ascending', time_units: null, date_check: null, preamble: [],
      duplicate_summary: {}, duplicates: [], conflicts: [], out_of_order: [], off_grid: [], gaps: [], bad_values: [{ row: 1, ts: 0, iso: 'x', field: 'close', value: '<img src=x>', problem: 'nan' }], ohlc_violations: [], bad_prints: [], outliers: [],
      outlier_stats: null, fill: { policy: 'none', rows_filled: 0 }, rules: { gaps: '"quoted" & <tag>' },
      counts: { duplicates: 0, duplicate_rows_dropped: 0, conflicts: 0, out_of_order: 0, off_grid: 0, gaps: 0, bars_missing: 0, bad_values: 1, bad_rows_dropped: 1, ohlc_violations: 0, bad_prints: 0, outliers: 0, duplicate_times: 0, rows_in_seconds: 0, rows_in_milliseconds: 0, date_mismatches: 0 } } as never;
    const html = qcReportHtml([{ dataset: '<script>alert(1)</script>', kind: 'bars', source: null, symbol: null, interval: null, rows: 1, findings: 1, report }], [], '"dir"');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;tag&gt;');
    expect(findingsText(report)).toBe('1 bad values');
  });

  it('an empty data directory or a bad flag is one line, exit 2', async () => {
    const r = await runInProcess(qcCommand, '--report', '--data-dir', join(dir, 'empty'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('run `skippy-train ingest` first');
    const bad = await runInProcess(qcCommand, '--out', 'x.html', '--data-dir', data);
    expect(bad.code).toBe(2);
  });
});

describe('features --set price,microstructure (the ingested store)', () => {
  it('names the dataset used and summarises the matrix', async () => {
    const r = await runInProcess(featuresCommand, '--set', 'price,microstructure', '--data-dir', data);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dataset: bars synthetic BTC 1m, 1440 rows');
    expect(r.stdout).toMatch(/BTC: 1440 rows × 15 features/);
    expect(r.stdout).toMatch(/warm-up: the first 20 rows/);
    const j = JSON.parse((await runInProcess(featuresCommand, '--set', 'price', '--symbols', 'ETH', '--bar', '5m', '--data-dir', data, '--json')).stdout);
    expect(j.interval).toBe('5m');
    expect(j.symbols[0]).toMatchObject({ symbol: 'ETH', rows: 288, warmup_rows: 20 });
    const ret1 = j.symbols[0].stats.find((s: { name: string }) => s.name === 'ret_1');
    expect(ret1.nan).toBe(1);
    expect(ret1.std).toBeGreaterThan(0);
  });

  it('writes symbol, ts and the features with --out', async () => {
    const out = join(dir, 'f.csv');
    expect((await runInProcess(featuresCommand, '--set', 'price', '--out', out, '--data-dir', data)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('symbol,ts,ret_1,ret_5,ret_20,atr_20,zscore_5,zscore_20,mom_10');
    expect(lines).toHaveLength(1 + 2 * 1440);
  });

  it('missing data is one line naming the ingest to run, exit 2', async () => {
    const r = await runInProcess(featuresCommand, '--set', 'price', '--symbols', 'SOL', '--data-dir', data);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('skippy-train ingest --symbols SOL --bars 1m');
  });
});
