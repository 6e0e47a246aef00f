/**
 * Hardening over real HTTP: pollution payloads answer 400 and leave Object.prototype untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import fc from 'fast-check';
import { createServer } from '../server.ts';
import type { RunningServer, ServerOptions } from '../server.ts';

let dir: string;
let server: RunningServer;

async function start(options: ServerOptions = {}): Promise<RunningServer> {
  const configPath = join(dir, 'training.yml');
  writeFileSync(configPath, 'name: hardening\n');
  return createServer({ port: 0, home: join(dir, 'home'), configPath, workers: 1, warmWorkers: false, webDist: join(dir, 'no-web'), ...options });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-hardening-'));
  server = await start();
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** GET with a forged Host header (fetch would not send one). */
function getWithHost(url: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = request(url, { headers: { ...headers, host } }, (res) => { res.resume(); resolveStatus(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: r.status, json: await r.json().catch(() => null) };
}

const PAYLOADS: unknown[] = [
  { config: { hpo: { enabled: true, space: { 'models.__proto__.hasOwnProperty': [1] } } } },
  { config: { hpo: { enabled: true, space: { 'models.__proto__.toString': [1] } } } },
  { config: { hpo: { enabled: true, space: { 'models.__proto__.polluted': ['yes'] } } } },
  { config: { hpo: { enabled: true, space: { '__proto__.polluted': [1] } } } },
  { config: { hpo: { enabled: true, space: { 'labels.constructor.prototype.polluted': [1] } } } },
  { config: { hpo: { enabled: false, space: { 'labels.toString.polluted': [1] } } } },
  { config: { hpo: { enabled: true, space: { 'models.primary.__proto__.polluted': [1] } } } },
  { config: { hpo: { enabled: true, ablation: { enabled: true, feature_sets: ['__proto__', 'constructor'] } } } },
  { config: 'hpo:\n  enabled: true\n  space:\n    "models.__proto__.hasOwnProperty": [1]\n' },
  { config: '__proto__:\n  polluted: 1\n' },
  { config: '{"models": {"__proto__": {"polluted": 1}}}' },
];
/** The same payloads as raw JSON text: JSON.parse makes "__proto__" an own key. */
const RAW = [
  '{"config":{"hpo":{"enabled":true,"space":{"models.__proto__.hasOwnProperty":[1]}}}}',
  '{"config":{"__proto__":{"polluted":1}}}',
  '{"config":{"hpo":{"space":{"__proto__":[1]}}}}',
  '{"__proto__":{"polluted":1},"config":{}}',
];

describe('prototype pollution over tRPC', () => {
  it.each(PAYLOADS.map((p, i) => [i, p]))('config.validate payload %i → 400, Object.prototype untouched', async (_i, payload) => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const proc of ['config.validate', 'runs.start']) {
      const r = await post(`/trpc/${proc}`, payload);
      expect(r.status).toBe(400);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(String({})).toBe('[object Object]');
  });

  it.each(RAW)('raw body %s → 400 and the server still answers runs.list', async (body) => {
    const r = await fetch(`${server.url}/trpc/config.validate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    const list = await fetch(`${server.url}/trpc/runs.list`);
    expect(list.status).toBe(200);
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
  });
});

describe('resource limits', () => {
  it('config.validate and runs.start refuse a run beyond the cell budget, stating the estimate and the limit', async () => {
    for (const proc of ['config.validate', 'runs.start']) {
      const r = await post(`/trpc/${proc}`, { config: { data: { bar_interval: '1s', synthetic: { days: 3650 } } } });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.json)).toMatch(/estimated at [\d.]+ billion cells .* above the limit of 100\.0 million cells/);
    }
    expect(server.runs.activeCount()).toBe(0);
  });

  it('a 5 MB name and an over-long run id are refused', async () => {
    expect((await post('/trpc/config.validate', { config: { name: 'x'.repeat(5_000_000) } })).status).toBe(413);
    expect((await post('/trpc/config.validate', { config: { name: 'x'.repeat(300_000) } })).status).toBe(400);
    expect((await post('/trpc/runs.cancel', { id: 'r'.repeat(500) })).status).toBe(400);
  });

  it('a batch of more than 20 procedures is refused', async () => {
    const paths = Array.from({ length: 25 }, () => 'runs.list').join(',');
    const r = await fetch(`${server.url}/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    expect(r.status).toBeGreaterThanOrEqual(400);
    const ok = await fetch(`${server.url}/trpc/runs.list,runs.list?batch=1&input=${encodeURIComponent(JSON.stringify({}))}`);
    expect(ok.status).toBe(200);
  });

  it('runs.start answers 429 when the queue is full', async () => {
    const s = await start({ home: join(dir, 'home-q'), maxActiveRuns: 1 });
    try {
      const body = JSON.stringify({ config: { name: 'q', data: { synthetic: { days: 3 } }, evaluation: { n_splits: 4, cscv_partitions: 8 } } });
      const first = await fetch(`${s.url}/trpc/runs.start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(first.status).toBe(200);
      const second = await fetch(`${s.url}/trpc/runs.start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(second.status).toBe(429);
      expect(JSON.stringify(await second.json())).toMatch(/limit 1/);
    } finally { await s.close(); }
  });

  it('datasets.qc refuses a 1 s series over a year before generating it', async () => {
    const r = await fetch(`${server.url}/trpc/datasets.qc?input=${encodeURIComponent(JSON.stringify({ symbol: 'BTC', interval: '1s', days: 365 }))}`);
    expect(r.status).toBe(400);
    expect(JSON.stringify(await r.json())).toMatch(/expected at most 2000000 bars for QC/);
  });
});

describe('safe off loopback', () => {
  it('refuses a non-loopback bind without a token, saying how to set one', async () => {
    await expect(start({ home: join(dir, 'home-lan'), host: '0.0.0.0' })).rejects.toThrow(/SKIPPY_TOKEN/);
  });

  it('with a token: 401 without it, 200 with Bearer or the cookie it sets; Host and Origin checked; helmet headers', async () => {
    const token = 'a'.repeat(20) + 'secret';
    const s = await start({ home: join(dir, 'home-tok'), token });
    try {
      const list = `${s.url}/trpc/runs.list`;
      expect((await fetch(list)).status).toBe(401);
      expect((await fetch(list, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      const ok = await fetch(list, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const cookie = ok.headers.get('set-cookie')!;
      expect(cookie).toMatch(/skippy_token=.*HttpOnly; SameSite=Strict/);
      expect((await fetch(list, { headers: { cookie: cookie.split(';')[0] } })).status).toBe(200);
      expect((await fetch(`${s.url}/artifacts/r1/report.json`)).status).toBe(401);
      // DNS rebinding: a foreign Host is refused even with the token
      expect(await getWithHost(list, 'attacker.example', { authorization: `Bearer ${token}` })).toBe(421);
      expect(await getWithHost(list, `localhost:${s.port}`, { authorization: `Bearer ${token}` })).toBe(200);
      // a state-changing request from a foreign origin is refused
      const cross = await fetch(`${s.url}/trpc/config.validate`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: 'http://attacker.example', 'content-type': 'application/json' }, body: '{"config":{}}' });
      expect(cross.status).toBe(403);
      const same = await fetch(`${s.url}/trpc/config.validate`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: s.url, 'content-type': 'application/json' }, body: '{"config":{}}' });
      expect(same.status).toBe(200);
      const h = (await fetch(`${s.url}/healthz`)).headers;
      expect(h.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(h.get('x-content-type-options')).toBe('nosniff');
      expect(h.get('x-frame-options')).toBe('DENY');
      expect(h.get('referrer-policy')).toBe('no-referrer');
    } finally { await s.close(); }
  });

  it('without a token on loopback, a foreign Host is still refused', async () => {
    expect(await getWithHost(`${server.url}/trpc/runs.list`, 'attacker.example:5178')).toBe(421);
    expect(await getWithHost(`${server.url}/trpc/runs.list`, `127.0.0.1:${server.port}`)).toBe(200);
  });
});

describe('fuzzed tRPC inputs', () => {
  it('config.validate, runs.start, runs.get and datasets.qc answer any JSON with 200 or 4xx, never 500', async () => {
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, fc.double(), fc.integer(), fc.string({ maxLength: 16 }), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), tie('o')),
      o: fc.dictionary(fc.oneof(fc.constantFrom('config', 'id', 'hpo', 'space', 'data', 'name', 'symbol', 'days', '__proto__', 'constructor'), fc.string({ maxLength: 8 })), tie('v'), { maxKeys: 4 }),
    })).o;
    await fc.assert(fc.asyncProperty(value, fc.constantFrom('config.validate', 'runs.start', 'runs.cancel'), async (body, proc) => {
      const r = await fetch(`${server.url}/trpc/${proc}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status).toBeLessThan(500);
    }), { numRuns: 150, interruptAfterTimeLimit: 20_000 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, 60_000);
});
