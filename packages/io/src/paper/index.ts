/**
 * @skippy/io/paper – the Node side of paper trading: the frozen artifact file, feeds (replay of stored
 * bars; live closed bars through ccxt without credentials). See README.md.
 */
export { writeFrozenArtifact, readFrozenArtifact, FROZEN_FILE } from './frozen.ts';
export { replayFeed, parseSpeed } from './replayFeed.ts';
export type { ReplayFeedOptions } from './replayFeed.ts';
export { liveFeed, connectLiveFeed, createPublicExchange, publicOnly, recentBars } from './liveFeed.ts';
export type { FeedEvent, LiveFeedOptions, PublicExchange } from './liveFeed.ts';
export { watchLiveBooks, withLiveBooks } from './liveBook.ts';
export type { LiveBooks, LiveBookOptions } from './liveBook.ts';
export { startMockExchange } from './mockExchange.ts';
export type { MockBookState, MockExchange, MockFault, MockRequest } from './mockExchange.ts';
export { loadRunBars, loadRunData } from './runBars.ts';
export { captureReplayData } from './captureReplay.ts';
export type { RunReplayData } from './runBars.ts';
export { openPaperStore, migratePaper, PAPER_MIGRATIONS } from './store.ts';
export type { PaperStore, PaperSessionRow, PaperStatus } from './store.ts';
