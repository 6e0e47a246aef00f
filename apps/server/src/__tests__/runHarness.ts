/**
 * A real server on a free loopback port with a temporary home, for tests that start runs and read their
 * results through tRPC: `useTestServer(prefix)` registers beforeAll/afterAll; `finishRun` waits for a run to
 * leave queued/running.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { createServer, type RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

export type TestClient = ReturnType<typeof createTRPCClient<AppRouter>>;

export function useTestServer(prefix: string): { readonly dir: string; readonly server: RunningServer; client: () => TestClient } {
  const box = { dir: '', server: null as unknown as RunningServer };
  beforeAll(async () => {
    box.dir = mkdtempSync(join(tmpdir(), `skippy-${prefix}-`));
    box.server = await createServer({ port: 0, home: box.dir, workers: 1 });
  });
  afterAll(async () => {
    await box.server?.close();
    if (box.dir) rmSync(box.dir, { recursive: true, force: true });
  });
  return {
    get dir() { return box.dir; },
    get server() { return box.server; },
    client: () => createTRPCClient<AppRouter>({ links: [httpLink({ url: `${box.server.url}/trpc` })] }),
  };
}

/** Polls runs.get until the run is no longer queued or running (at most `timeoutMs`); returns the row. */
export async function finishRun(c: TestClient, id: string, timeoutMs = 120_000) {
  const t0 = Date.now();
  for (;;) {
    const r = await c.runs.get.query({ id });
    if (!['queued', 'running'].includes(r.status)) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${id} did not finish in ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
