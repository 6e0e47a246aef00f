import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { initTRPC, TRPCError } from '@trpc/server';
import { createHTTPServer } from '@trpc/server/adapters/standalone';
import { z } from 'zod';
import { paperCommand } from '../paper.ts';
import { expectOneLineError, runInProcess } from './cliHarness.ts';

// A tRPC 11 server with the server's paper.get / list / stop procedures (same paths, inputs and error codes as
// apps/server/src/trpc/routers/paper.ts) over one stored session: the CLI speaks tRPC's real HTTP wire format.
const t = initTRPC.create();
const view = {
  id: 'pabc123', runId: 'run1', feed: 'replay', speed: 'max', status: 'running', error: null as string | null, createdAt: 1, updatedAt: Date.UTC(2024, 0, 1), configHash: 'f'.repeat(64), symbols: ['BTC', 'ETH'], interval: '1m',
  summary: { bars: 144, firstTs: Date.UTC(2024, 0, 1), lastTs: Date.UTC(2024, 0, 1, 2, 23), equity: 100_123.45, totalReturn: 0.0012345, maxDrawdown: 0.01, fills: 13, orders: 13, trades: 7, fees: 1.5, slippage: 0.7, funding: 0, gaps: 0, halts: [], positions: { BTC: 0, ETH: 0.5 } },
  health: { lastMessageAt: 5, lagMs: 0, gaps: 0, reconnects: 0, errors: 0, backfills: 0, lastEvent: null, parity: null as null | { fillMismatches: number; flags: string[]; paperEquity: number; backtestEquity: number } },
};
const sessionId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/) });
const router = t.router({
  paper: t.router({
    get: t.procedure.input(sessionId).query(({ input }) => { if (input.id !== view.id) throw new TRPCError({ code: 'NOT_FOUND', message: `paper session "${input.id}" not found` }); return view; }),
    list: t.procedure.input(z.object({ limit: z.number().int().positive().max(500) })).query(() => [{ id: view.id, runId: view.runId, feed: view.feed, status: view.status, updatedAt: view.updatedAt, error: null }]),
    stop: t.procedure.input(sessionId).mutation(({ input }) => {
      if (view.status !== 'running') throw new TRPCError({ code: 'BAD_REQUEST', message: `stop: a running or paused session, got "${input.id} is ${view.status}"` });
      view.status = 'stopped';
      return view;
    }),
  }),
});
const server = createHTTPServer({ router, basePath: '/trpc/' });
let url = '';
beforeAll(async () => { await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())); url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`; });
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('skippy-train paper status|stop --server URL (the server\'s tRPC API)', () => {
  it('status lists the sessions; status --id shows one; stop --id stops it; a second stop is the server\'s one-line refusal', async () => {
    const list = await runInProcess(paperCommand, 'status', '--server', url);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(/^pabc123 {2}running {2}replay run run1 {2}updated 2024-01-01T00:00:00Z/);
    const one = await runInProcess(paperCommand, 'status', '--server', `${url}/`, '--id', 'pabc123', '--json');
    expect(one.code, one.stderr).toBe(0);
    const j = JSON.parse(one.stdout) as { status: string; bars: number; fills: number; equity: number; positions: Record<string, number>; fill_mismatches: number | null };
    expect(j).toMatchObject({ status: 'running', bars: 144, fills: 13, equity: 100_123.45, positions: { BTC: 0, ETH: 0.5 }, fill_mismatches: null });
    const stop = await runInProcess(paperCommand, 'stop', '--server', url, '--id', 'pabc123');
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/^paper session pabc123 of run1 \(config ffffffffffff\): stopped, replay feed\n {2}bars 144: 2024-01-01T00:00:00Z → 2024-01-01T02:23:00Z; gaps 0\n {2}equity 100123\.45 \(0\.12 %\)/);
    const again = await runInProcess(paperCommand, 'stop', '--server', url, '--id', 'pabc123');
    expect(again.code).toBe(2);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/server paper\.stop: an answer, got "BAD_REQUEST" \(stop: a running or paused session, got "pabc123 is stopped"\)/);
  });

  it('bad input is one line and exit 2: no --server, a bad URL or id, stop without --id, an unknown session, an unreachable server', async () => {
    const cases: [string[], RegExp][] = [
      [['status'], /--server: the URL of a Skippy server for paper status/],
      [['status', '--server', 'ftp://x'], /--server: an http\(s\) URL/],
      [['status', '--server', url, '--id', '../x'], /--id: a paper session id/],
      [['stop', '--server', url], /--id: the paper session to stop/],
      [['status', '--server', url, '--id', 'nope'], /server paper\.get: an answer, got "NOT_FOUND" \(paper session "nope" not found\)/],
      [['status', '--server', 'http://127.0.0.1:9'], /--server: a reachable Skippy server/],
    ];
    for (const [args, msg] of cases) {
      expectOneLineError(await runInProcess(paperCommand, ...args), msg, args.join(' '));
    }
  });
});
