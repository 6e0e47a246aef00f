import { UserInputError } from '../../util/errors.ts';
import { scanNumber, fieldText } from './scanNumber.ts';
import { scanIsoTime } from './isoTime.ts';
import { epochToMs, epochUnitOf, mixedUnitsError, EPOCH_UNIT_NAMES, type EpochUnit } from './epochUnit.ts';

/**
 * Parses one time column consistently: the first value decides epoch (and its unit, from
 * magnitude) or ISO text; every later value must match, otherwise a UserInputError names the line.
 * Naive ISO values are read in the declared zone (`naiveOffsetMs`, east positive).
 * With `mixSecondsAndMs`, an epoch column may hold seconds and milliseconds row by row (a known export
 * layout mixes both): each value's unit is decided by its own magnitude (< 1e11 s, else ms; the two
 * ranges cannot overlap for dates after 1973), and `otherUnitRows` counts the values in the unit that
 * is not the column's first. Microseconds and nanoseconds must still match the column.
 */
export class TimeColumn {
  private kind: 'epoch' | 'iso' | null = null;
  private unit: EpochUnit = 'ms';
  private firstLine = 0;
  /** True when the last parse() read a value in the other of seconds/milliseconds than the column's first. */
  lastWasOtherUnit = false;
  constructor(
    private readonly source: string,
    private readonly name: string,
    private readonly naiveOffsetMs: number,
    private readonly mixSecondsAndMs = false,
  ) {}

  /** The unit of the column's first value (epoch columns). */
  get firstUnit(): EpochUnit {
    return this.unit;
  }

  /**
   * For an epoch column once its unit is known: [lo, hi, divisor] so that a value v with
   * lo ≤ v < hi converts to ms as v / divisor (the caller's fast path); null otherwise.
   */
  epochFastPath(): [number, number, number] | null {
    if (this.kind !== 'epoch') return null;
    switch (this.unit) {
      case 's': return [0, 1e11, 1e-3];
      case 'ms': return [1e11, 1e14, 1];
      case 'us': return [1e14, 1e17, 1e3];
      default: return [1e17, Infinity, 1e6];
    }
  }

  /** Describes what the column holds, e.g. "epoch milliseconds" or "ISO timestamps". */
  describe(): string {
    return this.kind === 'iso' ? 'ISO timestamps' : this.kind === 'epoch' ? `epoch ${EPOCH_UNIT_NAMES[this.unit]}` : 'nothing yet';
  }

  private where(line: number): string {
    return `${this.source}:${line}: ${this.name}`;
  }

  parse(text: string, s: number, e: number, line: number): number {
    if (this.kind === 'epoch') {
      const v = scanNumber(text, s, e);
      if (Number.isFinite(v)) {
        const t = epochToMs(v, this.unit);
        this.lastWasOtherUnit = false;
        if (!Number.isNaN(t)) return t;
        const other = epochUnitOf(v);
        if (this.mixSecondsAndMs && (this.unit === 's' || this.unit === 'ms') && (other === 's' || other === 'ms')) {
          this.lastWasOtherUnit = true;
          return epochToMs(v, other);
        }
        throw mixedUnitsError(this.where(line), v, this.unit, `line ${this.firstLine}`);
      }
      const where = this.where(line);
      if (!Number.isNaN(scanIsoTime(text, s, e, 0))) throw new UserInputError(where, `expected ${this.describe()} like the rest of the column (from line ${this.firstLine}); mixed time formats`, fieldText(text, s, e));
      throw new UserInputError(where, 'expected a timestamp', fieldText(text, s, e));
    }
    if (this.kind === 'iso') {
      const t = scanIsoTime(text, s, e, this.naiveOffsetMs);
      if (!Number.isNaN(t)) return t;
      const where = this.where(line);
      if (Number.isFinite(scanNumber(text, s, e))) throw new UserInputError(where, `expected an ISO timestamp like the rest of the column (from line ${this.firstLine}); mixed time formats`, fieldText(text, s, e));
      throw new UserInputError(where, 'expected an ISO timestamp such as 2021-05-19 13:21:00', fieldText(text, s, e));
    }
    this.firstLine = line;
    const v = scanNumber(text, s, e);
    if (Number.isFinite(v)) {
      this.kind = 'epoch';
      this.unit = epochUnitOf(v);
      return epochToMs(v, this.unit);
    }
    this.kind = 'iso';
    return this.parse(text, s, e, line);
  }
}
