import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ensureMlBackend } from '../index.ts';

describe('ensureMlBackend() on wasm – Identity and same-dtype Cast share the data', () => {
  it('a clone or a float32 → float32 cast allocates no buffer, outlives its source and frees with the last reference', async () => {
    expect(await ensureMlBackend()).toBe('wasm');
    const before = (tf.memory() as { numDataBuffers: number }).numDataBuffers;
    const buffers = () => (tf.memory() as { numDataBuffers: number }).numDataBuffers - before;
    const x = tf.tensor1d([1, 2, 3]);
    const c = tf.clone(x), f = tf.cast(x, 'float32'), i = tf.cast(x, 'int32');
    expect(buffers()).toBe(2); // x's and the int32 copy's
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(f.dataSync())).toEqual([1, 2, 3]);
    expect(i.dtype).toBe('int32');
    c.dispose();
    expect(Array.from(f.dataSync())).toEqual([1, 2, 3]);
    f.dispose(); i.dispose();
    expect(buffers()).toBe(0);
    // a variable's assign swaps its data: what was cloned from it keeps the old values
    const v = tf.variable(tf.tensor1d([5, 6]));
    const kept = tf.clone(v);
    v.assign(tf.tensor1d([7, 8]));
    expect(Array.from(kept.dataSync())).toEqual([5, 6]);
    expect(Array.from(v.dataSync())).toEqual([7, 8]);
    tf.dispose([v, kept]);
  });

  it('slices from heap views: contiguous, rank 2 and 3 strided, rank 4 (the backend\'s own), with the values of a plain index walk', () => {
    const shape = [4, 3, 5, 2], n = 4 * 3 * 5 * 2;
    const values = Float32Array.from({ length: n }, (_, i) => i);
    /** the expected slice by index arithmetic */
    const expected = (sh: number[], begin: number[], size: number[]) => {
      const strides = sh.map((_, d) => sh.slice(d + 1).reduce((a, b) => a * b, 1)), out: number[] = [];
      const walk = (d: number, off: number) => {
        if (d === sh.length) { out.push(off); return; }
        for (let i = begin[d]; i < begin[d] + size[d]; i++) walk(d + 1, off + i * strides[d]);
      };
      walk(0, 0);
      return out;
    };
    const cases: [number[], number[], number[]][] = [
      [[120], [7], [50]],
      [[24, 5], [3, 0], [10, 5]], [[24, 5], [2, 1], [7, 3]],
      [[12, 5, 2], [2, 0, 0], [5, 5, 2]], [[12, 5, 2], [1, 2, 0], [4, 2, 2]], [[12, 5, 2], [0, 1, 1], [12, 3, 1]], [[6, 2, 10], [0, 1, 0], [6, 1, 10]],
      [shape, [1, 1, 2, 0], [2, 2, 3, 2]],
    ];
    for (const [sh, begin, size] of cases) {
      const x = tf.tensor(values, sh);
      const got = tf.slice(x, begin, size);
      expect(got.shape).toEqual(size);
      expect(Array.from(got.dataSync())).toEqual(expected(sh, begin, size));
      tf.dispose([x, got]);
    }
  });
});
