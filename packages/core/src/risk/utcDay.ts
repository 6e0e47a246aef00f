const DAY_MS = 86_400_000;

/** utcDayStart(ts) – epoch ms of 00:00 UTC of the day containing ts. */
export function utcDayStart(ts: number): number {
  return Math.floor(ts / DAY_MS) * DAY_MS;
}

/** nextUtcDayStart(ts) – epoch ms of the next 00:00 UTC strictly after the day containing ts. */
export function nextUtcDayStart(ts: number): number {
  return utcDayStart(ts) + DAY_MS;
}
