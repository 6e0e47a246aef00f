import { describe, expect, it } from 'vitest';
import { createFrameQueue } from '../frameQueue.ts';
import type { FrameQueueClock } from '../frameQueue.ts';

/** A hand-driven clock: timers fire in time order with advance(ms); frames fire with frame(). */
function manualClock(withFrames = true) {
  let now = 0;
  let timers: { at: number; cb: () => void }[] = [];
  let frames: (() => void)[] = [];
  const clock: FrameQueueClock = {
    frame: withFrames ? (cb) => { frames.push(cb); } : null,
    timer: (cb, ms) => { timers.push({ at: now + ms, cb }); },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.cb();
    }
    now = end;
  };
  const frame = () => { const f = frames; frames = []; for (const cb of f) cb(); };
  return { clock, advance, frame };
}

describe('createFrameQueue: one job per animation frame', () => {
  it('runs the first job in its own task, then one job after each frame', () => {
    const c = manualClock();
    const schedule = createFrameQueue(c.clock);
    const ran: string[] = [];
    schedule(() => ran.push('a'));
    schedule(() => ran.push('b'));
    schedule(() => ran.push('c'));
    expect(ran).toEqual([]); // nothing inside the caller's task
    c.advance(0);
    expect(ran).toEqual(['a']);
    c.advance(16); // time passes but no frame has been painted: b waits (fallback at 100 ms)
    expect(ran).toEqual(['a']);
    c.frame(); c.advance(0);
    expect(ran).toEqual(['a', 'b']);
    c.frame(); c.advance(0);
    expect(ran).toEqual(['a', 'b', 'c']);
    c.advance(1000); // the fallback timers of jobs already run do nothing
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('drains on the fallback timer where no frames come (hidden tab, DOM without frames)', () => {
    const c = manualClock(false);
    const schedule = createFrameQueue(c.clock, 100);
    const ran: number[] = [];
    for (let k = 0; k < 3; k++) schedule(() => ran.push(k));
    c.advance(0);
    expect(ran).toEqual([0]);
    c.advance(99);
    expect(ran).toEqual([0]);
    c.advance(1);
    expect(ran).toEqual([0, 1]);
    c.advance(100);
    expect(ran).toEqual([0, 1, 2]);
  });

  it('a job that throws does not stop the queue; a job scheduled after it drained starts a new drain', () => {
    const c = manualClock();
    const schedule = createFrameQueue(c.clock);
    const ran: string[] = [];
    schedule(() => { throw new Error('boom'); });
    schedule(() => ran.push('after'));
    expect(() => c.advance(0)).toThrow('boom');
    c.frame(); c.advance(0);
    expect(ran).toEqual(['after']);
    schedule(() => ran.push('later'));
    c.advance(0);
    expect(ran).toEqual(['after', 'later']);
  });
});
