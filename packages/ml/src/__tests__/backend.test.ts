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
});
