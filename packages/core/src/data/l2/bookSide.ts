/**
 * One side of an L2 book as two parallel sorted arrays, best level LAST so that the frequent
 * changes near the top move few elements. Keys are `sign × price` in ascending order
 * (bids: sign +1, so the highest bid is last; asks: sign −1, so the lowest ask is last).
 *
 * Quantity 0 removes a level; removing an absent level is a no-op (Binance documents that this
 * happens and is normal). A removal inside the array leaves a tombstone (qty 0) instead of moving
 * every better level down; a later insertion next to a tombstone reuses its slot (the order of
 * keys stays intact), tombstones at the top are trimmed at once (so the last entry is always the
 * live best level), and the arrays are compacted when tombstones pile up. Readers (bestPrice,
 * writeTop) skip tombstones, so the visible book is exactly the set of levels with qty > 0.
 */
export class BookSide {
  readonly sign: 1 | -1;
  key: Float64Array;
  qty: Float64Array;
  /** Used slots (live levels + tombstones). */
  n = 0;
  /** Tombstones among the used slots. */
  dead = 0;

  constructor(sign: 1 | -1, capacity = 2048) {
    this.sign = sign;
    this.key = new Float64Array(capacity);
    this.qty = new Float64Array(capacity);
  }

  clear(): void {
    this.n = 0;
    this.dead = 0;
  }

  /** Number of live levels. */
  get size(): number {
    return this.n - this.dead;
  }

  /** set(price, qty): the new absolute size at `price`; 0 removes the level. */
  set(price: number, qty: number): void {
    const k = this.sign * price;
    const key = this.key;
    const q = this.qty;
    const n = this.n;
    // lower bound: first index with key[i] >= k (tombstones keep their keys, so the order holds)
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    if (lo < n && key[lo] === k) {
      const was = q[lo];
      if (qty === 0) {
        if (was === 0) return;
        q[lo] = 0;
        this.dead++;
        if (lo === n - 1) this.trimTop();
        else if (this.dead > 64 && this.dead * 4 > n) this.compact();
      } else {
        if (was === 0) this.dead--;
        q[lo] = qty;
      }
      return;
    }
    if (qty === 0) return;
    // reuse a neighbouring tombstone: key[lo-1] < k < key[lo], so either slot keeps the order
    if (lo > 0 && q[lo - 1] === 0) {
      key[lo - 1] = k;
      q[lo - 1] = qty;
      this.dead--;
      return;
    }
    if (lo < n && q[lo] === 0) {
      key[lo] = k;
      q[lo] = qty;
      this.dead--;
      return;
    }
    if (n === key.length) {
      // growing may compact tombstones away, which moves the insertion point: start over
      this.grow();
      this.set(price, qty);
      return;
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

  /** Drops tombstones at the top so that the last slot is the live best level. */
  private trimTop(): void {
    const q = this.qty;
    let n = this.n;
    while (n > 0 && q[n - 1] === 0) {
      n--;
      this.dead--;
    }
    this.n = n;
  }

  /** Removes every tombstone (stable). */
  private compact(): void {
    const key = this.key;
    const q = this.qty;
    let w = 0;
    for (let i = 0; i < this.n; i++) {
      if (q[i] !== 0) {
        key[w] = key[i];
        q[w] = q[i];
        w++;
      }
    }
    this.n = w;
    this.dead = 0;
  }

  private grow(): void {
    if (this.dead > 0) {
      this.compact();
      if (this.n < this.key.length) return;
    }
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
   * writeTop(levels, px, qty, offset): the best `levels` live levels, best first, into px/qty from
   * `offset`; missing levels are NaN.
   */
  writeTop(levels: number, px: Float64Array, qty: Float64Array, offset: number): void {
    const sign = this.sign;
    const key = this.key;
    const q = this.qty;
    let i = this.n - 1;
    let skipped = 0;
    for (let j = 0; j < levels; j++) {
      while (i >= 0 && q[i] === 0) {
        i--;
        skipped++;
      }
      if (i >= 0) {
        px[offset + j] = sign * key[i];
        qty[offset + j] = q[i];
        i--;
      } else {
        px[offset + j] = NaN;
        qty[offset + j] = NaN;
      }
    }
    // many tombstones among the top levels slow every read: compact now (the visible book is unchanged)
    if (skipped > 8) this.compact();
  }
}
