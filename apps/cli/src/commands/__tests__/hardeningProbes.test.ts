/**
 * Issue 13 re-probed after hardening.test.ts: output paths under a file or onto a directory, costs and
 * annualisation beyond meaning, a price column read as returns – each exits 2 with one line naming the flag.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInProcess } from './cliHarness.ts';
import { statsCommand } from '../stats.ts';
import { pboCommand } from '../pbo.ts';
import { backtestCommand } from '../backtest.ts';
import { ingestCommand } from '../ingest.ts';
import { labelsCommand } from '../labels.ts';
import { userPathError } from '../../framework.ts';
import { checkOutputPath } from '../../args.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-cli-probes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

const returns = file('returns.csv', `a,b\n${Array.from({ length: 64 }, (_, i) => `${((i % 7) - 3) / 1000},${((i % 5) - 2) / 1000}`).join('\n')}\n`);
const prices = file('close.csv', `close\n${Array.from({ length: 200 }, (_, i) => (100 + i * 0.1).toFixed(1)).join('\n')}\n`);
const bars = file('bars.csv', `ts,open,high,low,close,volume\n${Array.from({ length: 60 }, (_, i) => `${i * 60_000},100,101,99,${100 + (i % 3) - 1},10`).join('\n')}\n`);
const aDir = join(dir, 'a-dir');
mkdirSync(aDir);

async function expectExit2(cmd: Parameters<typeof runInProcess>[0], args: string[], line: RegExp): Promise<void> {
  const r = await runInProcess(cmd, ...args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(line);
}

describe('output paths → exit 2 before any work', () => {
  it('backtest --out under a file', () => expectExit2(backtestCommand, ['--input', bars, '--strategy', 'ma-cross:2,5', '--out', join(returns, 'sub')], /--out: expected a path inside a directory, but .*returns\.csv is a file/));
  it('ingest --data-dir under a file', () => expectExit2(ingestCommand, ['--source', 'synthetic', '--symbols', 'BTC', '--bars', '1m', '--days', '1', '--data-dir', join(returns, 'x')], /--data-dir: expected a path inside a directory, but .*returns\.csv is a file/));
  it('labels --out onto an existing directory', () => expectExit2(labelsCommand, ['--input', bars, '--out', aDir], /--out: expected a file to write, not an existing directory/));
  it('labels --out under a file', () => expectExit2(labelsCommand, ['--input', bars, '--out', join(returns, 'l.csv')], /--out: expected a path inside a directory/));
  it('pbo --out under a file', () => expectExit2(pboCommand, ['--input', returns, '--partitions', '4', '--out', join(returns, 'p.csv')], /--out: expected a path inside a directory/));
});

describe('values beyond meaning', () => {
  it('stats --periods-per-year 1e308', () => expectExit2(statsCommand, ['--input', returns, '--periods-per-year', '1e308'], /--periods-per-year: expected a positive number ≤ 31622400, got "1e308"/));
  it('backtest --fee 5', () => expectExit2(backtestCommand, ['--input', bars, '--strategy', 'ma-cross:2,5', '--execution', 'simple', '--fee', '5', '--out', join(dir, 'bt')], /--fee: expected a number ≥ 0 ≤ 0\.5, got 5/));
  it('pbo and stats on a price column (no OHLC header) are refused, returns are read', async () => {
    await expectExit2(pboCommand, ['--input', prices], /close\.csv: close: expected per-period returns \(they change sign\), got only positive values with median 110, like prices or volumes/);
    await expectExit2(statsCommand, ['--input', prices, '--periods-per-year', '252'], /expected per-period returns \(they change sign\)/);
    expect((await runInProcess(statsCommand, '--input', returns, '--periods-per-year', '252')).code).toBe(0);
  });
});

describe('the file-system safety net', () => {
  it('maps a path error of the user to one line and leaves other errors internal', () => {
    const enotdir = Object.assign(new Error("ENOTDIR: not a directory, mkdir 'f/x'"), { code: 'ENOTDIR', syscall: 'mkdir', path: 'f/x' });
    expect(userPathError(enotdir)).toBe('f/x: expected a directory on the way, but a part of the path is a file (mkdir ENOTDIR)');
    const eisdir = Object.assign(new Error('EISDIR'), { code: 'EISDIR', syscall: 'rename', path: '.tmp', dest: 'out' });
    expect(userPathError(eisdir)).toBe('out: expected a file, got a directory (rename EISDIR)');
    expect(userPathError(Object.assign(new Error('EEXIST'), { code: 'EEXIST', syscall: 'mkdir', path: 'f' }))).toBe('f: expected a directory, but a file is there (mkdir EEXIST)');
    expect(userPathError(Object.assign(new Error('EEXIST'), { code: 'EEXIST', syscall: 'open', path: 'f' }))).toBeNull();
    expect(userPathError(Object.assign(new Error('x'), { code: 'toString', path: 'f' }))).toBeNull();
    expect(userPathError(new TypeError('boom'))).toBeNull();
  });
  it('checkOutputPath accepts new paths under directories and the right kind of existing path', () => {
    expect(checkOutputPath('out', join(dir, 'new', 'deeper', 'x.csv'), 'file')).toBe(join(dir, 'new', 'deeper', 'x.csv'));
    expect(checkOutputPath('out', aDir, 'dir')).toBe(aDir);
    expect(checkOutputPath('out', returns, 'file')).toBe(returns);
    expect(() => checkOutputPath('out', returns, 'dir')).toThrow(/--out: expected a directory \(new or existing\), not an existing file/);
  });
});

describe('synthetic ingest size', () => {
  it('ingest --bars 1s --days 3650 is refused before generating (it grew past 2.4 GB in 25 s)', () => expectExit2(ingestCommand, ['--source', 'synthetic', '--symbols', 'BTC', '--bars', '1s', '--days', '3650', '--data-dir', join(dir, 'data-big')],
    /^skippy-train ingest: --days: expected at most 231 days of 1s bars \(20 million bars a series\), got 3650 \(315\.4 million bars: use fewer days or a longer --bars interval\)$/m));
  it('every interval asked for is checked (1m fits, 1s does not)', () => expectExit2(ingestCommand, ['--source', 'synthetic', '--symbols', 'BTC', '--bars', '1m,1s', '--days', '300', '--data-dir', join(dir, 'data-big')], /231 days of 1s bars/));
});
