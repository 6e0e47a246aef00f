/**
 * `node --import tsx apps/server/src/main.ts [--port N] [--host H] [--home DIR] [--workers N] [--config PATH] [--redis URL [--redis-fallback] [--public-url URL]]`
 * Starts the workbench server and prints its URL. Flags override SKIPPY_* variables (env.ts).
 */
import { parseArgs } from 'node:util';
import { readEnv } from './env.ts';
import { createServer, ServerConfigError } from './server.ts';

function intFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`skippy-server: --${name}: expected a non-negative integer, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' }, host: { type: 'string' }, home: { type: 'string' }, workers: { type: 'string' },
    config: { type: 'string' }, 'data-dir': { type: 'string' }, 'web-dist': { type: 'string' }, token: { type: 'string' },
    redis: { type: 'string' }, 'redis-fallback': { type: 'boolean' }, 'public-url': { type: 'string' },
  },
  strict: true,
});
let env: ReturnType<typeof readEnv>;
try { env = readEnv(); } catch (e) {
  process.stderr.write(`skippy-server: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
const server = await createServer({
  port: intFlag('port', values.port) ?? env.port,
  host: values.host ?? env.host,
  home: values.home ?? env.home,
  dataDir: values['data-dir'] ?? env.dataDir,
  configPath: values.config ?? env.configPath,
  workers: intFlag('workers', values.workers) ?? env.workers,
  webDist: values['web-dist'],
  token: values.token ?? env.token,
  allowedHosts: env.allowedHosts,
  maxCells: env.maxCells,
  maxActiveRuns: env.maxActiveRuns,
  redis: values.redis ?? env.redis,
  redisFallback: values['redis-fallback'] ?? env.redisFallback,
  publicUrl: values['public-url'] ?? env.publicUrl,
  codeVersion: env.codeVersion,
}).catch((e: unknown) => {
  if (e instanceof ServerConfigError) {
    process.stderr.write(`skippy-server: ${e.message}\n`);
    process.exit(2);
  }
  const bind = listenErrorMessage(e);
  if (bind) {
    process.stderr.write(`skippy-server: ${bind}\n`);
    process.exit(2);
  }
  throw e;
});
process.stdout.write(`Skippy Workbench listening on ${server.url}\n`);
if (server.runs.recovered.length) process.stdout.write(`${server.runs.recovered.length} run(s) left running by the last server marked interrupted\n`);
const stop = () => { void server.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/** A bind that fails because of the --host/--port given (in use, not this machine's, privileged, unknown name): one line, exit 2. */
function listenErrorMessage(e: unknown): string | null {
  const err = e as { code?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
  if (!(e instanceof Error) || typeof err.code !== 'string') return null;
  const where = `${typeof err.address === 'string' ? err.address : String(err.hostname ?? '')}${typeof err.port === 'number' ? `:${err.port}` : ''}`;
  switch (err.code) {
    case 'EADDRINUSE': return `--port: ${where} is already in use: choose another port (--port / SKIPPY_PORT; 0 = any free port)`;
    case 'EADDRNOTAVAIL': return `--host: expected an address of this machine (or 0.0.0.0 / ::), got ${JSON.stringify(err.address ?? '')}`;
    case 'EACCES': return `--port: not permitted to listen on ${where} (ports below 1024 need privileges): choose a port ≥ 1024`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `--host: expected an address or a resolvable host name, got ${JSON.stringify(err.hostname ?? '')}`;
    default: return null;
  }
}
