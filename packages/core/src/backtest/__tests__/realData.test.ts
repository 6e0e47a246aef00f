import { describe, expect, it } from 'vitest';
import { readBarsFile, readCapture, sharedDataPath } from '@skippy/io';
import { runBacktest, timeWindowInput, bookBacktest, periodicBookOrders } from '../index.ts';
import { defaultConfig } from '../../config/load.ts';

const btcPath = sharedDataPath('binance-spot-btc-eth-1m-2021-04/BTC_USDT-1m.json.gz');
const capturePath = sharedDataPath('binance-l2-hftbacktest-2024-08-08/usdm/btcusdt_20240808.gz');

describe.runIf(btcPath)('runBacktest on the 2021-05-19 crash (needs ../shared/data)', () => {
  it('a 20% long hits the 2% daily loss limit on 19 May, flattens, and enters again only on 20 May', async () => {
    const bars = await readBarsFile(btcPath!);
    const n = bars.ts.length;
    const input = timeWindowInput({ bars: { BTC: bars }, signals: { BTC: { side: new Int8Array(n).fill(1) } } }, Date.UTC(2021, 4, 19), Date.UTC(2021, 4, 20, 12));
    const d = defaultConfig();
    const r = runBacktest(input, { execution: d.execution, risk: { ...d.risk, max_position_pct: 0.2, volatility_scaling: false } }, { seed: 1 });
    const halt = r.halts.find((h) => h.reason === 'daily_loss_limit')!;
    expect(halt).toBeDefined();
    expect(halt.ts).toBeGreaterThanOrEqual(Date.UTC(2021, 4, 19));
    expect(halt.until).toBe(Date.UTC(2021, 4, 20));
    expect(halt.equity).toBeLessThan(100_000 * 0.98);
    expect(r.trades[0].exitReason).toBe('daily_loss_limit');
    const reentry = r.fills.find((f) => r.orders[f.orderId].kind === 'entry' && f.ts > halt.ts)!;
    expect(reentry.ts).toBeGreaterThanOrEqual(Date.UTC(2021, 4, 20));
    // accounting on real prices: equity = cash + marked position at every bar
    for (let t = 0; t < r.equity.ts.length; t++) {
      expect(Math.abs(r.equity.equity[t] - (r.equity.cash[t] + r.equity.positions.BTC[t] * input.bars.BTC.close[t]))).toBeLessThan(1e-6);
    }
  });
});

describe.runIf(capturePath)('bookBacktest on the shared BTCUSDT perp capture (needs ../shared/data)', () => {
  it('an order every second: market fills on displayed levels, limit fills as maker at their price', () => {
    const config = defaultConfig();
    const rep = readCapture(capturePath!, { barMs: 1000, eventLevels: config.execution.book.levels });
    const orders = periodicBookOrders(rep.events, { everyMs: 1000, qty: 0.5 });
    expect(orders.length).toBeGreaterThan(300);
    const r = bookBacktest({ symbol: rep.symbol, events: rep.events, trades: rep.trades }, orders, config.execution, { seed: 1 });
    const L = rep.events.depth;
    for (const f of r.fills) {
      const o = r.orders[f.orderId];
      if (f.liquidity === 'taker') expect(f.side * (f.price - o.arrivalTouch)).toBeGreaterThanOrEqual(0);
      else expect(f.price).toBe(o.limitPrice);
    }
    expect(r.summary.makerFills).toBeGreaterThan(0);
    expect(r.summary.takerFills).toBeGreaterThan(0);
    expect(r.summary.fillRate).toBeGreaterThan(0.5);
    expect(L).toBe(20);
    // the market orders pay at least half the spread: slippage vs the arrival mid is positive
    const mk = r.orders.filter((o) => o.type === 'market' && o.filledQty > 0);
    for (const o of mk) expect(o.side * (o.avgFillPrice - o.arrivalMid)).toBeGreaterThan(0);
  });

});
