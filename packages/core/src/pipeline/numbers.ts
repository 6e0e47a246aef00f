import type { Num } from '../reports/types.ts';

/** num(x) – a finite number or null (the report's JSON-safe number). */
export function num(x: number | null | undefined): Num {
  return typeof x === 'number' && Number.isFinite(x) ? x : null;
}

/** toArray(typed) – plain number array with non-finite values as null-safe numbers (callers pass finite data). */
export function toArray(x: ArrayLike<number>): number[] {
  return Array.from(x);
}
