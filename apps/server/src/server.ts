/**
 * createServer(options) – Express + tRPC on 127.0.0.1 by default: /trpc (queries, mutations, SSE
 * subscriptions), GET /healthz, GET /artifacts/:runId/:file, and the built web app (apps/web/dist)
 * with an SPA fallback when it exists. Runs execute in the worker pool, never on this thread.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import { openDatabase } from '@skippy/io/db';
import { openStudyJobs, openStudyStorage } from '@skippy/io/studies';
import type { SkippyDb } from '@skippy/io/db';
import { listRunFiles, readRunReport, runArtifactDir } from '@skippy/io/artifacts';
import { reportHtml } from '@skippy/io/html';
import { DEFAULT_MAX_CELLS } from '@skippy/core/config';
import { appRouter } from './trpc/router.ts';
import { UPLOAD_JSON_LIMIT } from './trpc/routers/datasets.ts';
import type { StudiesServices } from './trpc/routers/studies.ts';
import { hostname } from 'node:os';
import { WorkerPool } from './services/workerPool.ts';
import type { RunPool } from './services/workerPool.ts';
import { DistributedPool } from './services/distributedPool.ts';
import { codeVersion, isJobEngineError, redactUrl } from '@skippy/io/jobs';
import { RunManager } from './services/runManager.ts';
import { StudyManager } from './services/studyManager.ts';
import { PaperManager } from './services/paperManager.ts';
import { openPaperStore } from '@skippy/io/paper';
import type { PaperServices } from './trpc/routers/paper.ts';
import { ConfigStore } from './services/configStore.ts';
import { Datasets } from './services/datasets.ts';
import type { ClusterState, ServerServices } from './services/types.ts';
import { allowedHostNames, bodyErrors, checkHostAndOrigin, isLoopbackHost, JSON_LIMIT, jsonBody, limitEventStreams, requireToken, securityHeaders, tokenRequiredMessage } from './security.ts';

const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface ServerOptions {
  /** @default 5178 (0 = any free port) */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** State folder (skippy.db, runs/). @default "<repo>/.skippy" */
  home?: string;
  /** @default "<home>/data" */
  dataDir?: string;
  /** Watched experiment config. @default "<repo>/config/training.yml" */
  configPath?: string;
  /** Run workers. @default cores − 1, at least 1 */
  workers?: number;
  /** Built web app to serve. @default "<repo>/apps/web/dist" */
  webDist?: string;
  /** Wait for the workers to load their code before listening. @default true */
  warmWorkers?: boolean;
  /**
   * Shared secret every /trpc and /artifacts request must carry (Bearer header or the cookie it sets).
   * Required when `host` is not a loopback address. @default none
   */
  token?: string;
  /** Extra host names the Host header may carry (a LAN name, a reverse proxy's). @default [] */
  allowedHosts?: string[];
  /** Largest run in cells (bars × symbols × features × horizons). @default DEFAULT_MAX_CELLS (100 M) */
  maxCells?: number;
  /** Most runs queued or running at once. @default 100 */
  maxActiveRuns?: number;
  /** Most procedures in one batched tRPC request. @default 20 */
  maxBatchSize?: number;
  /** Most progress streams (SSE subscriptions) open at once; one more is answered 429. @default 256 */
  maxEventStreams?: number;
  /**
   * Redis URL (SKIPPY_REDIS): runs are enqueued on BullMQ for `skippy-train worker` processes instead of
   * the embedded pool. An unreachable Redis refuses the start unless `redisFallback`. @default none (embedded)
   */
  redis?: string;
  /** Start with the embedded pool (and one warning line) when Redis does not answer. @default false */
  redisFallback?: boolean;
  /** URL workers reach this server at, for the job host /jobs (SKIPPY_PUBLIC_URL). @default the listening URL */
  publicUrl?: string;
  /** Code version workers must match (SKIPPY_CODE_VERSION). @default the pipeline's source hash */
  codeVersion?: string;
  /** Attempts per job in Redis mode before it fails (with exponential backoff from 1 s). @default 3 */
  jobAttempts?: number;
  /** One line to the operator (the Redis fallback warning). @default stderr */
  warn?: (line: string) => void;
}

