/** Redis connections of the job engine: a probe that fails fast with one clear line, and URL redaction for messages. */
import { Redis } from 'ioredis';

/** A start-up refusal of the job engine (unreachable Redis, token or version mismatch): one line for the user. */
export class JobEngineError extends Error {
  /** The setting at fault (--redis, --server, --token, code version). */
  readonly field: string;
  readonly detail: string;
  constructor(field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'JobEngineError';
    this.field = field;
    this.detail = detail;
  }
}

export const isJobEngineError = (e: unknown): e is JobEngineError => e instanceof Error && e.name === 'JobEngineError';

/** The URL without its password (for messages and logs). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable URL)';
  }
}

/** Checks a redis:// or rediss:// URL and that Redis answers PING within `timeoutMs`; throws JobEngineError otherwise. */
export async function probeRedis(url: string, timeoutMs = 3000): Promise<void> {
  let u: URL;
  try { u = new URL(url); } catch { throw new JobEngineError('--redis', `expected a URL such as redis://127.0.0.1:6379, got ${JSON.stringify(url)}`); }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new JobEngineError('--redis', `expected a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(url))}`);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let cause: Error | null = null;
  client.on('error', (e: Error) => { cause ??= e; });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    // the socket's own error (ECONNREFUSED, ENOTFOUND, NOAUTH …) says more than ioredis' "Connection is closed"
    const why = cause ?? (e instanceof Error ? e : new Error(String(e)));
    throw new JobEngineError('--redis', `cannot reach Redis at ${redactUrl(url)}: ${why.message}`);
  } finally {
    client.disconnect();
  }
}

/** A long-lived client (reconnects by itself); BullMQ makes its own from the same URL. */
export function redisClient(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => undefined);
  return client;
}

export const bullConnection = (url: string) => ({ url, maxRetriesPerRequest: null });
