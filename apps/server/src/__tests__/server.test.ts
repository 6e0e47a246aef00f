/**
 * Server integration: a real SQLite file in a temp folder, the server on a random port, the tRPC
 * client in Node (httpBatchLink + httpSubscriptionLink over the `eventsource` package).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { RunProgress } from '@skippy/core/reports';
import { syntheticBars } from '@skippy/core/data';
import { openDataStore } from '@skippy/io/store';
import { createServer } from '../server.ts';
import type { RunningServer } from '../server.ts';
import type { AppRouter } from '../trpc/router.ts';

const REPO = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
/** 1 synthetic day, 3 folds, 8 CSCV partitions: a full run in about a second. */
const TINY = { name: 'tiny', data: { synthetic: { days: 1 } }, evaluation: { n_splits: 3, cscv_partitions: 8 } };
/** Long enough to be cancelled or killed mid-run. */
const LONGER = { name: 'longer', data: { synthetic: { days: 3 } }, evaluation: { n_splits: 4, cscv_partitions: 8 } };

function client(url: string) {
  return createTRPCClient<AppRouter>({
    links: [splitLink({
      condition: (op) => op.type === 'subscription',
      true: httpSubscriptionLink({ url: `${url}/trpc`, EventSource }),
      false: httpBatchLink({ url: `${url}/trpc` }),
    })],
  });
}
type Client = ReturnType<typeof client>;

/** Collects a run's progress stream until its terminal event (or until `stopWhen` says so). */
function collect(c: Client, runId: string, stopWhen?: (e: RunProgress) => boolean): Promise<RunProgress[]> {
  return new Promise((resolveEvents, reject) => {
    const events: RunProgress[] = [];
    const sub = c.runs.onProgress.subscribe({ runId }, {
      onData: (e) => {
        events.push(e);
        if (stopWhen?.(e)) { sub.unsubscribe(); resolveEvents(events); }
      },
      onError: reject,
      onComplete: () => resolveEvents(events),
    });
  });
}

