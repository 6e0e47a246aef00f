/**
 * @skippy/io/paper – the Node side of paper trading: the frozen artifact file, feeds (replay of stored
 * bars; live closed bars through ccxt without credentials). See README.md.
 */
export { writeFrozenArtifact, readFrozenArtifact, FROZEN_FILE } from './frozen.ts';
export { replayFeed, parseSpeed } from './replayFeed.ts';
export type { ReplayFeedOptions } from './replayFeed.ts';
export { liveFeed, connectLiveFeed, createPublicExchange, publicOnly, recentBars } from './liveFeed.ts';
export type { FeedEvent, LiveFeedOptions, PublicExchange } from './liveFeed.ts';
export { watchLiveBooks, emptyBookRows } from './liveBook.ts';
export type { LiveBooks, LiveBookOptions, BookSymbolHealth } from './liveBook.ts';
export { watchLiveTrades, checkBarTrades } from './liveTrades.ts';
export type { LiveTrades, LiveTradeOptions, TradeBarCheck, TradeCheckTotals, TradeSymbolHealth } from './liveTrades.ts';
export { openLiveSessionFeed, withLiveStreams, withLiveBooks, liveWarmup, liveBookCheck, liveBookDepths } from './liveSession.ts';
export type { LiveSessionFeed, LiveSessionFeedOptions, LiveSessionStep, LiveStreamsHealth } from './liveSession.ts';
export { startMockExchange, tradesFromBars, mockBookStates } from './mockExchange.ts';
export type { MockBookState, MockExchange, MockFault, MockRequest, MockTrade } from './mockExchange.ts';
export { loadRunBars, loadRunData } from './runBars.ts';
export { captureReplayData } from './captureReplay.ts';
export type { RunReplayData } from './runBars.ts';
export { openPaperStore, migratePaper, PAPER_MIGRATIONS } from './store.ts';
export type { PaperStore, PaperSessionRow, PaperStatus } from './store.ts';
