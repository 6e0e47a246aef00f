/**
 * A queue of main-thread jobs run one per animation frame (used by Chart for chart creation, option
 * updates and resizes). The first job runs in a task of its own; each later job waits until the frame after
 * the previous job has run (a task after the next `requestAnimationFrame`), so work that a job defers to
 * the next frame — ECharts' `lazyUpdate` paint — never shares a frame with the next job's. A timer
 * (`fallbackMs`) backs up the frame callback: hidden tabs and DOMs without frames still drain. A job that
 * throws does not stop the queue.
 */
export interface FrameQueueClock {
  /** requestAnimationFrame, or null where there is none. */
  frame: ((cb: () => void) => void) | null;
  timer: (cb: () => void, ms: number) => void;
}

export function browserFrameClock(): FrameQueueClock {
  return {
    frame: typeof requestAnimationFrame === 'function' ? (cb) => { requestAnimationFrame(() => cb()); } : null,
    timer: (cb, ms) => { setTimeout(cb, ms); },
  };
}

/** createFrameQueue(clock, fallbackMs) – returns schedule(job). */
export function createFrameQueue(clock: FrameQueueClock = browserFrameClock(), fallbackMs = 100): (job: () => void) => void {
  const queue: (() => void)[] = [];
  let draining = false;
  const afterNextFrame = (fn: () => void) => {
    let done = false;
    const once = () => { if (!done) { done = true; fn(); } };
    if (clock.frame) clock.frame(() => clock.timer(once, 0));
    clock.timer(once, fallbackMs);
  };
  const drain = () => {
    const job = queue.shift();
    try { job?.(); } finally {
      if (queue.length) afterNextFrame(drain);
      else draining = false;
    }
  };
  return (job) => {
    queue.push(job);
    if (!draining) { draining = true; clock.timer(drain, 0); }
  };
}
