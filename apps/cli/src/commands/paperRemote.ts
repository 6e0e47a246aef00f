/**
 * `skippy-train paper status|stop --server URL [--token T] [--id SESSION] [--json]` – a paper session
 * running on a Skippy server, through the server's tRPC API over HTTP (the wire format of tRPC 11 without
 * a transformer: queries GET /trpc/<path>?input=<JSON>, mutations POST /trpc/<path> with the JSON input;
 * answers {result: {data}} or {error: {message, data: {code, httpStatus}}}). status without --id lists the
 * sessions. The token (--token or SKIPPY_TOKEN) is sent as "Authorization: Bearer"; nothing else is read.
 */
import { UserInputError } from '@skippy/core';
import type { CliContext, CommandResult } from '../framework.ts';
import { getString } from '../args.ts';

/** What the server's paper.get / paper.stop answer (the fields printed here). */
interface RemoteView {
  id: string; runId: string; feed: string; speed: number | string; status: string; error: string | null; configHash: string; symbols: string[]; interval: string;
  summary: { bars: number; firstTs: number | null; lastTs: number | null; equity: number; totalReturn: number; maxDrawdown: number; fills: number; orders: number; trades: number; fees: number; slippage: number; funding: number; gaps: number; halts: unknown[]; positions: Record<string, number> };
  health: { lastMessageAt: number | null; lagMs: number | null; gaps: number; reconnects: number; errors: number; backfills: number; parity: { fillMismatches: number; flags: string[] } | null };
}
interface RemoteRow { id: string; runId: string; feed: string; status: string; updatedAt: number; error: string | null }

const SESSION_ID = /^[A-Za-z0-9_-]{1,80}$/;
const iso = (ms: number | null) => (ms === null ? 'n/a' : new Date(ms).toISOString().replace('.000Z', 'Z'));

/** One tRPC call; a refusal of the server is one line naming the procedure and the server's message. */
async function call<T>(server: string, token: string | undefined, kind: 'query' | 'mutation', path: string, input: unknown): Promise<T> {
  const base = server.replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  let res: Response;
  try {
    res = kind === 'query'
      ? await fetch(`${base}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers, signal: AbortSignal.timeout(15_000) })
      : await fetch(`${base}/trpc/${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(input), signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    throw new UserInputError('--server', 'a reachable Skippy server (skippy-server)', server, e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e));
  }
  type Answer = { result?: { data?: unknown }; error?: { message?: string; data?: { code?: string } } };
  const body = await res.json().then((x: unknown) => (x !== null && typeof x === 'object' ? x as Answer : null), () => null); // not JSON: reported below
  if (res.ok && body?.result && 'data' in body.result) return body.result.data as T;
  const msg = body?.error?.message ?? `HTTP ${res.status}`;
  if (res.status === 401) throw new UserInputError('--token', 'the server\'s token (SKIPPY_TOKEN)', token ? 'a wrong token' : 'none', msg);
  throw new UserInputError(`server ${path}`, 'an answer', `${body?.error?.data?.code ?? res.status}`, msg);
}

export async function remote(ctx: CliContext, sub: 'status' | 'stop'): Promise<CommandResult> {
  const server = getString(ctx, 'server');
  if (!server) throw new UserInputError('--server', `the URL of a Skippy server for paper ${sub} (e.g. http://127.0.0.1:5178)`);
  if (!/^https?:\/\/[^\s/]+/.test(server)) throw new UserInputError('--server', 'an http(s) URL such as http://127.0.0.1:5178', server);
  const token = getString(ctx, 'token') ?? (process.env.SKIPPY_TOKEN || undefined);
  const id = getString(ctx, 'id');
  if (id !== undefined && !SESSION_ID.test(id)) throw new UserInputError('--id', 'a paper session id (letters, digits, _ and -)', id);
  if (sub === 'stop' && id === undefined) throw new UserInputError('--id', 'the paper session to stop (paper status --server URL lists them)');
  if (sub === 'status' && id === undefined) {
    const rows = await call<RemoteRow[]>(server, token, 'query', 'paper.list', { limit: 100 });
    const text = rows.length === 0 ? 'no paper sessions on the server'
      : rows.map((r) => `${r.id}  ${r.status.padEnd(8)} ${r.feed.padEnd(6)} run ${r.runId}  updated ${iso(r.updatedAt)}${r.error ? `  (${r.error})` : ''}`).join('\n');
    return { json: { sessions: rows }, text, exitCode: 0 };
  }
  const v = await call<RemoteView>(server, token, sub === 'stop' ? 'mutation' : 'query', sub === 'stop' ? 'paper.stop' : 'paper.get', { id });
  const s = v.summary, h = v.health;
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)} %` : 'n/a');
  const json = {
    id: v.id, run_id: v.runId, status: v.status, error: v.error, feed: v.feed, speed: v.speed, config_hash: v.configHash, symbols: v.symbols, interval: v.interval,
    bars: s.bars, first_ts: s.firstTs, last_ts: s.lastTs, equity: s.equity, total_return: s.totalReturn, max_drawdown: s.maxDrawdown,
    fills: s.fills, orders: s.orders, trades: s.trades, fees: s.fees, slippage: s.slippage, funding: s.funding, halts: s.halts.length, gaps: s.gaps, positions: s.positions,
    feed_health: { last_message_at: h.lastMessageAt, lag_ms: h.lagMs, gaps: h.gaps, reconnects: h.reconnects, errors: h.errors, backfills: h.backfills },
    fill_mismatches: h.parity ? h.parity.fillMismatches : null,
  };
  const text = [
    `paper session ${v.id} of ${v.runId} (config ${v.configHash.slice(0, 12)}): ${v.status}${v.error ? ` – ${v.error}` : ''}, ${v.feed} feed`,
    `  bars ${s.bars}: ${iso(s.firstTs)} → ${iso(s.lastTs)}; gaps ${s.gaps}`,
    `  equity ${s.equity.toFixed(2)} (${pct(s.totalReturn)}), max drawdown ${pct(s.maxDrawdown)}; fills ${s.fills}, orders ${s.orders}, trades ${s.trades}; halts ${s.halts.length}`,
    `  feed: last message ${iso(h.lastMessageAt)}, lag ${h.lagMs ?? 'n/a'} ms, reconnects ${h.reconnects}, errors ${h.errors}, back-fills ${h.backfills}`,
    ...(h.parity ? [`  fill_mismatches ${h.parity.fillMismatches}${h.parity.flags.length ? ` (${h.parity.flags.join('; ')})` : ''}`] : []),
  ].join('\n');
  return { json, text, exitCode: 0 };
}
