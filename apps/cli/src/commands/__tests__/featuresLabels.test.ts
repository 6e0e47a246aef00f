import { describe, expect, it, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTableParquet, sharedDataPath } from '@skippy/io';
import { featuresCommand } from '../features.ts';
import { labelsCommand } from '../labels.ts';
import { jsonInProcess, spawnCli } from './cliHarness.ts';

const inProcess = jsonInProcess;

const cli = spawnCli;

let dir = '';
let bars = '';
let nanBars = '';
let sideBad = '';
let sideGood = '';
const n = 80;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-fl-'));
  const rows = ['ts,open,high,low,close,volume'];
  const ts: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const t = 1_700_000_000_000 + i * 60_000;
    ts.push(t);
    const c = p * (1 + 0.003 * Math.sin(i * 0.7) + 0.002 * Math.cos(i * 1.3));
    rows.push(`${t},${p},${Math.max(p, c) * 1.001},${Math.min(p, c) * 0.999},${c},${1 + (i % 5)}`);
    p = c;
  }
  bars = join(dir, 'bars.csv');
  writeFileSync(bars, `${rows.join('\n')}\n`);
  const bad = rows.slice();
  bad[41] = bad[41].replace(/,[^,]+,([^,]+)$/, ',0,$1'); // close = 0 on bar 40
  nanBars = join(dir, 'zero.csv');
  writeFileSync(nanBars, `${bad.join('\n')}\n`);
  sideBad = join(dir, 'side_bad.csv');
  writeFileSync(sideBad, `ts,side\n${ts.map((t, i) => `${i === 10 ? t + 1 : t},1`).join('\n')}\n`);
  sideGood = join(dir, 'side.csv');
  writeFileSync(sideGood, `ts,side\n${ts.map((t, i) => `${t},${i % 3 === 0 ? -1 : 1}`).join('\n')}\n`);
});

describe('featuresCommand / labelsCommand (in-process)', () => {
  it('write the files in the documented columns; --dry-run prices the set; tier 2 on bars fails clearly', async () => {
    const fOut = join(dir, 'f.csv');
    const lOut = join(dir, 'l.csv');
    const feat = await inProcess(featuresCommand, ['--input', bars, '--set', 'price,spread_cs', '--out', fOut]);
    const fj = feat.json as { features: string[] };
    expect(fj.features).toEqual(['ret_1', 'ret_5', 'ret_20', 'atr_20', 'zscore_5', 'zscore_20', 'mom_10', 'spread_cs']);
    const fcsv = readFileSync(fOut, 'utf8').trim().split('\n');
    expect(fcsv[0]).toBe('ts,ret_1,ret_5,ret_20,atr_20,zscore_5,zscore_20,mom_10,spread_cs');
    expect(fcsv).toHaveLength(n + 1);

    const lab = await inProcess(labelsCommand, ['--input', bars, '--vol', 'atr:5', '--max-hold', '3,6', '--min-ret', '0', '--side-file', sideGood, '--out', lOut]);
    const lj = lab.json as { horizons: { horizon: number; labels: number }[] };
    expect(lj.horizons.map((h) => h.horizon)).toEqual([3, 6]);
    const lcsv = readFileSync(lOut, 'utf8').trim().split('\n');
    expect(lcsv[0]).toBe('horizon,t0,t1,t0_idx,t1_idx,barrier,ret,label,trgt,side,meta');
    expect(lcsv.length - 1).toBe(lj.horizons[0].labels + lj.horizons[1].labels);
    expect(lcsv[1]).toMatch(/^3,\d+,\d+,5,\d+,(pt|sl|vb),-?[\d.e-]+,-?[01],[\d.e-]+,-?1,[01]$/);

    const pq = join(dir, 'f.parquet');
    await inProcess(featuresCommand, ['--input', bars, '--set', 'ret_1,mom_10', '--out', pq]);
    const table = await readTableParquet(pq);
    expect(Object.keys(table.columns)).toEqual(['ts', 'ret_1', 'mom_10']);
    expect(table.rows).toBe(n);
    expect((table.columns.mom_10 as Float64Array)[n - 1]).toBeCloseTo(Number(fcsv[n].split(',')[7]), 15);

    const dry = await inProcess(featuresCommand, ['--set', 'price', '--dry-run', '--symbols', 'BTC,ETH', '--days', '30', '--bar', '1m']);
    expect((dry.json as { total: unknown }).total).toEqual({ calls: 88, bytes: 0 });

    const tier2 = await inProcess(featuresCommand, ['--input', bars, '--set', 'price,microstructure']);
    expect(tier2.error).toMatch(/needs L2 book snapshots.*only bars were given.*spread_cs and ofi_tick/);
  });
});

describe('skippy-train features / labels bad input (spawned)', () => {
  it('one line on stderr and exit 2 for each', async () => {
    const [unknown, h0, longWin, sideMis, zero] = await Promise.all([
      cli(['features', '--input', bars, '--set', 'price,rsi_14']),
      cli(['labels', '--input', bars, '--max-hold', '10,-5']),
      cli(['features', '--input', bars, '--set', 'zscore_200']),
      cli(['labels', '--input', bars, '--vol', 'atr:5', '--max-hold', '3', '--side-file', sideBad]),
      cli(['labels', '--input', nanBars, '--vol', 'atr:5', '--max-hold', '3']),
    ]);
    const oneLine = (r: { code: number; stderr: string }) => {
      const lines = r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'));
      expect(r.code).toBe(2);
      expect(lines).toHaveLength(1);
      return lines[0];
    };
    expect(oneLine(unknown)).toMatch(/--set: expected tier names .* got "rsi_14" \(unknown feature\)/);
    expect(oneLine(h0)).toMatch(/--max-hold: expected a positive integer, got -5/);
    expect(oneLine(longWin)).toMatch(/expected more bars than the longest feature window \(200\), got 80/);
    expect(oneLine(sideMis)).toMatch(/side_bad\.csv:12: ts: expected \d+ \(bar 11 of the input\)/);
    expect(oneLine(zero)).toMatch(/zero\.csv: bar 41 .*close: expected a positive finite price, got 0/);
  });
});

const capture = sharedDataPath('binance-l2-hftbacktest-2024-08-08/usdm/btcusdt_20240808.gz');
describe.runIf(capture)('skippy-train features on the shared L2 capture (needs ../shared/data)', () => {
  it('builds 1 s bars and every tier-2 feature from the capture given as --input', async () => {
    const out = join(dir, 'f2.csv');
    const j = (await inProcess(featuresCommand, ['--input', capture!, '--set', 'price,microstructure', '--out', out])).json as Record<string, unknown> & { nan_counts: Record<string, number> };
    expect(j.kind).toBe('capture');
    expect(j.interval_ms).toBe(1000);
    expect(j.rows).toBeGreaterThan(300);
    expect(j.nan_counts.spread_pct).toBe(0);
    const head = readFileSync(out, 'utf8').split('\n')[0];
    expect(head).toBe('ts,ret_1,ret_5,ret_20,atr_20,zscore_5,zscore_20,mom_10,spread_pct,depth_imbalance,ofi,mlofi_1,mlofi_2,mlofi_3,mlofi_4,mlofi_5');
  });
});
