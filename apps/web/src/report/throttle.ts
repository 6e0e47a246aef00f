/**
 * createThrottle(fn, ms) – calls `fn` at most once per `ms`, on the leading edge and the trailing edge:
 * the first request after a quiet spell runs in the next macrotask (a stream's first equity point is drawn
 * at once, not `ms` later), requests inside the window collapse into one call when it ends. Clock and
 * timers are parameters so tests can drive them.
 */
export interface Throttle {
  request(): void;
  /** Runs `fn` in the next macrotask whatever the window (something the user waits for arrived); restarts the window. */
  flush(): void;
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
  const arm = (wait: number) => { timer = clock.setTimeout(() => { timer = null; last = clock.now(); fn(); }, wait); };
  return {
    request() {
      if (timer === null) arm(Math.max(0, last + ms - clock.now()));
    },
    flush() {
      if (timer !== null) clock.clearTimeout(timer);
      arm(0);
    },
    cancel() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
