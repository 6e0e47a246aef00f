/**
 * createThrottle(fn, ms) – calls `fn` at most once per `ms`, on the leading edge and the trailing edge:
 * the first request after a quiet spell runs in the next macrotask (a stream's first equity point is drawn
 * at once, not `ms` later), requests inside the window collapse into one call when it ends. Clock and
 * timers are parameters so tests can drive them.
 */
export interface Throttle {
  request(): void;
  cancel(): void;
}

export interface ThrottleClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const browserClock: ThrottleClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function createThrottle(fn: () => void, ms: number, clock: ThrottleClock = browserClock): Throttle {
  let timer: unknown = null;
  let last = -Infinity;
  return {
    request() {
      if (timer !== null) return;
      const wait = Math.max(0, last + ms - clock.now());
      timer = clock.setTimeout(() => { timer = null; last = clock.now(); fn(); }, wait);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
