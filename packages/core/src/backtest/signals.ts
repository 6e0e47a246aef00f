import { rollingMean } from './rollingMean.ts';

/**
 * crossedAbove(a, b) – vectorbt's `crossed_above` (wait = 0): true at t when a[t] > b[t] after a
 * stretch where a was strictly below b (equal values keep the state; a NaN resets it).
 */
export function crossedAbove(a: Float64Array, b: Float64Array): Uint8Array {
  const out = new Uint8Array(a.length);
  let wasBelow = false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i], y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) { wasBelow = false; continue; }
    if (wasBelow) {
      if (x > y) { out[i] = 1; wasBelow = false; }
    } else if (x < y) wasBelow = true;
  }
  return out;
}

export interface MaCross {
  fast: Float64Array;
  slow: Float64Array;
  /** +1 while fast > slow, −1 while fast < slow, 0 when equal or in warm-up. */
  side: Int8Array;
  /** fast crossed above slow (parity-mode entries). */
  entries: Uint8Array;
  /** fast crossed below slow (parity-mode exits). */
  exits: Uint8Array;
}

/** maCrossSignals(close, fastWindow, slowWindow) – simple moving-average crossover on closes (causal). */
export function maCrossSignals(close: Float64Array, fastWindow: number, slowWindow: number): MaCross {
  if (!(Number.isInteger(fastWindow) && fastWindow >= 1 && Number.isInteger(slowWindow) && slowWindow > fastWindow)) {
    throw new Error(`ma-cross windows must be integers with 1 ≤ fast < slow; were ${fastWindow}, ${slowWindow}`);
  }
  const fast = rollingMean(close, fastWindow), slow = rollingMean(close, slowWindow);
  const side = new Int8Array(close.length);
  for (let i = 0; i < close.length; i++) side[i] = fast[i] > slow[i] ? 1 : fast[i] < slow[i] ? -1 : 0;
  return { fast, slow, side, entries: crossedAbove(fast, slow), exits: crossedAbove(slow, fast) };
}

/** sideToEntriesExits(side) – long-only parity signals: enter when side = +1, exit when side ≠ +1. */
export function sideToEntriesExits(side: Int8Array): { entries: Uint8Array; exits: Uint8Array } {
  const entries = new Uint8Array(side.length), exits = new Uint8Array(side.length);
  for (let i = 0; i < side.length; i++) { if (side[i] === 1) entries[i] = 1; else exits[i] = 1; }
  return { entries, exits };
}
