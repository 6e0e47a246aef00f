export { replayBinanceCapture } from './replayBinanceCapture.ts';
export { tradeBars } from './tradeBars.ts';
export type { ReplayBinanceCaptureOptions, ReplayResult, ReplayStats, ChainBreak } from './types.ts';
