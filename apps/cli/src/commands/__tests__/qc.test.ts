import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDataPath, readBarsFile } from '@skippy/io';
import { qcCommand } from '../qc.ts';
import { runInProcess } from './cliHarness.ts';

const qcInProcess = (...args: string[]) => runInProcess(qcCommand, ...args);

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../../../..');
const BIN = join(ROOT, 'apps/cli/bin/skippy-train.js');
const btc5m = sharedDataPath('binance-spot-btc-5m-2019-11/BTC_USDT-5m.json.gz');
const btc1mSep = sharedDataPath('binance-spot-btc-eth-1m-2021-09/BTC_USDT-1m.json.gz');
const funding = sharedDataPath('funding-rates-binance-bybit-2020-2023/BTC-USDT_binance_2020-01-01_2024-01-01_funding_history.csv');

function qc(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'qc', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, SKIPPY_DATA_DIR: dir } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'skippy-qc-cli-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train qc --input PATH', () => {
  it('exits 2 with one line naming file:line and field (spawned process)', () => {
    writeFileSync(join(dir, 'ETH.csv'), 'ts,open,high,low,close,volume\n1618951320000,1,1,1,1,1\n1618951380000,1,1,x,1,1\n');
    const r = qc('--input', join(dir, 'ETH.csv'), '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('skippy-train qc: ETH.csv:3: low: expected a number, got "x"\n');
    expect(r.stdout).toBe('');
  });

  it('exits 2 with one line on malformed input, bad gzip, wrong columns, mixed units, empty file, bad flag', async () => {
    const T = 1618951320000;
    const files: [string, string | Uint8Array, string][] = [
      ['BTC.csv', `ts,open,high,low,close,volume\n${T},1,1,1,1,1\n${T + 60000},1,1,1,abc,1\n`, 'skippy-train qc: BTC.csv:3: close: expected a number, got "abc"\n'],
      ['bad.json.gz', new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'skippy-train qc: bad.json.gz: expected a readable gzip file (unexpected end of file)\n'],
      ['cols.csv', 'date,price\n2021-01-01,1\n', 'skippy-train qc: cols.csv:1: expected columns time, open, high, low, close, volume; missing open, high, low, close, volume, got "date,price"\n'],
      ['mixed.csv', `ts,open,high,low,close,volume\n${T},1,1,1,1,1\n${T * 1000},1,1,1,1,1\n`, 'skippy-train qc: mixed.csv:3: ts: expected epoch milliseconds like the rest of the column (from line 2); mixed time units, got "1618951320000000 (microseconds)"\n'],
      ['empty.csv', '', 'skippy-train qc: empty.csv: expected bar data; the file is empty\n'],
    ];
    for (const [name, content, line] of files) {
      writeFileSync(join(dir, name), content);
      const r = await qcInProcess('--input', join(dir, name), '--json');
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toBe(line);
      expect(r.stdout, name).toBe('');
    }
    const flag = await qcInProcess('--input', join(dir, 'BTC.csv'), '--fill', 'zero');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe('skippy-train qc: --fill: expected one of none | ffill, got "zero"\n');
  });

  it.runIf(btc5m)('prints one JSON object naming gaps, duplicates and time_offset; --fill ffill --out writes the cleaned CSV (needs ../shared/data)', async () => {
    const out = join(dir, 'clean.csv');
    const r = await qcInProcess('--input', btc5m!, '--fill', 'ffill', '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.gaps.map((g: { bars_missing: number }) => g.bars_missing)).toEqual([24, 12, 70, 25]);
    expect(j.duplicates).toHaveLength(1);
    expect(j.time_offset).toBeNull();
    expect(j.fill).toEqual({ policy: 'ffill', rows_filled: 131 });
    expect(j.written).toBe(out);
    expect(existsSync(out)).toBe(true);
    const cleaned = await readBarsFile(out);
    expect(cleaned.ts.length).toBe(34_090);
    expect(cleaned.columns!.filled.reduce((a, b) => a + b, 0)).toBe(131);
  });

  it.runIf(funding)('reports the +03:00 offset of a funding file and applies it with --fix-offset (needs ../shared/data)', async () => {
    const r = await qcInProcess('--input', funding!, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.kind).toBe('time_series');
    expect(j.time_offset).toMatchObject({ offset_ms: 10_800_000, offset: '+03:00', applied: false });
    const fixed = JSON.parse((await qcInProcess('--input', funding!, '--fix-offset', '--json')).stdout);
    expect(fixed.time_offset.applied).toBe(true);
    const text = await qcInProcess('--input', funding!, '--timezone', '+03:00');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/time offset\s+none/);
  });

  it.runIf(btc1mSep)('qc --symbol BTC --bar 1m --report reads stored bars from the data directory (needs ../shared/data)', async () => {
    const store = join(dir, 'store');
    const { openDataStore } = await import('@skippy/io/store');
    await openDataStore(store).writeBars(await readBarsFile(btc1mSep!), { source: 'test' });
    const j = await qcInProcess('--symbol', 'BTC', '--bar', '1m', '--data-dir', store, '--json');
    expect(j.code).toBe(0);
    expect(JSON.parse(j.stdout).gaps.map((g: { start_iso: string; bars_missing: number }) => [g.start_iso, g.bars_missing])).toEqual([['2021-09-29T07:00:00.000Z', 120]]);
    const text = await qcInProcess('--symbol', 'BTC', '--bar', '1m', '--data-dir', store, '--report');
    expect(text.stdout).toContain('2021-09-29T07:00:00.000Z  2021-09-29T08:59:00.000Z  120');
    const missing = await qcInProcess('--symbol', 'ETH', '--bar', '1m', '--data-dir', store);
    expect(missing.code).toBe(2);
  });
});
