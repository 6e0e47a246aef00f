/**
 * The only place the server reads process.env. Flags (main.ts) override these.
 *  SKIPPY_PORT     port (default 5178; 0 = any free port)
 *  SKIPPY_HOST     interface (default 127.0.0.1)
 *  SKIPPY_HOME     state folder: SQLite database and run artifacts (default .skippy)
 *  SKIPPY_DATA_DIR data directory of ingested bars (default <home>/data)
 *  SKIPPY_CONFIG   the watched experiment config (default config/training.yml)
 *  SKIPPY_WORKERS  run workers (default cores − 1, at least 1)
 *  SKIPPY_TOKEN    shared secret for /trpc and /artifacts (required off loopback)
 *  SKIPPY_ALLOWED_HOSTS  extra host names for the Host check, comma-separated
 *  SKIPPY_MAX_CELLS      largest run, bars × symbols × features × horizons (default 100000000)
 *  SKIPPY_MAX_QUEUE      most runs queued or running at once (default 100)
 *  SKIPPY_REDIS          redis://… : enqueue runs on BullMQ for `skippy-train worker` processes (default: embedded pool)
 *  SKIPPY_REDIS_FALLBACK "embedded": start with the embedded pool when Redis does not answer (default: refuse to start)
 *  SKIPPY_PUBLIC_URL     URL workers reach this server at (default the listening URL)
 *  SKIPPY_CODE_VERSION   build id workers must match (default the pipeline's source hash)
 */
export interface ServerEnv {
  token?: string;
  allowedHosts?: string[];
  maxCells?: number;
  maxActiveRuns?: number;
  port?: number;
  host?: string;
  home?: string;
  dataDir?: string;
  configPath?: string;
  workers?: number;
  redis?: string;
  redisFallback?: boolean;
  publicUrl?: string;
  codeVersion?: string;
}

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: expected a non-negative integer, got ${JSON.stringify(raw)}`);
  return n;
}

function positive(name: string, raw: string | undefined): number | undefined {
  const n = int(name, raw);
  if (n === 0) throw new Error(`${name}: expected a positive integer, got "0"`);
  return n;
}

function redisFallback(raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw !== 'embedded') throw new Error(`SKIPPY_REDIS_FALLBACK: expected "embedded", got ${JSON.stringify(raw)}`);
  return true;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  return {
    port: int('SKIPPY_PORT', env.SKIPPY_PORT),
    host: env.SKIPPY_HOST || undefined,
    home: env.SKIPPY_HOME || undefined,
    dataDir: env.SKIPPY_DATA_DIR || undefined,
    configPath: env.SKIPPY_CONFIG || undefined,
    workers: int('SKIPPY_WORKERS', env.SKIPPY_WORKERS),
    token: env.SKIPPY_TOKEN || undefined,
    allowedHosts: env.SKIPPY_ALLOWED_HOSTS ? env.SKIPPY_ALLOWED_HOSTS.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    maxCells: positive('SKIPPY_MAX_CELLS', env.SKIPPY_MAX_CELLS),
    maxActiveRuns: positive('SKIPPY_MAX_QUEUE', env.SKIPPY_MAX_QUEUE),
    redis: env.SKIPPY_REDIS || undefined,
    redisFallback: redisFallback(env.SKIPPY_REDIS_FALLBACK),
    publicUrl: env.SKIPPY_PUBLIC_URL || undefined,
    codeVersion: env.SKIPPY_CODE_VERSION || undefined,
  };
}
