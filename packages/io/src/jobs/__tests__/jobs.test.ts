import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { validateConfig } from '@skippy/core/config';
import type { PipelineInputs } from '@skippy/core/pipeline';
import { BlobStore, codeVersion, decodeInputs, decodeResult, encodeInputs, encodeResult, encodeRunFiles, executeRun, failureReason, jobHostHandler, parseFailure, sha256Hex, storeRunResult, storeRunResultAsync } from '../index.ts';

const dir = mkdtempSync(join(tmpdir(), 'skippy-jobs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('job contract bytes', () => {
  it('encodeInputs / decodeInputs keep typed arrays; the content hash is the SHA-256 of the bytes', () => {
    const inputs = { bars: { BTC: { ts: new Float64Array([0, 60_000]), close: new Float64Array([1.5, 2.5]) } }, loaded: [] } as unknown as PipelineInputs;
    const bytes = encodeInputs(inputs);
    const back = decodeInputs(bytes) as unknown as { bars: { BTC: { ts: Float64Array; close: Float64Array } } };
    expect(back.bars.BTC.close).toBeInstanceOf(Float64Array);
    expect([...back.bars.BTC.close]).toEqual([1.5, 2.5]);
    expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(sha256Hex(encodeInputs(inputs))).toBe(sha256Hex(bytes));
  });

  it('BlobStore.put(bytes) → hash; get(hash) returns them, null for an unknown hash or a file whose bytes no longer match its name', () => {
    const store = new BlobStore(join(dir, 'blobs'));
    const h = store.put(Buffer.from('hello'));
    expect(h).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(store.get(h)!.toString()).toBe('hello');
    expect(store.get('0'.repeat(64))).toBeNull();
    writeFileSync(join(dir, 'blobs', h.slice(0, 2), h), 'tampered');
    expect(store.get(h)).toBeNull();
    expect(store.get('../../etc/passwd')).toBeNull();
  });

  it('failureReason / parseFailure round-trip the kind; a reason of BullMQ itself is internal', () => {
    expect(parseFailure(failureReason('user', 'config x: expected y'))).toEqual({ kind: 'user', message: 'config x: expected y' });
    expect(parseFailure('job stalled more than allowable limit')).toEqual({ kind: 'internal', message: 'job stalled more than allowable limit' });
  });

  it('codeVersion(override) is the override; without one a stable src-<12 hex> hash of the pipeline sources', () => {
    expect(codeVersion('build-42')).toBe('build-42');
    expect(codeVersion()).toMatch(/^src-[0-9a-f]{12}$/);
    expect(codeVersion()).toBe(codeVersion());
  });
});

describe('jobHostHandler', () => {
  it('token, inputs by content hash, results stored once per job id', async () => {
    const blobs = new BlobStore(join(dir, 'host'));
    const hash = blobs.put(Buffer.from('inputs'));
    const stored: string[] = [];
    const handle = jobHostHandler({
      codeVersion: 'v1', blobs, token: 'tok-0123456789abcdef',
      onResult: async (id, body) => { if (stored.includes(id)) return 'duplicate'; if (id === 'nope') return 'unknown'; stored.push(`${id}:${body.toString()}`.split(':')[0]); return 'stored'; },
    });
    const server = createServer(handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const auth = { authorization: 'Bearer tok-0123456789abcdef' };
    try {
      expect((await fetch(`${base}/version`)).status).toBe(401);
      expect(await (await fetch(`${base}/version`, { headers: auth })).json()).toEqual({ codeVersion: 'v1' });
      expect(await (await fetch(`${base}/inputs/${hash}`, { headers: auth })).text()).toBe('inputs');
      const unknown = await fetch(`${base}/inputs/${'a'.repeat(64)}`, { headers: auth });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({ error: `unknown content hash ${'a'.repeat(64)}` });
      const put = (id: string) => fetch(`${base}/results/${id}`, { method: 'PUT', headers: auth, body: 'r' });
      expect(await (await put('j1')).json()).toEqual({ outcome: 'stored' });
      expect(await (await put('j1')).json()).toEqual({ outcome: 'duplicate' });
      expect((await put('nope')).status).toBe(404);
      expect((await put('bad%20id')).status).toBe(400);
      expect(stored).toEqual(['j1']);
    } finally {
      server.close();
    }
  });
});

describe('storeRunResult', () => {
  it('a result whose tables a worker encoded (encodeRunFiles, through the wire) stores the same bytes as the tables themselves, sync or async', async () => {
    const v = validateConfig({ name: 't', data: { symbols: ['BTC'], bar_interval: '5m', synthetic: { days: 2 } }, features: { microstructure: { enabled: false } }, evaluation: { n_splits: 3, cscv_partitions: 8 } });
    if (!v.ok) throw new Error(v.issues[0].text);
    const result = await executeRun({ runId: 'r1', name: 't', config: v.config }, null, { signal: { aborted: false }, onProgress: () => undefined });
    const viaFiles = decodeResult(encodeResult(encodeRunFiles(structuredClone(result))));
    expect(Object.keys(viaFiles.tables)).toEqual([]);
    const a = storeRunResult(join(dir, 'tables'), structuredClone(result));
    const b = storeRunResult(join(dir, 'files'), structuredClone(viaFiles));
    const c = await storeRunResultAsync(join(dir, 'async'), viaFiles);
    expect(b.artifacts).toEqual(a.artifacts);
    expect(c.artifacts).toEqual(a.artifacts);
    const names = readdirSync(join(dir, 'tables')).sort();
    expect(names).toContain('report.json');
    for (const other of ['files', 'async']) {
      expect(readdirSync(join(dir, other)).sort()).toEqual(names);
      for (const f of names) expect(readFileSync(join(dir, other, f)).equals(readFileSync(join(dir, 'tables', f))), `${other}/${f}`).toBe(true);
    }
  });
});
