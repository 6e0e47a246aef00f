import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '@skippy/core/config';
import { loadData, runExperiment } from '@skippy/core/pipeline';
import type { PipelineInputs } from '@skippy/core/pipeline';
import { PaperSession, bookNeeds, frozenModel } from '@skippy/core/paper';
import type { FrozenArtifact, FrozenRunArtifact, PaperBar } from '@skippy/core/paper';
import { connectLiveFeed, liveFeed, mockBookStates, startMockExchange, watchLiveBooks, withLiveBooks } from '../index.ts';
import type { FeedEvent, MockBookState, MockExchange } from '../index.ts';

const MIN = 60_000;
let mock: MockExchange | null = null;
afterEach(async () => { await mock?.close(); mock = null; });


describe('a run whose features read the L2 book, paper traded on the live mock exchange (watchOrderBook on the depth stream)', () => {
  let data: PipelineInputs;
  let frozen: FrozenArtifact;
  beforeAll(async () => {
    // the DEFAULT config (microstructure on) on one synthetic day with a planted edge, as core's paperBook test
    const r = validateConfig({ data: { synthetic: { days: 1, edge: { strength: 0.3 } } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
    if (!r.ok) throw new Error(r.issues.map((i) => i.text).join('; '));
    data = loadData(r.config, null);
    frozen = JSON.parse(JSON.stringify((await runExperiment(r.config, null, { now: () => 0, runId: 'livebook' })).frozen)) as FrozenArtifact;
  }, 60_000);

  it('N bars live: the snapshot at each close is the mock\'s last book at or before it, every update is an event; a reconnect keeps it going; nothing private is called', async () => {
    expect(bookNeeds(frozen)).toEqual({ snapshots: true, events: true });
    const symbols = frozen.symbols, bars = data.bars, T = bars[symbols[0]].ts.length;
    const books = Object.fromEntries(symbols.map((s) => [s, mockBookStates(data.events![s])]));
    const from = frozen.window.startBar, start = bars[symbols[0]].ts[from];
    mock = await startMockExchange(bars, { now: start + 5_000, books });
    const m = mock;
    const { ex, markets } = await connectLiveFeed({ apiUrl: m.url, wsUrl: m.wsUrl, websocket: true, symbols, interval: '1m', rateLimit: false });
    const opts = (ex as unknown as { options: { ws?: Record<string, unknown> } }).options;
    opts.ws = { ...opts.ws, backoff: { base: 10, factor: 2, max: 100 } };
    const ms = frozen.config.features.microstructure;
    const sd = Math.max(5, ms.depth_levels), ed = Math.max(5, ms.mlofi.levels);
    const events: FeedEvent[] = [];
    const sleep = (ms2: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms2, 20)));
    const lb = watchLiveBooks(ex, { symbols, markets, snapshotDepth: sd, eventDepth: ed, intervalMs: MIN, now: () => m.now, sleep, baseBackoffMs: 20, settleMs: 120_000 /* a bar waits for a later update, not the clock (no race with frames in flight) */, onEvent: (e) => events.push(e) });
    // warm-up: the bars before the session, with no live book (all-NaN rows, no updates) — as snapshotsAsOf has before a book is known
    const hist = Object.fromEntries(symbols.map((s) => { const x = bars[s]; return [s, { ...x, ts: x.ts.subarray(0, from), open: x.open.subarray(0, from), high: x.high.subarray(0, from), low: x.low.subarray(0, from), close: x.close.subarray(0, from), volume: x.volume.subarray(0, from) }]; }));
    const warm = lb.warmup(Float64Array.from(hist[symbols[0]].ts, (t) => t + MIN));
    const session = PaperSession.create({ frozen: frozen as FrozenRunArtifact, model: frozenModel(frozen.model), history: hist, funding: data.funding, openInterest: data.openInterest, sentiment: data.sentiment, ...warm });
    const N = 30;
    const timer = setInterval(() => { m.now = m.now + 10_000; }, 15); // the exchange clock: 10 s every 15 ms
    let n = 0, withBook = 0, evCount = 0;
    const seenEvTs: Record<string, number[]> = Object.fromEntries(symbols.map((s) => [s, []]));
    try {
      const feed = liveFeed(ex, markets, { symbols, interval: '1m', intervalMs: MIN, since: start, websocket: true, now: () => m.now, pollMs: 10, baseBackoffMs: 20, sleep, onEvent: (e) => events.push(e) });
      for await (const { bars: b, book } of withLiveBooks(feed, lb, { intervalMs: MIN, pollMs: 5 })) {
        const t = (b[symbols[0]].ts - bars[symbols[0]].ts[0]) / MIN;
        expect(t).toBe(from + n);
        const close = b[symbols[0]].ts + MIN;
        for (const s of symbols) {
          const st = books[s], j = st.findLastIndex((x) => x.ts <= close);
          const snap = book[s].snapshot!;
          expect(snap.ts).toBe(close);
          if (n >= 2 && n !== 11 && n !== 12) { // after the first updates; around the reconnect the book re-syncs
            expect(Array.from(snap.bidPx)).toEqual(st[j].bids.slice(0, sd).map(([p]) => p));
            expect(Array.from(snap.bidQty)).toEqual(st[j].bids.slice(0, sd).map(([, q]) => q));
            expect(Array.from(snap.askPx)).toEqual(st[j].asks.slice(0, sd).map(([p]) => p));
            expect(Array.from(snap.askQty)).toEqual(st[j].asks.slice(0, sd).map(([, q]) => q));
            withBook++;
          }
          const e = book[s].events!;
          for (const x of e.ts) { expect(x).toBeLessThan(close); seenEvTs[s].push(x); }
          evCount += e.ts.length;
        }
        const step = await session.onBars(b as Record<string, PaperBar>, book);
        expect(step.ts).toBe(b[symbols[0]].ts);
        if (n === 10) m.disconnectWs();
        if (++n >= N || from + n >= T) break;
      }
    } finally {
      clearInterval(timer);
      lb.stop();
    }
    expect(n).toBe(N);
    expect(withBook).toBe((N - 4) * symbols.length);
    expect(session.bars).toBe(N);
    // every update of the mock between the first one seen and the last close was delivered once, in order (bars away from the reconnect)
    for (const s of symbols) {
      const got = seenEvTs[s].filter((x) => Number.isFinite(x));
      for (let i = 1; i < got.length; i++) expect(got[i]).toBeGreaterThanOrEqual(got[i - 1]);
      const lastClose = start + N * MIN;
      const want = books[s].filter((x) => x.ts >= start + 2 * MIN && x.ts < start + 11 * MIN).map((x) => x.ts);
      expect(got.filter((x) => x >= start + 2 * MIN && x < start + 11 * MIN)).toEqual(want);
      expect(got[got.length - 1]).toBeLessThan(lastClose);
    }
    expect(evCount).toBeGreaterThan(0);
    expect(m.wsMessages.some((x) => x.includes('SUBSCRIBE') && x.includes('btcusdt@depth@100ms'))).toBe(true);
    expect(events.some((e) => e.kind === 'reconnect')).toBe(true);
    expect(m.requests.filter((r) => r.method === 'WS').length).toBeGreaterThanOrEqual(2);
    for (const r of m.requests) { expect(['/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/depth', '/api/v3/ping', '/api/v3/time'].includes(r.path) || r.method === 'WS').toBe(true); expect(r.authenticated).toBe(false); }
  }, 60_000);
});

describe('the mock exchange\'s partial book depth stream (<symbol>@depth<levels>@100ms)', () => {
  it('sends the top `levels` of each state as its clock passes it: { lastUpdateId, bids, asks } as strings', async () => {
    const T0 = Date.UTC(2024, 0, 1);
    const ts = Float64Array.from({ length: 5 }, (_, i) => T0 + i * MIN), c = ts.map(() => 100);
    const states: MockBookState[] = [
      { ts: T0 + 1_000, bids: [[99.5, 1], [99, 2], [98.5, 3]], asks: [[100.5, 4], [101, 5], [101.5, 6]] },
      { ts: T0 + 2_000, bids: [[99.6, 7], [99.5, 1]], asks: [[100.4, 8], [100.5, 4], [101, 5]] },
    ];
    mock = await startMockExchange({ BTC: { symbol: 'BTC', intervalMs: MIN, ts, open: c, high: c, low: c, close: c, volume: c } }, { now: T0, books: { BTC: states } });
    const m = mock, u = new URL(m.wsUrl);
    const sock = connect(Number(u.port), '127.0.0.1');
    let buf = Buffer.alloc(0), open = false;
    const texts: string[] = [];
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (!open && buf.includes('\r\n\r\n') && buf.subarray(0, 12).toString() === 'HTTP/1.1 101') { open = true; buf = buf.subarray(buf.indexOf('\r\n\r\n') + 4); }
      while (buf.length >= 2 && buf[0] === 0x81 && buf[1] < 126 && buf.length >= 2 + buf[1]) { texts.push(buf.subarray(2, 2 + buf[1]).toString()); buf = buf.subarray(2 + buf[1]); }
    });
    await new Promise<void>((r) => sock.once('connect', () => r()));
    sock.write(`GET ${u.pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    for (let k = 0; k < 200 && !open; k++) await new Promise((r) => setTimeout(r, 5)); // a client speaks after the 101
    const body = Buffer.from(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@depth2@100ms'], id: 1 })), mask = Buffer.from([1, 2, 3, 4]);
    sock.write(Buffer.concat([Buffer.from([0x81, 0x80 | body.length]), mask, body.map((b, k) => b ^ mask[k & 3])]));
    const until = async (n: number) => { for (let k = 0; k < 200 && texts.length < n; k++) await new Promise((r) => setTimeout(r, 5)); };
    await until(1);
    m.now = T0 + 1_500;
    await until(2);
    m.now = T0 + 3_000;
    await until(3);
    sock.destroy();
    expect(texts.map((x) => JSON.parse(x) as unknown)).toEqual([
      { result: null, id: 1 },
      { lastUpdateId: 1, bids: [['99.5', '1'], ['99', '2']], asks: [['100.5', '4'], ['101', '5']] },
      { lastUpdateId: 2, bids: [['99.6', '7'], ['99.5', '1']], asks: [['100.4', '8'], ['100.5', '4']] },
    ]);
    expect(m.wsSent['btcusdt@depth2@100ms']).toBe(2);
  });
});
