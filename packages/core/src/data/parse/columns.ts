/** Growing Float64Array columns for parsers: append per row, then `finish()` trims to length (one copy). */
export class ColumnSet {
  readonly names: string[];
  data: Float64Array[];
  length = 0;
  private capacity: number;

  constructor(names: string[], capacity = 4096) {
    this.names = names;
    this.capacity = Math.max(16, capacity);
    this.data = names.map(() => new Float64Array(this.capacity));
  }

  /** Makes room for one more row and returns its index; write with `data[c][row] = x`. */
  addRow(): number {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      this.data = this.data.map((col) => {
        const next = new Float64Array(this.capacity);
        next.set(col);
        return next;
      });
    }
    return this.length++;
  }

  /**
   * The filled part of every column. A view when the spare capacity is under 25 % (no copy),
   * else a compact copy so a large unused buffer is not kept alive.
   */
  finish(): Float64Array[] {
    const compact = this.length * 4 < this.capacity * 3;
    return this.data.map((col) => (compact ? col.slice(0, this.length) : col.subarray(0, this.length)));
  }
}
