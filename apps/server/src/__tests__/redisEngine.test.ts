/** createServer({redis}) when Redis does not answer: one clear refusal, or the embedded pool with one warning line when asked. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, ServerConfigError } from '../server.ts';
import { readEnv } from '../env.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-redis-engine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'training.yml'), 'name: t\n');
const base = { port: 0, configPath: join(dir, 'training.yml'), warmWorkers: false, workers: 1 };

describe('createServer({ redis }) with an unreachable Redis', () => {
  it('refuses to start: one line naming the URL and the way out', async () => {
    const e = await createServer({ ...base, home: join(dir, 'a'), redis: 'redis://127.0.0.1:1' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ServerConfigError);
    const m = (e as Error).message;
    expect(m.split('\n')).toHaveLength(1);
    expect(m).toMatch(/^--redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: .* \(SKIPPY_REDIS \/ --redis; add --redis-fallback to start with the embedded pool instead\)$/);
  });

  it('a URL that is not redis:// is refused the same way', async () => {
    const e = await createServer({ ...base, home: join(dir, 'b'), redis: 'http://127.0.0.1:6379' }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/^--redis: expected a redis:\/\/ or rediss:\/\/ URL, got "http:\/\/127\.0\.0\.1:6379"/);
  });

  it('--redis-fallback: starts with the embedded pool after one warning line', async () => {
    const warnings: string[] = [];
    const s = await createServer({ ...base, home: join(dir, 'c'), redis: 'redis://127.0.0.1:1', redisFallback: true, warn: (l) => warnings.push(l) });
    try {
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*running with the embedded worker pool \(--redis-fallback\)$/);
      const cluster = await s.services.cluster!();
      expect(cluster.mode).toBe('embedded');
      expect(cluster.workers[0].concurrency).toBe(1);
    } finally {
      await s.close();
    }
  });

  it('readEnv: SKIPPY_REDIS, SKIPPY_REDIS_FALLBACK=embedded (anything else is one clear error)', () => {
    expect(readEnv({ SKIPPY_REDIS: 'redis://10.0.0.5:6379', SKIPPY_REDIS_FALLBACK: 'embedded' })).toMatchObject({ redis: 'redis://10.0.0.5:6379', redisFallback: true });
    expect(() => readEnv({ SKIPPY_REDIS_FALLBACK: 'yes' })).toThrow('SKIPPY_REDIS_FALLBACK: expected "embedded", got "yes"');
  });
});
