/**
 * Server load benchmark (`npm run bench:load`, too slow for the default `npm run bench`):
 * spawns the real server (`main.ts`) on a free loopback port with a temporary SKIPPY_HOME and the default
 * worker count, submits N runs at once (default 50 × the default 30-day synthetic config, seeds 1..N, each
 * its own HTTP request), and while they run a second client measures cheap-query latency – `GET /healthz`
 * and `runs.get` of a submitted run, one after the other with `--gap-ms` between – and a sampler reads the
 * server's VmRSS (/proc/<pid>/status; worker threads share the process, child processes are added) every
 * `--rss-ms`. Ends when every run is terminal; prints JSON (`--json`) or a table.
 *
 *   node --import tsx apps/server/src/bench/load.ts [--runs 50] [--days 30] [--workers N] [--gap-ms 100] [--profile DIR] [--json]
 *
 * `--profile DIR` writes V8 CPU profiles of the server's main thread and workers (open in Chrome DevTools).
 *
 * JSON: {"results":[{"name","median_ms","min_ms","runs","target_ms","meets_target"}] (the bench shape, so
 * `reports.recordBenchmark` can store it), "load":{...every figure...}, "machine":{node, cpus, cpu, loadavg}}.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const REPO = resolve(fileURLToPath(new URL('../../../..', import.meta.url)));
const MAIN = join(REPO, 'apps/server/src/main.ts');

/** The figures measured when issue 13 was filed (50 × 30-day runs, same 2-core machine class). */
export const ISSUE_BASELINE = { all_done_ms: 100_000, healthz_p95_ms: 13, runs_get_p95_ms: 37, rss_peak_mb: 488 };

export interface LatencyStats { n: number; p50_ms: number; p95_ms: number; max_ms: number; errors: number }

