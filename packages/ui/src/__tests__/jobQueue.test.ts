import { describe, expect, it } from 'vitest';
import { createJobQueue } from '../jobQueue.ts';

/** A hand-driven timer: tick() runs the timers due now, in order (what a macrotask turn does). */
function manualTimer() {
  let due: (() => void)[] = [];
  return {
    timer: (cb: () => void) => { due.push(cb); },
    tick: () => { const d = due; due = []; for (const cb of d) cb(); },
  };
}

describe('createJobQueue: one job per macrotask', () => {
  it('runs nothing inside the caller, then one job per task in order', () => {
    const t = manualTimer();
    const schedule = createJobQueue(t.timer);
    const ran: string[] = [];
    schedule(() => ran.push('a'));
    schedule(() => ran.push('b'));
    schedule(() => ran.push('c'));
    expect(ran).toEqual([]);
    t.tick(); expect(ran).toEqual(['a']);
    t.tick(); expect(ran).toEqual(['a', 'b']);
    t.tick(); expect(ran).toEqual(['a', 'b', 'c']);
    t.tick(); expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('a job that throws does not stop the queue; a job scheduled after it drained starts a new drain', () => {
    const t = manualTimer();
    const schedule = createJobQueue(t.timer);
    const ran: string[] = [];
    schedule(() => { throw new Error('boom'); });
    schedule(() => ran.push('after'));
    expect(() => t.tick()).toThrow('boom');
    t.tick();
    expect(ran).toEqual(['after']);
    schedule(() => ran.push('later'));
    t.tick();
    expect(ran).toEqual(['after', 'later']);
  });
});