async function waitFor<T>(f: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const dirs: string[] = [];
const tmp = (p: string) => { const d = mkdtempSync(join(tmpdir(), p)); dirs.push(d); return d; };

let server: RunningServer;
let c: Client;
let configPath: string;

beforeAll(async () => {
  const home = tmp('skippy-srv-');
  configPath = join(home, 'training.yml');
  writeFileSync(configPath, 'name: from-file\nseed: 42\n');
  server = await createServer({ port: 0, home, workers: 2, configPath, webDist: join(home, 'no-web') });
  c = client(server.url);
});

afterAll(async () => {
  await server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('server (Express + tRPC, SQLite, worker pool)', () => {
  it('GET /healthz answers 200 JSON with version, db and workers', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, version: '0.1.0', db: 'ok', workers: { size: 2, busy: 0, queued: 0 } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('runs.start with an invalid config → 400 naming the key path and the value', async () => {
    const res = await fetch(`${server.url}/trpc/runs.start`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ config: { labels: { max_holding_periods: [10, -5, 50] } } }),
    });
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { message: string; data: { issues: { path: string; text: string }[] } } };
    expect(body.error.message).toContain('labels.max_holding_periods[1]: expected a positive integer, got -5');
    expect(body.error.data.issues[0].path).toBe('labels.max_holding_periods[1]');
    // the same through the client, and an unknown key in YAML text
    const err = await c.runs.start.mutate({ config: 'labels:\n  volatility_multiplier: 2\n' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TRPCClientError);
    expect((err as TRPCClientError<AppRouter>).message).toMatch(/^labels\.volatility_multiplier: unknown key/);
    expect((err as TRPCClientError<AppRouter>).data?.httpStatus).toBe(400);
  });

  it('runs.start refuses a feature tier whose data the source lacks with 400 before queueing', async () => {
    const before = (await c.runs.list.query()).length;
    const config = { ...TINY, data: { ...TINY.data, sources: { funding: false } }, features: { derivatives: { enabled: true } } };
    const res = await fetch(`${server.url}/trpc/runs.start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ config }) });
    expect(res.status).toBe(400);
    const body = await res.json() as { error: { message: string; data: { issues: { path: string; message: string }[] } } };
    expect(body.error.message).toBe('features.derivatives: the derivatives tier needs funding rates for BTC and ETH (for the funding-rate change), but the synthetic market generates it only when data.sources.funding is on, and it is off — switch it on or switch the derivatives tier off');
    expect(body.error.message).not.toMatch(/--/);
    expect(body.error.data.issues).toEqual([{ path: 'features.derivatives', message: expect.stringContaining('needs funding rates'), text: body.error.message }]);
    expect((await c.runs.list.query()).length).toBe(before);
  });

  it('an unknown run id → 404 (get, cancel, delete, reports.get)', async () => {
    const res = await fetch(`${server.url}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ id: 'nope' }))}`);
    expect(res.status).toBe(404);
    for (const call of [() => c.runs.get.query({ id: 'nope' }), () => c.runs.cancel.mutate({ id: 'nope' }), () => c.runs.delete.mutate({ id: 'nope' }), () => c.reports.get.query({ id: 'nope' })]) {
      const err = await call().catch((e: unknown) => e) as TRPCClientError<AppRouter>;
      expect(err.data?.httpStatus).toBe(404);
      expect(err.message).toBe('run "nope" not found');
    }
  });

  it('runs two experiments at once, streaming folds and equity points, and stores reports', async () => {
    const [a, b] = await Promise.all([c.runs.start.mutate({ config: TINY, name: 'A' }), c.runs.start.mutate({ config: { ...TINY, seed: 7 }, name: 'B' })]);
    const [ea, eb] = await Promise.all([collect(c, a.id), collect(c, b.id)]);
    for (const events of [ea, eb]) {
      expect(events[events.length - 1]).toMatchObject({ stage: 'done', percent: 100, status: 'done' });
      expect(events.filter((e) => e.partial?.fold)).toHaveLength(3);
      expect(events.some((e) => (e.partial?.equityPoints?.length ?? 0) > 0)).toBe(true);
    }
    // both ran concurrently: each started before the other finished
    const [ra, rb] = await Promise.all([c.runs.get.query({ id: a.id }), c.runs.get.query({ id: b.id })]);
    expect(ra.startedAt!).toBeLessThan(rb.finishedAt!);
    expect(rb.startedAt!).toBeLessThan(ra.finishedAt!);
    expect(ra.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['status', 'fold', 'progress']));
    expect(ra.metrics.server_first_equity_ms).toBeGreaterThan(0);
    const report = await c.reports.get.query({ id: a.id });
    expect(report.runId).toBe(a.id);
    expect(report.name).toBe('A');
    expect(report.artifacts.map((x) => x.file).sort()).toEqual(['equity.parquet', 'oos_returns.parquet', 'predictions.parquet', 'trades.parquet']);
    const art = await fetch(`${server.url}/artifacts/${a.id}/equity.parquet`);
    expect(art.status).toBe(200);
    // the mailable report: one HTML file, no script, attachment
    const html = await fetch(`${server.url}/artifacts/${a.id}/report.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-disposition')).toMatch(/attachment/);
    const text = await html.text();
    expect(text).toContain('Go / no-go gates');
    expect(text).not.toMatch(/<script/);
    const list = await c.runs.list.query();
    expect(list.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    const cmp = await c.reports.compare.query({ ids: [a.id, b.id] });
    expect(cmp.configDiff.map((d) => d.path)).toContain('seed');
    expect(cmp.metrics.find((m) => m.key === 'sharpe')!.deltas[0]).toBe(0);
    expect(cmp.equity).toHaveLength(2);
  });

  it('cancels a run mid-run; the pool then runs the next one', async () => {
    const { id } = await c.runs.start.mutate({ config: LONGER });
    await collect(c, id, (e) => Boolean(e.partial?.fold));
    const res = await c.runs.cancel.mutate({ id });
    expect(res.status).toBe('cancelled');
    const run = await c.runs.get.query({ id });
    expect(run.status).toBe('cancelled');
    expect(run.hasReport).toBe(false);
    const after = await collect(c, id);
    expect(after[after.length - 1]).toMatchObject({ status: 'cancelled' });
    const next = await c.runs.start.mutate({ config: TINY });
    const ev = await collect(c, next.id);
    expect(ev[ev.length - 1].status).toBe('done');
    const del = await c.runs.delete.mutate({ id: next.id });
    expect(del.deleted).toBe(true);
    expect((await c.runs.get.query({ id: next.id }).catch((e: unknown) => e) as TRPCClientError<AppRouter>).data?.httpStatus).toBe(404);
  });

  it('hot-reloads config/training.yml: a valid change is pushed, an invalid one keeps the last good config with the key path', async () => {
    expect((await c.config.get.query()).config.name).toBe('from-file');
    const seen: { name: string; error: string | null }[] = [];
    const sub = c.config.onChange.subscribe(undefined, { onData: (s) => seen.push({ name: s.config.name, error: s.error?.issues[0]?.text ?? null }) });
    await waitFor(async () => seen.length >= 1);
    writeFileSync(configPath, 'name: edited\n');
    await waitFor(async () => seen.some((s) => s.name === 'edited'));
    writeFileSync(configPath, 'name: broken\nrisk:\n  kelly_fraction_cap: -1\n');
    const bad = await waitFor(async () => seen.find((s) => s.error !== null));
    expect(bad.name).toBe('edited');
    expect(bad.error).toMatch(/^risk\.kelly_fraction_cap: .*got -1/);
    const cur = await c.config.get.query();
    expect(cur.config.name).toBe('edited');
    expect(cur.error!.issues[0].path).toBe('risk.kelly_fraction_cap');
    sub.unsubscribe();
    // a save from the form edits the file: the user's comments survive
    writeFileSync(configPath, '# team defaults\nname: commented # keep me\n');
    await waitFor(async () => (await c.config.get.query()).config.name === 'commented');
    await c.config.save.mutate({ config: { name: 'kept', seed: 9 } });
    expect(readFileSync(configPath, 'utf8')).toBe('# team defaults\nname: kept # keep me\nseed: 9\n');
    const saved = await c.config.save.mutate({ config: { name: 'saved' } });
    expect(saved.config.name).toBe('saved');
    expect(saved.error).toBeNull();
    const v = await c.config.validate.mutate({ config: { name: 'x' } });
    expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports.recordBenchmark stores a bench version that reports.benchmarks lists; bad input → 400', async () => {
    await c.reports.recordBenchmark.mutate({ version: 'v1', results: [{ name: 'qc.1M', median_ms: 90, runs: 5 }] });
    expect(await c.reports.benchmarks.query()).toEqual([expect.objectContaining({ version: 'v1', results: [{ name: 'qc.1M', median_ms: 90, runs: 5 }] })]);
    const err = await c.reports.recordBenchmark.mutate({ version: 'v2', results: [] }).catch((e: unknown) => e) as TRPCClientError<AppRouter>;
    expect(err.data?.httpStatus).toBe(400);
    expect(err.message).toBe('results: expected at least one result');
  });

  it('datasets.list names the synthetic market and ingested bars; QC and a run work on stored bars', async () => {
    const bars = syntheticBars({ symbols: ['BTC', 'ETH'], days: 1, seed: 3 });
    const store = openDataStore(join(server.home, 'data'));
    for (const s of ['BTC', 'ETH']) await store.writeBars(bars[s], { source: 'test' });
    const list = await c.datasets.list.query();
    expect(list.map((d) => d.id)).toEqual(expect.arrayContaining(['synthetic:BTC:1m', 'store:test:BTC:1m', 'store:test:ETH:1m']));
    const qc = await c.datasets.qc.query({ symbol: 'BTC', days: 1 }) as { rows_in: number; counts: { gaps: number } };
    expect(qc.rows_in).toBe(1440);
    expect(qc.counts.gaps).toBe(0);
    const stored = await c.datasets.qc.query({ source: 'store', symbol: 'ETH' }) as { rows_in: number };
    expect(stored.rows_in).toBe(1440);
    const run = await c.runs.start.mutate({ config: { ...TINY, data: { source: 'store' }, features: { microstructure: { enabled: false } } } });
    const ev = await collect(c, run.id);
    expect(ev[ev.length - 1].status).toBe('done');
    const report = await c.reports.get.query({ id: run.id });
    expect(report.dataset).toMatchObject({ source: 'store', bars: { BTC: 1440, ETH: 1440 }, sources: ['bars'] });
    // the default tier 2 needs a book the data directory's manifest does not list: refused before it is queued
    const before = (await c.runs.list.query()).length;
    const noBook = await c.runs.start.mutate({ config: { ...TINY, data: { source: 'store' } } }).catch((e: unknown) => e) as TRPCClientError<AppRouter>;
    expect(noBook).toBeInstanceOf(TRPCClientError);
    expect(noBook.data?.httpStatus).toBe(400);
    expect(noBook.message).toMatch(/^features\.microstructure: the microstructure tier needs an L2 order book for BTC and ETH \(for spread %, depth imbalance, order-flow imbalance and multi-level order-flow imbalance\), which the data directory does not hold/);
    expect((await c.runs.list.query()).length).toBe(before);
  });
});

