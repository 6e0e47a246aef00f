import { UserInputError } from '../../util/errors.ts';

/**
 * parseTimezoneOffset(tz, field) → the zone's offset from UTC in ms (east positive).
 * Accepts "UTC", "Z", "GMT", "+03:00", "+0300", "-05:30", "UTC+3", "+3". Named zones with daylight
 * saving (Europe/Berlin) are rejected: a file's naive timestamps need one fixed offset.
 * A naive local time `t` in zone `tz` is the UTC instant `t − offset`.
 */
export function parseTimezoneOffset(tz: string | undefined, field = 'timezone'): number {
  if (tz === undefined || tz === '') return 0;
  const s = tz.trim().toUpperCase();
  if (s === 'UTC' || s === 'Z' || s === 'GMT' || s === '+00:00' || s === '-00:00') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (m) {
    const h = Number(m[2]);
    const min = m[3] === undefined ? 0 : Number(m[3]);
    if (h <= 14 && min < 60) return (m[1] === '-' ? -1 : 1) * (h * 60 + min) * 60_000;
  }
  throw new UserInputError(field, 'expected UTC or a fixed offset such as +03:00', tz);
}

/** formatOffset(10_800_000) → "+03:00". */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const total = Math.round(Math.abs(offsetMs) / 60_000);
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
