/** At most maxEventStreams progress streams are open at once; one more is a one-line 429, and a closed stream frees its slot. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type RunningServer } from '../server.ts';

let dir: string, server: RunningServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-sse-cap-'));
  server = await createServer({ port: 0, home: dir, workers: 1, warmWorkers: false, maxEventStreams: 2 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = (ac: AbortController) => fetch(`${server.url}/trpc/runs.onProgress?input=${encodeURIComponent('{}')}`, { headers: { accept: 'text/event-stream' }, signal: ac.signal });

describe('progress streams are capped', () => {
  it('answers the third stream 429 in one line while two are open, and accepts it again once one closes', async () => {
    const a = new AbortController(), b = new AbortController(), c = new AbortController(), d = new AbortController();
    const r1 = await open(a), r2 = await open(b);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    const r3 = await open(c);
    expect(r3.status).toBe(429);
    expect(((await r3.json()) as { error: { message: string } }).error.message).toBe('too many open progress streams (at most 2); close other tabs or clients and retry');
    // ordinary queries are not streams and are not counted
    expect((await fetch(`${server.url}/trpc/runs.list`)).status).toBe(200);
    a.abort();
    await r1.body?.cancel().catch(() => undefined);
    let r4: Response | null = null;
    for (let k = 0; k < 50 && r4?.status !== 200; k++) {
      await new Promise((res) => setTimeout(res, 20));
      r4 = await open(d);
      if (r4.status !== 200) await r4.body?.cancel().catch(() => undefined);
    }
    expect(r4!.status).toBe(200);
    b.abort(); d.abort();
  });
});