/** quantile(sorted, q) – the nearest-rank quantile (the value at rank ⌈q·n⌉) of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function latencyStats(samples: readonly number[], errors = 0): LatencyStats {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: s.length, p50_ms: r(quantile(s, 0.5)), p95_ms: r(quantile(s, 0.95)), max_ms: r(s[s.length - 1] ?? NaN), errors };
}

/** VmRSS in kB of a process and its descendants (Linux /proc); null when /proc is not there. */
export function treeRssKb(pid: number): number | null {
  let total = 0;
  const seen = new Set<number>();
  const visit = (p: number): boolean => {
    if (seen.has(p)) return true;
    seen.add(p);
    let status: string;
    try { status = readFileSync(`/proc/${p}/status`, 'utf8'); } catch { return false; }
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (m) total += Number(m[1]);
    let tasks: string[] = [];
    try { tasks = readdirSync(`/proc/${p}/task`); } catch { /* gone */ }
    for (const t of tasks) {
      let children = '';
      try { children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8'); } catch { /* no children file */ }
      for (const c of children.split(/\s+/).filter(Boolean)) visit(Number(c));
    }
    return true;
  };
  return visit(pid) ? total : null;
}

interface HttpAnswer { status: number; body: string }

function httpCall(agent: Agent, url: string, init: { method?: string; body?: string } = {}): Promise<HttpAnswer> {
  return new Promise((resolveAnswer, reject) => {
    const req = request(url, { agent, method: init.method ?? 'GET', headers: init.body !== undefined ? { 'content-type': 'application/json' } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveAnswer({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface LoadOptions {
  runs: number; days: number; workers?: number; gapMs: number; rssMs: number;
  /** Write V8 CPU profiles of the server (main thread and workers) into this folder (`--profile DIR`). */
  profileDir?: string;
  log?: (line: string) => void;
}

export interface LoadReport {
  runs: number;
  days: number;
  workers: number;
  submit_ms: number;
  all_done_ms: number;
  statuses: Record<string, number>;
  run_duration_ms: { p50: number; max: number };
  healthz: LatencyStats;
  runs_get: LatencyStats;
  rss_start_mb: number;
  rss_peak_mb: number;
  rss_samples: number;
}

export async function runLoad(opts: LoadOptions): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const home = mkdtempSync(join(os.tmpdir(), 'skippy-load-'));
  const cfg = join(home, 'training.yml');
  writeFileSync(cfg, 'name: load\n');
  const prof = opts.profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts.profileDir)] : [];
  const args = [...prof, '--import', 'tsx', MAIN, '--port', '0', '--home', home, '--config', cfg, ...(opts.workers !== undefined ? ['--workers', String(opts.workers)] : [])];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const submitAgent = new Agent({ keepAlive: true, maxSockets: 64 });
  const queryAgent = new Agent({ keepAlive: true, maxSockets: 1 });
  let rssPeakKb = 0;
  let rssSamples = 0;
  let sampler: NodeJS.Timeout | undefined;
  try {
    let url: string | undefined;
    for (let t0 = Date.now(); !url; await sleep(50)) {
      url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
      if (Date.now() - t0 > 60_000) throw new Error(`server did not start within 60 s: ${out}`);
    }
    const health0 = JSON.parse((await httpCall(queryAgent, `${url}/healthz`)).body) as { workers: { size: number } };
    const rssStartKb = treeRssKb(child.pid!) ?? 0;
    sampler = setInterval(() => {
      const kb = treeRssKb(child.pid!);
      if (kb !== null) { rssSamples++; if (kb > rssPeakKb) rssPeakKb = kb; }
    }, opts.rssMs);
    log(`server ${url} pid ${child.pid}, ${health0.workers.size} worker(s), RSS ${(rssStartKb / 1024).toFixed(0)} MB; submitting ${opts.runs} runs`);

    const t0 = performance.now();
    const ids = await Promise.all(Array.from({ length: opts.runs }, async (_, i) => {
      const body = JSON.stringify({ config: { name: `load-${i + 1}`, seed: i + 1, data: { synthetic: { days: opts.days, seed: i + 1 } } }, name: `load-${i + 1}` });
      const a = await httpCall(submitAgent, `${url}/trpc/runs.start`, { method: 'POST', body });
      if (a.status !== 200) throw new Error(`runs.start ${i + 1}: HTTP ${a.status} ${a.body.slice(0, 300)}`);
      return (JSON.parse(a.body) as { result: { data: { id: string } } }).result.data.id;
    }));
    const submitMs = performance.now() - t0;
    log(`submitted ${ids.length} runs in ${submitMs.toFixed(0)} ms`);

    // the second client: healthz and runs.get in turn until no run is active
    const healthz: number[] = [];
    const runsGet: number[] = [];
    let errors = { healthz: 0, runsGet: 0 };
    let doneAt = NaN;
    let k = 0;
    let lastLog = 0;
    for (;;) {
      const h0 = performance.now();
      const h = await httpCall(queryAgent, `${url}/healthz`);
      const h1 = performance.now();
      if (h.status === 200) healthz.push(h1 - h0); else errors = { ...errors, healthz: errors.healthz + 1 };
      const active = h.status === 200 ? (JSON.parse(h.body) as { runsActive: number }).runsActive : -1;
      if (active === 0) { doneAt = h1; break; }
      await sleep(opts.gapMs / 2);
      const id = ids[k++ % ids.length];
      const g0 = performance.now();
      const g = await httpCall(queryAgent, `${url}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ id }))}`);
      const g1 = performance.now();
      if (g.status === 200) runsGet.push(g1 - g0); else errors = { ...errors, runsGet: errors.runsGet + 1 };
      if (h1 - lastLog > 10_000) { lastLog = h1; log(`${((h1 - t0) / 1000).toFixed(0)} s: ${active} active, RSS peak ${(rssPeakKb / 1024).toFixed(0)} MB`); }
      if (h1 - t0 > 30 * 60_000) throw new Error('runs not finished after 30 minutes');
      await sleep(opts.gapMs / 2);
    }
    clearInterval(sampler);
    sampler = undefined;

    const list = JSON.parse((await httpCall(queryAgent, `${url}/trpc/runs.list?input=${encodeURIComponent(JSON.stringify({ limit: 1000 }))}`)).body) as { result: { data: { id: string; status: string; error: string | null; metrics: Record<string, number | null> }[] } };
    const mine = list.result.data.filter((r) => ids.includes(r.id));
    const statuses: Record<string, number> = {};
    for (const r of mine) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const failed = mine.find((r) => r.status !== 'done');
    if (failed) log(`run ${failed.id} ${failed.status}: ${failed.error ?? ''}`);
    const durations = mine.flatMap((r) => (typeof r.metrics.duration_ms === 'number' ? [r.metrics.duration_ms] : [])).sort((a, b) => a - b);
    return {
      runs: opts.runs,
      days: opts.days,
      workers: health0.workers.size,
      submit_ms: Math.round(submitMs),
      all_done_ms: Math.round(doneAt - t0),
      statuses,
      run_duration_ms: { p50: Math.round(quantile(durations, 0.5)), max: Math.round(durations[durations.length - 1] ?? NaN) },
      healthz: latencyStats(healthz, errors.healthz),
      runs_get: latencyStats(runsGet, errors.runsGet),
      rss_start_mb: Math.round(rssStartKb / 1024),
      rss_peak_mb: Math.round(rssPeakKb / 1024),
      rss_samples: rssSamples,
    };
  } finally {
    if (sampler) clearInterval(sampler);
    submitAgent.destroy();
    queryAgent.destroy();
    if (child.exitCode === null) { child.kill('SIGTERM'); await Promise.race([exited, sleep(10_000)]); }
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
}

function positiveInt(name: string, raw: string | undefined, dflt: number): number {
  if (raw === undefined) return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`bench:load: --${name}: expected a positive integer, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { runs: { type: 'string' }, days: { type: 'string' }, workers: { type: 'string' }, 'gap-ms': { type: 'string' }, 'rss-ms': { type: 'string' }, profile: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const json = values.json === true;
  const log = (line: string) => process.stderr.write(`bench:load ${line}\n`);
  const loadBefore = os.loadavg();
  const report = await runLoad({
    runs: positiveInt('runs', values.runs, 50),
    days: positiveInt('days', values.days, 30),
    workers: values.workers === undefined ? undefined : positiveInt('workers', values.workers, 1),
    gapMs: positiveInt('gap-ms', values['gap-ms'], 100),
    rssMs: positiveInt('rss-ms', values['rss-ms'], 100),
    profileDir: values.profile,
    log,
  });
  const loadAfter = os.loadavg();
  const name = `server.load.${report.runs}x${report.days}d`;
  const entry = (suffix: string, ms: number, n: number, target: number) => ({ name: `${name}.${suffix}`, median_ms: ms, min_ms: null, runs: n, target_ms: target, meets_target: ms <= target });
  const baseline = report.runs === 50 && report.days === 30 ? ISSUE_BASELINE : null;
  const results = [
    entry('all_done', report.all_done_ms, 1, baseline?.all_done_ms ?? NaN),
    entry('healthz.p95', report.healthz.p95_ms, report.healthz.n, ISSUE_BASELINE.healthz_p95_ms),
    entry('runs_get.p95', report.runs_get.p95_ms, report.runs_get.n, ISSUE_BASELINE.runs_get_p95_ms),
  ].map((e) => (Number.isNaN(e.target_ms) ? { ...e, target_ms: null, meets_target: null } : e));
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', loadavg_before: loadBefore.map((x) => Math.round(x * 100) / 100), loadavg_after: loadAfter.map((x) => Math.round(x * 100) / 100) };
  if (json) {
    process.stdout.write(`${JSON.stringify({ results, load: report, baseline: ISSUE_BASELINE, machine }, null, 2)}\n`);
    return;
  }
  const l = (label: string, v: string, b?: string) => `${label.padEnd(28)} ${v.padEnd(36)}${b ? ` (issue 13: ${b})` : ''}`;
  process.stdout.write([
    l('runs', `${report.runs} × ${report.days}-day synthetic, ${report.workers} worker(s)`),
    l('statuses', JSON.stringify(report.statuses)),
    l('all done', `${(report.all_done_ms / 1000).toFixed(1)} s (submit ${report.submit_ms} ms)`, `${ISSUE_BASELINE.all_done_ms / 1000} s`),
    l('run duration p50 / max', `${report.run_duration_ms.p50} / ${report.run_duration_ms.max} ms`),
    l('healthz p50 / p95 / max', `${report.healthz.p50_ms} / ${report.healthz.p95_ms} / ${report.healthz.max_ms} ms (n ${report.healthz.n})`, `p95 ${ISSUE_BASELINE.healthz_p95_ms} ms`),
    l('runs.get p50 / p95 / max', `${report.runs_get.p50_ms} / ${report.runs_get.p95_ms} / ${report.runs_get.max_ms} ms (n ${report.runs_get.n})`, `p95 ${ISSUE_BASELINE.runs_get_p95_ms} ms`),
    l('RSS start / peak', `${report.rss_start_mb} / ${report.rss_peak_mb} MB`, `peak ${ISSUE_BASELINE.rss_peak_mb} MB`),
    l('load average before / after', `${machine.loadavg_before.join(' ')} / ${machine.loadavg_after.join(' ')}`),
  ].join('\n') + '\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:load: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
}
