/**
 * A queue of main-thread jobs run one per macrotask (used by Chart for chart creation, option updates and
 * resizes), so a page that mounts several charts at once does their work in several short tasks instead
 * of one long one. A job that throws does not stop the queue. The timer is a parameter (tests drive it).
 *
 * Tried and not kept: waiting for an animation frame between jobs (so each chart's lazy paint gets a frame
 * of its own) removed the 53–64 ms long tasks when a report opened, but delayed a live run's first equity
 * paint past the end of a short run in the e2e streaming check.
 */
export type QueueTimer = (cb: () => void, ms: number) => void;

/** createJobQueue(timer) – returns schedule(job). */
export function createJobQueue(timer: QueueTimer = (cb, ms) => { setTimeout(cb, ms); }): (job: () => void) => void {
  const queue: (() => void)[] = [];
  let draining = false;
  const drain = () => {
    const job = queue.shift();
    try { job?.(); } finally {
      if (queue.length) timer(drain, 0);
      else draining = false;
    }
  };
  return (job) => {
    queue.push(job);
    if (!draining) { draining = true; timer(drain, 0); }
  };
}
