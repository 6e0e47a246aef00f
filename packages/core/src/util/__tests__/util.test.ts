import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createRng, sha256Hex, canonicalJson } from '../index.ts';

describe('sha256Hex(text)', () => {
  it('matches node:crypto on ASCII, unicode and block-boundary inputs', () => {
    for (const s of ['', 'abc', 'é—€🙂', 'a'.repeat(55), 'b'.repeat(56), 'c'.repeat(64), 'd'.repeat(1000)]) {
      expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('createRng(seed)', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = createRng(1), b = createRng(1), c = createRng(2);
    const xa = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xa);
  });
  it('draws uniform [0,1) with mean ≈ 0.5 and normals with sd ≈ 1', () => {
    const r = createRng(123);
    let s = 0, s2 = 0, min = 1, max = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) { const u = r.next(); s += u; min = Math.min(min, u); max = Math.max(max, u); }
    expect(s / n).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    s = 0;
    for (let i = 0; i < n; i++) { const z = r.normal(); s += z; s2 += z * z; }
    expect(s / n).toBeCloseTo(0, 1);
    expect(Math.sqrt(s2 / n)).toBeCloseTo(1, 1);
  });
  it('fork(label) gives independent but reproducible streams', () => {
    expect(createRng(5).fork('x').next()).toBe(createRng(5).fork('x').next());
    expect(createRng(5).fork('x').next()).not.toBe(createRng(5).fork('y').next());
  });
});

describe('canonicalJson(value)', () => {
  it('sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 2 } })).toBe('{"a":{"c":2,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
