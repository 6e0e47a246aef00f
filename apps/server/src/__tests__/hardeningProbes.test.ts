/**
 * Issue 13 re-probed (after hardening.test.ts): what the load benchmark and the attacker probes found.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configToYaml, validateConfig } from '@skippy/core/config';
import { createServer } from '../server.ts';
import type { RunningServer } from '../server.ts';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-probes-'));
  const configPath = join(dir, 'training.yml');
  writeFileSync(configPath, 'name: probes\n');
  server = await createServer({ port: 0, home: join(dir, 'home'), configPath, workers: 1, warmWorkers: false, webDist: join(dir, 'no-web') });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runs.get under load: the stored config is parsed once per hash', () => {
  it('second get reads no YAML; each answer is its own copy', async () => {
    const v = validateConfig({ name: 'cached', seed: 7 });
    if (!v.ok) throw new Error(v.issues.map((i) => i.text).join('; '));
    server.db.putConfig(v.hash, configToYaml(v.config), 1);
    server.db.insertRun({ id: 'rcache1', name: 'cached', status: 'done', createdAt: 1, startedAt: 1, finishedAt: 2, configHash: v.hash, error: null, rerunOf: null });
    const spy = vi.spyOn(server.db, 'getConfigYaml');
    try {
      const first = server.runs.get('rcache1')!;
      expect(first.config).toEqual(v.config);
      expect(spy).toHaveBeenCalledTimes(1);
      first.config.seed = 99;
      first.config.data.symbols.push('XRP');
      const again = await fetch(`${server.url}/trpc/runs.get?input=${encodeURIComponent(JSON.stringify({ id: 'rcache1' }))}`);
      const body = (await again.json()) as { result: { data: { config: { seed: number; data: { symbols: string[] } } } } };
      expect(body.result.data.config.seed).toBe(7);
      expect(body.result.data.config.data.symbols).toEqual(v.config.data.symbols);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally { spy.mockRestore(); }
  });
});