/** A start-up refusal (bad settings): main.ts prints it and exits 2. */
export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

export interface RunningServer {
  url: string;
  /** State folder (database, runs/, data/ by default). */
  home: string;
  port: number;
  services: ServerServices;
  runs: RunManager;
  studies: StudyManager;
  db: SkippyDb;
  close(): Promise<void>;
}

export function serverVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function createServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const home = resolve(options.home ?? join(REPO_ROOT, '.skippy'));
  const dataDir = resolve(options.dataDir ?? join(home, 'data'));
  const artifactsRoot = join(home, 'runs');
  const configPath = resolve(options.configPath ?? join(REPO_ROOT, 'config', 'training.yml'));
  const webDist = resolve(options.webDist ?? join(REPO_ROOT, 'apps', 'web', 'dist'));
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  const token = options.token || undefined;
  if (!isLoopbackHost(host) && !token) throw new ServerConfigError(tokenRequiredMessage(host));
  if (token !== undefined && token.length < 16) throw new ServerConfigError('SKIPPY_TOKEN: expected at least 16 characters (e.g. `openssl rand -hex 32`)');

  const code = codeVersion(options.codeVersion);
  let cluster: DistributedPool | null = null;
  if (options.redis) {
    try {
      cluster = await DistributedPool.connect({ redisUrl: options.redis, codeVersion: code, origin: 'http://127.0.0.1/jobs', submitter: 'server', blobDir: join(home, 'blobs'), token, attempts: options.jobAttempts });
    } catch (e) {
      if (!isJobEngineError(e)) throw e;
      if (!options.redisFallback) throw new ServerConfigError(`${e.message} (SKIPPY_REDIS / --redis; add --redis-fallback to start with the embedded pool instead)`);
      (options.warn ?? ((l: string) => process.stderr.write(`${l}\n`)))(`skippy-server: ${e.message}; running with the embedded worker pool (--redis-fallback)`);
    }
  }
  const db = openDatabase(join(home, 'skippy.db'));
  const pool: RunPool = cluster ?? new WorkerPool({ size: workers });
  // runs a previous server process left queued/running whose jobs Redis still holds are followed again, not interrupted
  const adopt = cluster ? await cluster.client.known([...db.listRuns({ status: 'queued', limit: 100_000 }), ...db.listRuns({ status: 'running', limit: 100_000 })].map((r) => r.id)) : undefined;
  const runs = new RunManager({ db, pool, artifactsRoot, dataDir, adopt });
  const clusterState = async (): Promise<ClusterState> => {
    if (cluster) return { ...(await cluster.refresh()), codeVersion: code, redis: redactUrl(options.redis!) };
    const s = pool.stats();
    return {
      mode: 'embedded', codeVersion: code, redis: null, at: Date.now(),
      queue: { waiting: s.queued, active: s.busy, delayed: 0, failed: 0, completed: 0 },
      workers: [{ id: 'embedded', host: hostname(), pid: process.pid, concurrency: s.size, codeVersion: code, startedAt: 0, seenAt: Date.now(), current: [], completed: 0, failed: 0, perMinute: 0 }],
    };
  };
  const studyStorage = openStudyStorage(db);
  const studyManager = new StudyManager({ storage: studyStorage, jobs: openStudyJobs(db), runs, runsRoot: artifactsRoot });
  const config = new ConfigStore({ path: configPath });
  config.watch();
  const version = serverVersion();
  // paper sessions: persisted in the workbench database, resumed below after the server is up
  const paper = new PaperManager({ store: openPaperStore(db.raw, Date.now()), runsRoot: artifactsRoot, dataDir });
  const services: ServerServices & StudiesServices & PaperServices = {
    paper,
    version,
    studies: studyStorage,
    studyManager,
    runs,
    config,
    datasets: new Datasets(config, dataDir),
    benchmarks: {
      list: () => db.listBenchVersions(),
      record: (row) => db.putBenchVersion(row),
      strategies: () => db.listBenchVersions({ kind: 'strategy' }).flatMap((v) => (v.record ? [{ version: v.version, createdAt: v.createdAt, record: v.record }] : [])),
    },
    limits: { maxCells: options.maxCells ?? DEFAULT_MAX_CELLS, maxActiveRuns: options.maxActiveRuns ?? 100 },
    health: () => {
      let dbOk: 'ok' | 'error' = 'ok';
      try { db.raw.prepare('SELECT 1').get(); } catch { dbOk = 'error'; }
      return { db: dbOk, workers: pool.stats() };
    },
    cluster: clusterState,
  };
  if (options.warmWorkers ?? true) await pool.warm();
  // studies the previous server left active go on (a trial caught running is retried once)
  studyManager.resumeActive();
  // paper sessions the previous server left running go on from their stored state (the feed back-fills the bars since)
  void paper.resumeRunning();

  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders());
  app.use(checkHostAndOrigin(allowedHostNames(host, options.allowedHosts ?? [])));
  const auth = token !== undefined ? requireToken(token) : null;
  // the web app posts its token here once (from the URL fragment); the answer sets the HttpOnly cookie EventSource needs
  app.post('/auth/session', auth ?? ((_req, _res, next) => next()), (_req, res) => { res.json({ ok: true, auth: token !== undefined }); });
  if (auth) {
    app.use('/trpc', auth);
    app.use('/artifacts', auth);
  }
  // the job host of the BullMQ engine: workers fetch inputs by content hash and upload results here (token when set)
  if (cluster) { const c = cluster; app.use('/jobs', (req, res) => c.client.handle(req, res)); }
  app.get('/healthz', (_req, res) => {
    const h = services.health();
    res.status(h.db === 'ok' ? 200 : 503).json({ ok: h.db === 'ok', version, db: h.db, workers: h.workers, runsActive: runs.activeCount() });
  });
  // a file upload (datasets.ingest, base64) may be up to UPLOAD_JSON_LIMIT; every other call keeps the small limit
  app.use('/trpc/datasets.ingest', jsonBody(UPLOAD_JSON_LIMIT));
  app.use('/trpc', limitEventStreams(options.maxEventStreams ?? 256));
  app.use('/trpc', jsonBody(JSON_LIMIT), createExpressMiddleware({ router: appRouter, createContext: () => ({ services }), maxBatchSize: options.maxBatchSize ?? 20 }));
  app.get('/artifacts/:runId/:file', (req, res) => {
    let dir: string;
    try { dir = runArtifactDir(artifactsRoot, req.params.runId); } catch { res.status(404).json({ error: 'unknown run' }); return; }
    const file = req.params.file;
    if (file === 'report.html') {
      // the mailable report, rendered from the stored report.json (inline CSS and SVG, no script)
      const report = readRunReport(dir);
      if (!report) { res.status(404).json({ error: `run ${req.params.runId} has no report yet` }); return; }
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      res.setHeader('Content-Disposition', `attachment; filename="skippy-${req.params.runId}.html"`);
      res.type('html').send(reportHtml(report));
      return;
    }
    if (!listRunFiles(dir).includes(file)) { res.status(404).json({ error: `no artifact ${file} for run ${req.params.runId}` }); return; }
    // the name was checked against the run's own files; `dotfiles: allow` because the default home is .skippy
    res.sendFile(join(dir, file), { dotfiles: 'allow' });
  });
  if (existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false, maxAge: '1h' }));
    app.get(/^\/(?!trpc\/|healthz|artifacts\/).*/, (_req, res) => { res.sendFile(join(webDist, 'index.html')); });
  }
  app.use(bodyErrors);

  const server: Server = await new Promise((resolveListen, reject) => {
    const s = app.listen(options.port ?? 5178, host, (err?: Error) => (err ? reject(err) : resolveListen(s)));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 5178);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  cluster?.client.setOrigin(`${(options.publicUrl ?? url).replace(/\/$/, '')}/jobs`);
  let closed = false;
  return {
    url, home, port, services, runs, studies: studyManager, db,
    async close() {
      if (closed) return;
      closed = true;
      config.close();
      studyManager.shutdown();
      await paper.shutdown();
      runs.shutdown();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await pool.close();
      db.close();
    },
  };
}
