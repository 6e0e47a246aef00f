import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataStore } from '@skippy/io/store';
import { SHARED_DATA_MISSING, sharedDataPath } from '@skippy/io';
import { ingestCommand } from '../ingest.ts';
import { runInProcess } from './cliHarness.ts';

/**
 * A CryptoDataDownload-style export in miniature: URL line, descending rows, the hour 01:00 twice (ms row with
 * full precision close 101.125 first, then the seconds row rounded to 101.13) and 00:00 twice (seconds row first,
 * then an identical ms row).
 */
const FIXTURE = `https://www.CryptoDataDownload.com
unix,date,symbol,open,high,low,close,Volume BTC,Volume USDT,tradecount
1704074400000,2024-01-01 02:00:00,BTC/USDT,101.125,102.5,100.75,101.875,3.5,354.0625,12
1704070800000,2024-01-01 01:00:00,BTC/USDT,100.5,101.25,100.25,101.125,2.25,227.53125,9
1704070800.0,2024-01-01 01-AM,BTC/USDT,100.5,101.25,100.25,101.13,2.25,227.53,
1704067200.0,2024-01-01 12-AM,BTC/USDT,100,100.5,99.5,100.5,1,100.5,
1704067200000,2024-01-01 00:00:00,BTC/USDT,100,100.5,99.5,100.5,1,100.5,7
`;
const H1 = Date.UTC(2024, 0, 1, 1);

let dir: string, file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-ingest-dup-'));
  file = join(dir, 'Binance_BTCUSDT_1h.csv');
  writeFileSync(file, FIXTURE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function ingest(rule: string | null, input: string, dataDir: string) {
  const r = await runInProcess(ingestCommand, '--source', 'file', '--input', input, ...(rule ? ['--duplicates', rule] : []), '--json', '--data-dir', dataDir);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).bars[0] as { rows: number; added: number; dataset: string; duplicates: Record<string, unknown> & { max_rel_diff: Record<string, number> } };
}

describe('skippy-train ingest --duplicates precision|first|last', () => {
  it.each([
    // rule, stored close of 01:00, times where a row other than the first in file order was kept
    ['precision', 101.125, 1], // 01:00: the 3-decimal ms row (first); 00:00: tie on decimals → the ms row (second)
    ['first', 101.125, 0],
    ['last', 101.13, 2],
  ])('--duplicates %s keeps close %d at 01:00 and reports 2 times resolved, 1 disagreeing', async (rule, close, notFirst) => {
    const d = join(dir, `store-${rule}`);
    const b = await ingest(rule, file, d);
    expect([b.rows, b.added, b.dataset]).toEqual([3, 3, 'file:Binance_BTCUSDT_1h']);
    expect(b.duplicates).toMatchObject({ rule, times: 2, rows_dropped: 2, kept_not_first: notFirst, ohlc_identical: 1, ohlc_differ: 1 });
    // |101.13 − 101.125| / 101.13
    expect(b.duplicates.max_rel_diff.close).toBeCloseTo(0.005 / 101.13, 12);
    const bars = await openDataStore(d).readBars('BTC', '1h');
    expect(Array.from(bars.ts)).toEqual([H1 - 3_600_000, H1, H1 + 3_600_000]);
    expect(bars.close[1]).toBe(close);
  });

  it('no --duplicates: the precision rule, stated in the summary text with the counts', async () => {
    const r = await runInProcess(ingestCommand, '--source', 'file', '--input', file, '--data-dir', join(dir, 'text'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('duplicates: rule precision resolved 2 repeated time(s), 2 row(s) dropped; 1 disagreed on OHLC, at most 0.0049 % apart (close at 2024-01-01T01:00:00.000Z), 1 identical');
    expect(r.stdout).toMatch(/rule precision: keep the row with the most decimal places/);
  });

  it('a bad rule, or the flag with another source → one line on stderr, exit 2, nothing written', async () => {
    for (const args of [['--source', 'file', '--input', file, '--duplicates', 'best'], ['--source', 'synthetic', '--days', '1', '--duplicates', 'first']]) {
      const d = join(dir, 'bad');
      const r = await runInProcess(ingestCommand, ...args, '--data-dir', d);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--duplicates: expected/);
      expect(await openDataStore(d).listDatasets()).toEqual([]);
    }
  });
});

const btc1h = sharedDataPath('binance-spot-btc-eth-1h-2017-2021/Binance_BTCUSDT_1h.csv.gz');
if (!btc1h) console.warn(`ingestDuplicates real-data cases ${SHARED_DATA_MISSING}`);

describe.runIf(btc1h)('skippy-train ingest --duplicates on the shared 1h export (needs ../shared/data)', () => {
  it('resolves the 2,649 overlapping hours (1,442 disagree); precision keeps the full-precision rows, last the rounded ones', async () => {
    const p = await ingest('precision', btc1h!, join(dir, 'real-p'));
    // SOURCE.md: 36,062 rows, 2,649 duplicate hours, 1,207 identical, 1,442 differing
    expect(p.rows).toBe(36_062 - 2_649);
    expect(p.duplicates).toMatchObject({ rule: 'precision', times: 2_649, rows_dropped: 2_649, ohlc_identical: 1_207, ohlc_differ: 1_442, kept_not_first: 0 });
    const l = await ingest('last', btc1h!, join(dir, 'real-l'));
    expect(l.duplicates).toMatchObject({ rule: 'last', times: 2_649, kept_not_first: 2_649 });
    // the largest disagreement: 2020-11-20 07:00 close 18212 vs 18143.03
    const [pb, lb] = await Promise.all([openDataStore(join(dir, 'real-p')).readBars('BTC', '1h'), openDataStore(join(dir, 'real-l')).readBars('BTC', '1h')]);
    const i = pb.ts.indexOf(Date.UTC(2020, 10, 20, 7));
    expect([pb.close[i], lb.close[i]].sort()).toEqual([18143.03, 18212]);
  });
});
