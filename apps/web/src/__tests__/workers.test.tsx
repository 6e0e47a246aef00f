import { describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { MemoryRouter } from 'react-router-dom';
import type { RouterOutputs } from '@skippy/server/router';
import { QueueDepthLine, WorkersView } from '../pages/Workers.tsx';

type ClusterState = NonNullable<RouterOutputs['workers']['list']>;

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const at = Date.UTC(2026, 11, 4, 20, 0, 0);
const redis: ClusterState = {
  mode: 'redis', codeVersion: 'src-0123456789ab', redis: 'redis://10.0.0.5:6379', at,
  queue: { waiting: 12, active: 3, delayed: 1, failed: 2, completed: 40 },
  workers: [
    { id: 'b-host-22-aa11', host: 'b-host', pid: 22, concurrency: 1, codeVersion: 'src-0123456789ab', startedAt: at - 60_000, seenAt: at, current: ['rabc'], completed: 17, failed: 1, perMinute: 9 },
    { id: 'a-host-11-bb22', host: 'a-host', pid: 11, concurrency: 2, codeVersion: 'src-0123456789ab', startedAt: at - 60_000, seenAt: at, current: [], completed: 23, failed: 0, perMinute: 11 },
  ],
};

describe('Workers page', () => {
  it('WorkersView: engine, queue depth, capacity and one row per worker (host, concurrency, current job, throughput, failures), sorted by host', () => {
    const t = text(renderToString(<MemoryRouter><WorkersView state={redis} /></MemoryRouter>));
    expect(t).toContain('BullMQ (Redis)');
    expect(t).toContain('redis://10.0.0.5:6379');
    expect(t).toMatch(/Waiting 12 1 waiting to retry/);
    expect(t).toMatch(/Running 3 capacity 3/);
    expect(t).toContain('2 connected workers');
    expect(t.indexOf('a-host-11-bb22')).toBeLessThan(t.indexOf('b-host-22-aa11'));
    expect(t).toMatch(/a-host a-host-11-bb22 2 idle 11 23 0 src-0123456789ab/);
    expect(t).toMatch(/b-host b-host-22-aa11 1 rabc 9 17 1 src-0123456789ab 2026-12-04 20:00/);
  });

  it('QueueDepthLine: the Runs page line for Redis and for the embedded pool', () => {
    expect(text(renderToString(<QueueDepthLine state={redis} />))).toContain('Queue: 12 waiting, 3 running, 1 retrying — BullMQ on redis://10.0.0.5:6379 · 2 workers');
    const embedded: ClusterState = { ...redis, mode: 'embedded', redis: null, queue: { waiting: 0, active: 1, delayed: 0, failed: 0, completed: 0 }, workers: [{ ...redis.workers[0], concurrency: 3 }] };
    expect(text(renderToString(<QueueDepthLine state={embedded} />))).toContain('Queue: 0 waiting, 1 running — embedded pool · 3 worker threads');
  });
});
