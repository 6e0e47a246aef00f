/**
 * @skippy/core/paper – paper trading (pure): a PaperSession trades a run's frozen artifact forward one
 * closed bar at a time through the backtest's own engine; periodBacktest / driftReport / replayParity
 * compare it with the backtest of the same bars. See README.md.
 */
export { PaperSession, encodePaperState, decodePaperState, paperFeatureCheck, paperDataCheck, paperStateBook, PAPER_STATE_FORMAT } from './session.ts';
export type { PaperBar, PaperBookState, PaperModel, PaperSessionOptions, PaperStep, PaperSummary, PaperSessionState } from './session.ts';
export { bookNeeds, bookReplay, bookRows } from './book.ts';
export type { BookReplay, PaperBook } from './book.ts';
export { frozenModel, frozenPolicies } from './frozenModel.ts';
export type { ModelRestorer } from './frozenModel.ts';
export { periodBacktest, policyPeriodSignals, driftReport, replayParity, backtestTotals, paperTotals } from './parity.ts';
export type { DriftFill, DriftRow, DriftTotals, DriftReport, ReplayParity } from './parity.ts';
export { frozenArtifact, frozenPolicyArtifact, isPolicyArtifact, FROZEN_ARTIFACT_FORMAT } from '../pipeline/frozen.ts';
export type { FrozenArtifact, FrozenPolicyArtifact, FrozenRunArtifact } from '../pipeline/frozen.ts';
