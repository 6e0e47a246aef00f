import { describe, expect, it } from 'vitest';
import { createThrottle, type ThrottleClock } from '../report/throttle.ts';

/** A hand-driven clock: timers fire when `advance` passes their due time. */
function fakeClock() {
  let now = 0;
  const timers: { due: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: ThrottleClock = {
    now: () => now,
    setTimeout: (fn, ms) => { const id = nextId++; timers.push({ due: now + ms, fn, id }); return id; },
    clearTimeout: (h) => { const i = timers.findIndex((t) => t.id === h); if (i >= 0) timers.splice(i, 1); },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.due - b.due);
      const t = timers[0];
      if (!t || t.due > end) break;
      timers.shift();
      now = t.due;
      t.fn();
    }
    now = end;
  };
  return { clock, advance };
}

describe('createThrottle', () => {
  it('runs the first request at once (next macrotask), then at most once per window, with a trailing call', () => {
    const { clock, advance } = fakeClock();
    const calls: number[] = [];
    const th = createThrottle(() => calls.push(clock.now()), 300, clock);
    th.request();
    advance(0);
    expect(calls).toEqual([0]); // leading edge: no 300 ms wait for the first point
    advance(10); th.request(); th.request();
    advance(100);
    expect(calls).toEqual([0]); // inside the window: collapsed and held back
    advance(200);
    expect(calls).toEqual([0, 300]); // trailing edge at the window's end
    advance(1000); th.request(); advance(0);
    expect(calls).toEqual([0, 300, 1310]); // after a quiet spell the next request is immediate again
  });

  it('flush runs at once inside a window (the first equity point after progress events), then throttles again', () => {
    const { clock, advance } = fakeClock();
    const calls: number[] = [];
    const th = createThrottle(() => calls.push(clock.now()), 300, clock);
    th.request(); advance(0); // a progress event at 0
    advance(50); th.request(); // another at 50: held to 300
    advance(20); th.flush(); advance(0);
    expect(calls).toEqual([0, 70]); // the flush replaced the held call
    th.request(); advance(100);
    expect(calls).toEqual([0, 70]);
    advance(200);
    expect(calls).toEqual([0, 70, 370]);
  });

  it('cancel drops a pending call', () => {
    const { clock, advance } = fakeClock();
    let n = 0;
    const th = createThrottle(() => { n++; }, 300, clock);
    th.request(); advance(0); th.request(); th.cancel(); advance(1000);
    expect(n).toBe(1);
  });
});
