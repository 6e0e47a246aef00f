import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import { PaperSessionBody } from '../pages/Paper.tsx';
import type { PaperSessionView } from '../pages/Paper.tsx';

const T = Date.UTC(2024, 0, 1, 21, 36);
const fill = (k: number, side: number, price: number) => ({ orderId: k, symbol: k % 2 ? 'ETH' : 'BTC', ts: T + 60_000 + k, bar: 1, side, qty: 0.01 * (k + 1), price, refPrice: price, fee: 0.21, slippage: 0.2, liquidity: 'taker' as const });
const order = (id: number) => ({ id, symbol: id % 2 ? 'ETH' : 'BTC', kind: 'entry' as const, side: -1, reason: 'entry' as const, decisionTs: T + 60_000, decisionBar: 0, decisionPrice: 42_000, qty: 0.02, filledQty: 0.02, latencyMs: 4.2, arrivalTs: T + 60_004, arrivalPrice: 42_000, avgFillPrice: 42_001, fills: 1, partialFills: 0, status: 'filled' as const, tradeId: id });

/** What paper.get sends (shape of services/paperManager.ts PaperView), by hand. */
const view: PaperSessionView = {
  id: 'pabc', runId: 'r1', feed: 'replay', speed: 'max', status: 'done', error: null, createdAt: T, updatedAt: T + 1, configHash: 'f'.repeat(64), symbols: ['BTC', 'ETH'], interval: '1m',
  summary: { runId: 'r1', configHash: 'f'.repeat(64), bars: 3, firstTs: T, lastTs: T + 120_000, initialCash: 100_000, equity: 100_003.65, totalReturn: 0.0000365, maxDrawdown: 0.00004, fills: 2, orders: 2, trades: 2, fees: 0.46, slippage: 0.46, funding: 0.01, halts: [], positions: { BTC: -0.010108, ETH: 0 }, gaps: 0 },
  equity: { ts: [T, T + 60_000, T + 120_000], equity: [100_000, 99_996, 100_003.65], drawdown: [0, 0.00004, 0] },
  orders: [order(0), order(1)], fills: [fill(0, -1, 42_121.78), fill(1, -1, 2_351.12)], trades: [],
  halts: [{ ts: T + 60_000, until: T + 3_600_000, reason: 'daily_loss_limit', equity: 99_000, detail: 'equity 1% below the day\u2019s opening' }],
  tca: { orders: 2, filledNotional: 925.52, slippageBp: 5, shortfallBp: 5, fees: 0.46, funding: 0, fillRate: 1, partialFills: 0, meanLatencyMs: 4.1 },
  health: { lastMessageAt: T, lagMs: 0, gaps: 1, reconnects: 2, errors: 1, backfills: 1, lastEvent: 'backfill at 2024-01-01T21:40:00.000Z', parity: { fillMismatches: 0, flags: [], paperEquity: 100_003.65, backtestEquity: 100_003.65 } },
} as unknown as PaperSessionView;

describe('PaperSessionBody({ v })', () => {
  it('renders fills, orders, positions, feed health with parity, TCA and halts of a session', () => {
    const html = renderToString(<MemoryRouter><PaperSessionBody v={view} /></MemoryRouter>);
    expect(html).toContain('42,121.7800');
    expect(html).toContain('2,351.1200');
    expect(html).toContain('every fill agrees');
    expect(html).toContain('Reconnects / errors');
    expect(html).toMatch(/2<!-- --> \/ <!-- -->1/);
    expect(html).toContain('daily_loss_limit');
    expect(html).toContain('Fill mismatches vs backtest');
    expect(html).toContain('short');
    expect(html).toContain('$925.52');
  });

  it('a live session: each symbol\'s book and trade stream, and the bars that disagree with their trades, flagged', () => {
    const mismatch = { symbol: 'BTC', ts: T + 180_000, status: 'mismatch', trades: 3, expected: 4, volume: 13.94565, reasons: ['1 trade id missing (3 seen of 4)', 'volume 18.5942 vs 13.94565 traded'] };
    const live = {
      ...view, feed: 'live', status: 'running',
      health: {
        ...view.health, parity: null,
        books: [{ symbol: 'BTC', states: 67, lastTs: T + 1_000, lagMs: 9_000, chainBreaks: 1, reconnects: 1 }, { symbol: 'ETH', states: 66, lastTs: T + 1_000, lagMs: 9_000, chainBreaks: 1, reconnects: 1 }],
        trades: [{ symbol: 'BTC', received: 1234, duplicates: 0, missingIds: 4, lastTradeTs: T + 2_000, perMinute: 56, lagMs: 6_000 }, { symbol: 'ETH', received: 68, duplicates: 2, missingIds: 3, lastTradeTs: T + 2_000, perMinute: 4, lagMs: 6_000 }],
        tradeChecks: { checked: 34, ok: 27, mismatches: 1, incomplete: 6, recent: [mismatch], error: null },
      },
    } as unknown as PaperSessionView;
    const html = renderToString(<MemoryRouter><PaperSessionBody v={live} /></MemoryRouter>);
    expect(html).toContain('Order-book streams');
    expect(html).toContain('Trade streams');
    expect(html).toContain('1,234');
    expect(html).toContain('>3 / 2<'); // ETH: ids missing / repeated
    expect(html).toContain('1 differ');
    expect(html).toContain('BTC bar of 2024-01-01 21:39 UTC: 1 trade id missing (3 seen of 4); volume 18.5942 vs 13.94565 traded');
    expect(html).toContain('Closed klines, order books and trades');
    // a replay shows none of it
    const replay = renderToString(<MemoryRouter><PaperSessionBody v={view} /></MemoryRouter>);
    expect(replay).not.toContain('Trade streams');
    expect(replay).not.toContain('Streams since the feed');
  });
});
