/** Progress-bar helpers: a rate and ETA from the progress seen so far, and a clock-style duration. */

/** etaMeter(now) – (done, total) → the rate since the first report and the time left at that rate (NaN while unknown). */
export function etaMeter(now: () => number = () => performance.now()): (done: number, total: number) => { rate: number; etaS: number } {
  let first: { t: number; done: number } | null = null;
  return (done, total) => {
    const t = now();
    if (!first || done < first.done) first = { t, done };
    const secs = (t - first.t) / 1000, rate = secs > 0 ? (done - first.done) / secs : Number.NaN;
    return { rate, etaS: rate > 0 ? (total - done) / rate : Number.NaN };
  };
}

/** m:ss (or h:mm:ss); "?" while unknown. */
export function clockText(secs: number): string {
  if (!Number.isFinite(secs) || secs < 0) return '?';
  const s = Math.round(secs), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

