/**
 * One side of an L2 book as two parallel sorted arrays, best level LAST so that the frequent
 * changes near the top move few elements. Keys are `sign × price` in ascending order
 * (bids: sign +1, so the highest bid is last; asks: sign −1, so the lowest ask is last).
 * Quantity 0 removes a level; removing an absent level is a no-op (Binance documents that
 * this happens and is normal).
 */
export class BookSide {
  readonly sign: 1 | -1;
  key: Float64Array;
  qty: Float64Array;
  n = 0;

  constructor(sign: 1 | -1, capacity = 2048) {
    this.sign = sign;
    this.key = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
  }

  clear(): void {
    this.n = 0;
  }

  /** set(price, qty): the new absolute size at `price`; 0 removes the level. */
  set(price: number, qty: number): void {
    const k = this.sign * price;
    const key = this.key;
    let n = this.n;
    // lower bound: first index with key[i] >= k
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    if (lo < n && key[lo] === k) {
      if (qty === 0) {
        key.copyWithin(lo, lo + 1, n);
        this.qty.copyWithin(lo, lo + 1, n);
        this.n = n - 1;
      } else this.qty[lo] = qty;
      return;
    }
    if (qty === 0) return;
    if (n === key.length) {
      this.grow();
      n = this.n;
    }
    const key2 = this.key;
    const q2 = this.qty;
    if (lo < n) {
      key2.copyWithin(lo + 1, lo, n);
      q2.copyWithin(lo + 1, lo, n);
    }
    key2[lo] = k;
    q2[lo] = qty;
    this.n = n + 1;
  }

  private grow(): void {
    const key = new Float64Array(this.key.length * 2);
    const qty = new Float64Array(this.qty.length * 2);
    key.set(this.key.subarray(0, this.n));
    qty.set(this.qty.subarray(0, this.n));
    this.key = key;
    this.qty = qty;
  }

  /** Best price (NaN when the side is empty). */
  bestPrice(): number {
    return this.n > 0 ? this.sign * this.key[this.n - 1] : NaN;
  }

  /**
   * writeTop(levels, px, qty, offset): the best `levels` levels, best first, into px/qty
   * from `offset`; missing levels are NaN.
   */
  writeTop(levels: number, px: Float64Array, qty: Float64Array, offset: number): void {
    const n = this.n;
    const sign = this.sign;
    for (let j = 0; j < levels; j++) {
      const i = n - 1 - j;
      if (i >= 0) {
        px[offset + j] = sign * this.key[i];
        qty[offset + j] = this.qty[i];
      } else {
        px[offset + j] = NaN;
        qty[offset + j] = NaN;
      }
    }
  }
}
