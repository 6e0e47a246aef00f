/** Bad input that used to slip through or exit 1: every case exits 2 with one clear line. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from './cliHarness.ts';
import { cvCommand } from '../cv.ts';
import { statsCommand } from '../stats.ts';
import { pboCommand } from '../pbo.ts';
import { backtestCommand } from '../backtest.ts';
import { ingestCommand } from '../ingest.ts';
import { joinNegativeValues } from '../../framework.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-cli-hardening-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const labelRows = Array.from({ length: 40 }, (_, i) => `${i * 60_000},${(i + 3) * 60_000}`);
const labels = file('labels.csv', `t0,t1\n${labelRows.join('\n')}\n`);
const truncated = file('labels-cut.csv', `t0,t1\n${labelRows.join('\n')}\n2460000`);
const returns = file('returns.csv', `ret\n${Array.from({ length: 50 }, (_, i) => ((i % 7) - 3) / 1000).join('\n')}\n`);
const bars = file('bars.csv', `ts,open,high,low,close,volume\n${Array.from({ length: 20 }, (_, i) => `${i * 60_000},100,101,99,100.5,10`).join('\n')}\n`);

async function expectExit2(cmd: Parameters<typeof runInProcess>[0], args: string[], line: RegExp): Promise<void> {
  const r = await runInProcess(cmd, ...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
}

describe('bad input → exit 2 with one line', () => {
  it('cv --scheme cpcv --groups 1000 --test-groups 500', () => expectExit2(cvCommand, ['--labels', labels, '--scheme', 'cpcv', '--groups', '1000', '--test-groups', '500'], /--groups/));
  it('cv --scheme cpcv --groups 30 --test-groups 15 (too many splits)', () => expectExit2(cvCommand, ['--labels', labels, '--scheme', 'cpcv', '--groups', '30', '--test-groups', '15'], /at most 10000 CPCV splits/));
  it('cv --splits beyond the labels', () => expectExit2(cvCommand, ['--labels', labels, '--splits', '1000000000'], /at most one split per label/));
  it('cv --labels with a truncated last row (same rule as every CSV)', () => expectExit2(cvCommand, ['--labels', truncated], /expected 2 cells like the header \(the file looks truncated\)/));
  it('stats --bootstrap 1e12', () => expectExit2(statsCommand, ['--input', returns, '--periods-per-year', '252', '--bootstrap', '1e12'], /--bootstrap: expected an integer ≥ 0 ≤ 100000/));
  it('stats --benchmark-sharpe=-1e308', () => expectExit2(statsCommand, ['--input', returns, '--periods-per-year', '252', '--benchmark-sharpe=-1e308'], /--benchmark-sharpe/));
  it('pbo --input on a bar file', () => expectExit2(pboCommand, ['--input', bars], /expected per-period returns, got OHLCV columns/));
  it('backtest --slippage 5', () => expectExit2(backtestCommand, ['--input', bars, '--strategy', 'ma-cross:2,5', '--execution', 'simple', '--slippage', '5', '--out', join(dir, 'bt')], /--slippage/));
  it('backtest --out <existing file>', () => expectExit2(backtestCommand, ['--input', bars, '--strategy', 'ma-cross:2,5', '--out', returns], /--out: expected a directory/));
  it('ingest --data-dir <a file>', () => expectExit2(ingestCommand, ['--source', 'synthetic', '--symbols', 'BTC', '--bars', '1m', '--days', '1', '--data-dir', returns], /--data-dir: expected a directory, got a file/));
  it('ingest --days -1 (a negative number as a separate argument)', () => expectExit2(ingestCommand, ['--source', 'synthetic', '--days', '-1', '--data-dir', join(dir, 'data')], /--days: expected a positive number ≤ 3650, got -1$/m));
});

describe('joinNegativeValues(argv, options)', () => {
  it('joins a value option with a following negative number only', () => {
    const opts = { days: { type: 'string' as const, description: '' }, json: { type: 'boolean' as const, description: '' } };
    expect(joinNegativeValues(['--days', '-1', '--json'], opts)).toEqual(['--days=-1', '--json']);
    expect(joinNegativeValues(['--days', '-x'], opts)).toEqual(['--days', '-x']);
    expect(joinNegativeValues(['--json', '-1'], opts)).toEqual(['--json', '-1']);
  });
});
