/** An append-only Float64Array that doubles its capacity; `view()` returns the filled part (no copy). */
export class GrowableF64 {
  data: Float64Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(1, capacity));
  }

  /** Makes room for `extra` more values and returns the index where they start. */
  reserve(extra: number): number {
    const need = this.length + extra;
    if (need > this.data.length) {
      let cap = this.data.length * 2;
      while (cap < need) cap *= 2;
      const next = new Float64Array(cap);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    const at = this.length;
    this.length = need;
    return at;
  }

  push(x: number): void {
    const at = this.reserve(1);
    this.data[at] = x;
  }

  /** A compact copy of the filled part (so the large backing buffer can be released). */
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