describe('restart recovery', () => {
  it('a server killed mid-run leaves the run interrupted on restart; it can be re-run', async () => {
    const home = tmp('skippy-kill-');
    const cfg = join(home, 'training.yml');
    writeFileSync(cfg, 'name: kill\n');
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'apps/server/src/main.ts'), '--port', '0', '--home', home, '--workers', '1', '--config', cfg], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const url = await waitFor(async () => /listening on (http:\/\/\S+)/.exec(out)?.[1]);
    const first = client(url);
    const { id } = await first.runs.start.mutate({ config: LONGER });
    await waitFor(async () => (await first.runs.get.query({ id })).status === 'running');
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(home, 'skippy.db'))).toBe(true);

    const again = await createServer({ port: 0, home, workers: 1, configPath: cfg });
    try {
      expect(again.runs.recovered).toEqual([id]);
      const c2 = client(again.url);
      const run = await c2.runs.get.query({ id });
      expect(run.status).toBe('interrupted');
      expect(run.error).toMatch(/server stopped/);
      const rerun = await c2.runs.start.mutate({ config: run.config as never, rerunOf: id });
      const ev = await collect(c2, rerun.id);
      expect(ev[ev.length - 1].status).toBe('done');
      expect((await c2.runs.get.query({ id: rerun.id })).rerunOf).toBe(id);
      const missing = await c2.runs.start.mutate({ config: TINY, rerunOf: 'nope' }).catch((e: unknown) => e) as TRPCClientError<AppRouter>;
      expect(missing.data?.httpStatus).toBe(404);
    } finally {
      await again.close();
    }
  }, 180_000);
});
