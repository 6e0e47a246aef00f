import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configHash, validateConfig } from '@skippy/core/config';
import { enabledFeatureNames } from '@skippy/core/features';
import { FROZEN_ARTIFACT_FORMAT } from '@skippy/core/paper';
import type { FrozenArtifact } from '@skippy/core/paper';
import { SHARED_DATA_MISSING, sharedDataPath } from '@skippy/io';
import { writeFrozenArtifact } from '@skippy/io/paper';
import { runCommand } from '../run.ts';
import { paperCommand } from '../paper.ts';
import { expectOneLineError, runInProcess } from './cliHarness.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-paper-book-'));
const out = join(dir, 'run');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PaperJson { bars: number; fills: number; fill_mismatches: number | null; reached_end: boolean; equity: number; capture?: string; drift: { paper: { equity: number }; backtest: { equity: number }; flags: string[] } | null }

beforeAll(async () => {
  // the default config (microstructure on: spread_pct, depth_imbalance, ofi, mlofi) on one synthetic day with a planted edge
  const cfg = join(dir, 'default.yml');
  writeFileSync(cfg, 'name: bookrun\ndata:\n  synthetic: { days: 1, edge: { strength: 0.3 } }\nevaluation:\n  n_splits: 3\n  cscv_partitions: 8\n');
  const r = await runInProcess(runCommand, '--config', cfg, '--json', '--out', out);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('skippy-train paper start on a run whose features read the L2 book', () => {
  it('the replay feeds the run\'s book with its bars: fill_mismatches 0', async () => {
    const a = await runInProcess(paperCommand, 'start', '--run-dir', out, '--speed', 'max', '--until-end', '--json');
    expect(a.code, a.stderr).toBe(0);
    const ja = JSON.parse(a.stdout) as PaperJson;
    expect(ja.reached_end).toBe(true);
    expect(ja.fills).toBeGreaterThan(10);
    expect(ja.fill_mismatches).toBe(0);
    expect(ja.drift!.flags).toEqual([]);
    expect(ja.drift!.paper.equity).toBe(ja.drift!.backtest.equity);
  }, 60_000);

  it('a live feed (closed bars, no order book) and a bars file are refused in one line naming the book features', async () => {
    for (const args of [['--feed', 'live', '--exchange-url', 'http://127.0.0.1:9'], ['--replay-file', join(dir, 'whatever.csv')]]) {
      expectOneLineError(await runInProcess(paperCommand, 'start', '--run-dir', out, ...args), /run features: a feed that delivers the L2 book .*spread_pct, depth_imbalance, ofi, mlofi_1/, args.join(' '));
    }
  });

  it('a live feed with order books (--ws) passes the feature check: the next refusal is the exchange, one line', async () => {
    expectOneLineError(await runInProcess(paperCommand, 'start', '--run-dir', out, '--feed', 'live', '--ws', '--exchange-url', 'http://127.0.0.1:9'), /--exchange-url: a reachable binance API/);
  });

  const spot = sharedDataPath('binance-l2-hftbacktest-2024-08-08/spot');
  const have = spot !== null && existsSync(spot);
  it.skipIf(!have)(`--capture replays the shared L2 capture (bars + book at the run's interval) with fill_mismatches 0${have ? '' : ` — ${SHARED_DATA_MISSING}`}`, async () => {
    // a hand-made frozen artifact of a one-symbol 1 s run: logistic on the book features (depth imbalance and ofi push P(up))
    const v = validateConfig({ name: 'capture', data: { symbols: ['BTC'], bar_interval: '1s' }, features: { price: { returns: { periods: [1, 5] } } } });
    if (!v.ok) throw new Error(v.issues.map((i) => i.text).join('; '));
    const config = v.config;
    const names = enabledFeatureNames(config.features);
    const p = names.length;
    const coef = names.map((n) => (n === 'depth_imbalance' ? 4 : n === 'ofi' ? 0.5 : 0));
    const frozen: FrozenArtifact = {
      format: FROZEN_ARTIFACT_FORMAT, runId: 'capture', configHash: configHash(config), config, symbols: ['BTC'], interval: '1s', featureNames: names,
      window: { index: 0, count: 1, startBar: 0, endBar: 0, startTs: 0, endTs: 0, trainRows: 0 },
      model: { kind: 'logistic', p, mean: new Array(p).fill(0), scale: new Array(p).fill(1), coef, intercept: 0 },
      calibration: null, kellySize: null, threshold: 0.5,
    };
    const runDir = join(dir, 'capture-run');
    mkdirSync(runDir);
    writeFileSync(join(runDir, 'report.json'), '{}');
    writeFrozenArtifact(runDir, frozen);
    const files = ['btcusdt_20240808.gz', 'btcusdt_20240809.gz'].map((f) => join(spot!, f)).join(',');
    const r = await runInProcess(paperCommand, 'start', '--run-dir', runDir, '--capture', files, '--speed', 'max', '--until-end', '--json');
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as PaperJson;
    expect(j.capture).toBe('BTCUSDT');
    expect(j.bars).toBe(651); // 23:54:14 → 00:05:04, every second traded
    expect(j.reached_end).toBe(true);
    expect(j.fills).toBeGreaterThan(0);
    expect(j.fill_mismatches).toBe(0);
    expect(j.drift!.flags).toEqual([]);
    // a capture of another symbol is refused in one line
    const eth = join(spot!, '..', 'usdm', 'ethusdt_20240808.gz');
    const bad = await runInProcess(paperCommand, 'start', '--run-dir', runDir, '--capture', eth, '--speed', 'max');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toMatch(/--capture: a capture of the run's symbol BTC \(BTCUSDT\), got "ETHUSDT"$/);
  }, 60_000);
});
