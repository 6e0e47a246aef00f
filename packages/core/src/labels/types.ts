/** Why candidate events produced no label (per horizon). */
export interface DroppedEvents {
  /** Target (volatility) undefined at t0, e.g. in the warm-up window. Only for explicitly given events. */
  undefined_target: number;
  /** trgt < min_return_threshold. */
  below_min_return: number;
  /** Side given but 0 at t0 (no position to label). */
  no_side: number;
  /** Vertical barrier t0 + h lies beyond the last bar. */
  beyond_data: number;
  /** The path from t0 to the vertical barrier t0 + h crosses a gap longer than `maxGapMs` (data.max_gap_bars). */
  gap: number;
}

/** Triple-barrier labels for one horizon, one row per labelled event, in t0 order. */
export interface LabelSet {
  /** Vertical barrier in bars. */
  horizon: number;
  t0Idx: Int32Array;
  t1Idx: Int32Array;
  /** Epoch ms of the bars at t0Idx / t1Idx (bar open times, as in the input). */
  t0: Float64Array;
  t1: Float64Array;
  /** 1 profit-take, −1 stop-loss, 0 vertical barrier. */
  barrier: Int8Array;
  /** Simple return from c_{t0} at t1, multiplied by the side when one is given. */
  ret: Float64Array;
  /** +1 upper (pt), −1 lower (sl), 0 vertical. */
  label: Int8Array;
  /** Barrier width (relative): multiplier × volatility at t0. */
  trgt: Float64Array;
  side?: Int8Array;
  /** 1 when the side-adjusted return at t1 is > 0, else 0 (only with a side). */
  meta?: Int8Array;
  /** high_low mode: labels whose first-touch bar crossed both barriers (resolved by the ambiguity rule). */
  ambiguousBars: number;
  dropped: DroppedEvents;
  /** Candidate events before any drop. */
  candidates: number;
}
