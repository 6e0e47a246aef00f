import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backtestCommand } from '../backtest.ts';
import { stressCommand } from '../stress.ts';
import { runInProcess } from './cliHarness.ts';

const inProcess = runInProcess;

let dir: string;
const T0 = Date.UTC(2021, 0, 1);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-bt-cli-'));
  // 12 closes of the parity example (see simpleBacktest.test.ts), 1m bars
  const closes = [12, 11, 10, 10, 11, 12, 13, 12, 11, 10, 11, 12];
  const rows = closes.map((c, i) => `${T0 + i * 60_000},${c},${c},${c},${c},100`);
  writeFileSync(join(dir, 'BTC_USDT-1m.csv'), `ts,open,high,low,close,volume\n${rows.join('\n')}\n`);
  const sig = closes.map((_, i) => `${T0 + i * 60_000},${i >= 4 && i < 8 ? 1 : 0}`);
  writeFileSync(join(dir, 'signals.csv'), `ts,side\n${sig.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('skippy-train backtest', () => {
  it('--execution simple reproduces the hand-worked parity example and writes the four files', async () => {
    const out = join(dir, 'simple');
    const r = await inProcess(backtestCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--strategy', 'ma-cross:2,3', '--execution', 'simple', '--fill-at', 'close',
      '--slippage', '0.0005', '--fee', '0.001', '--size', 'all', '--init-cash', '10000', '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const size1 = 10_000 / 1.001 / 11.0055, cash2 = size1 * 10.9945 * 0.999, final = cash2 / 1.001 / 12.006 * 12;
    expect(Math.abs(j.metrics.finalEquity - final)).toBeLessThan(1e-9);
    expect(j.metrics.trades).toBe(2);
    expect(j.inflation.frictionless.totalReturn).toBeGreaterThan(j.inflation.costed.totalReturn);
    const eq = readFileSync(join(out, 'equity.csv'), 'utf8').trim().split('\n');
    expect(eq[0]).toBe('ts,equity,cash,position_BTC');
    expect(eq.length).toBe(13);
    expect(readFileSync(join(out, 'trades.csv'), 'utf8').split('\n')[0]).toMatch(/^id,symbol,side,entry_ts,entry_price,exit_ts,exit_price,size,fees,slippage,funding,pnl,exit_reason$/);
  });

  it('bar mode with --signals writes equity, trades, TCA and risk; --json is one object', async () => {
    const out = join(dir, 'bar');
    const r = await inProcess(backtestCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--signals', join(dir, 'signals.csv'), '--out', out, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.mode).toBe('bar');
    expect(j.metrics.trades).toBe(1);
    expect(j.tca.aggregate.orders).toBe(2);
    const tca = JSON.parse(readFileSync(join(out, 'tca.json'), 'utf8'));
    expect(tca.orders[0].decisionPrice).toBe(11);
    const risk = JSON.parse(readFileSync(join(out, 'risk.json'), 'utf8'));
    expect(Object.keys(risk).sort()).toEqual(['correlationAlerts', 'halts', 'heatMap', 'rebalance']);
  });

  it('exits 2 with one line on bad flags', async () => {
    const a = await inProcess(backtestCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--strategy', 'ma-cross:5,2', '--out', dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toBe('skippy-train backtest: --strategy: expected ma-cross:FAST,SLOW with 1 ≤ FAST < SLOW, got "ma-cross:5,2"\n');
    const b = await inProcess(backtestCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--out', dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/--signals\/--strategy: expected exactly one/);
    const c = await inProcess(backtestCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--strategy', 'ma-cross:2,3', '--execution', 'simple', '--fill-at', 'next_open', '--out', dir);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/--fill-at: expected close with --execution simple/);
  });
});

describe('skippy-train stress', () => {
  it('reports base and every scenario', async () => {
    const r = await inProcess(stressCommand, '--input', join(dir, 'BTC_USDT-1m.csv'), '--strategy', 'ma-cross:2,3', '--no-crash', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.outcomes.map((o: { name: string }) => o.name)).toEqual(['base', 'gap -10%', 'gap -20%', 'volatility x3', 'liquidity drought', 'latency x10', 'funding spike +0.3%/8h']);
  });
});
