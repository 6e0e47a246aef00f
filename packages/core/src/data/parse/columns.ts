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

  /** The filled part of every column, compact (no spare capacity). */
  finish(): Float64Array[] {
    return this.data.map((col) => col.slice(0, this.length));
  }
}
