/**
 * walkBook(px, qty, row, levels, wantQty, limitPx, side, out) – a market (or marketable limit) order
 * taking liquidity level by level from one side of a book row (row-major `levels` per row, NaN when
 * missing): a buy walks the asks upwards, a sell the bids downwards, never past `limitPx` (NaN = no
 * limit). Writes (price, qty) pairs into `out` and returns the number of levels taken; the filled
 * quantity is their sum, less than `wantQty` when the visible depth runs out (a partial fill).
 * Every fill price is a displayed level price, so no fill is better than the book.
 */
export function walkBook(px: Float64Array, qty: Float64Array, row: number, levels: number, wantQty: number, limitPx: number, side: 1 | -1, out: Float64Array): number {
  let rem = wantQty, k = 0;
  const base = row * levels;
  for (let l = 0; l < levels && rem > 0; l++) {
    const p = px[base + l], q = qty[base + l];
    if (!(p > 0) || !(q > 0)) break;
    if (limitPx === limitPx && (side === 1 ? p > limitPx : p < limitPx)) break;
    const take = q < rem ? q : rem;
    out[2 * k] = p;
    out[2 * k + 1] = take;
    k++;
    rem -= take;
  }
  return k;
}

/** displayedQtyAt(px, qty, row, levels, price) – size shown at exactly `price` in one side of a row; 0 inside the visible range when absent; NaN beyond it. */
export function displayedQtyAt(px: Float64Array, qty: Float64Array, row: number, levels: number, price: number, side: 1 | -1): number {
  const base = row * levels;
  let worst = Number.NaN;
  for (let l = 0; l < levels; l++) {
    const p = px[base + l];
    if (!(p > 0)) break;
    if (p === price) return qty[base + l];
    worst = p;
  }
  // Bids descend (side +1 = a buy order resting on the bid side), asks ascend.
  if (worst !== worst) return Number.NaN;
  return side === 1 ? (price > worst ? 0 : Number.NaN) : (price < worst ? 0 : Number.NaN);
}
