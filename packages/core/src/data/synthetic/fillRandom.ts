/**
 * Bulk random fills for the synthetic market's hot loops. A local xoshiro128** state, seeded
 * from four draws of the given Rng, runs in local variables (no closure call per draw), which
 * is ~4× faster than calling rng.normal() per bar. Uniforms have 32-bit resolution, which is
 * plenty for simulation. Deterministic: the same Rng state gives the same arrays.
 */
import type { Rng } from '../../util/rng.ts';

const TWO_M32 = 2.3283064365386963e-10; // 2^-32

function seedState(rng: Rng): Uint32Array {
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = Math.floor(rng.next() * 4294967296) >>> 0;
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

/** fillUniform(rng, out) – out[i] ∈ [0, 1), returns out. */
export function fillUniform(rng: Rng, out: Float64Array): Float64Array {
  const s = seedState(rng);
  let a = s[0], b = s[1], c = s[2], d = s[3];
  for (let i = 0; i < out.length; i++) {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    out[i] = r * TWO_M32;
  }
  return out;
}

/** fillNormal(rng, out) – standard normal draws (Marsaglia polar method), returns out. */
export function fillNormal(rng: Rng, out: Float64Array): Float64Array {
  const s = seedState(rng);
  let a = s[0], b = s[1], c = s[2], d = s[3];
  const n = out.length;
  let i = 0;
  while (i < n) {
    let r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    let t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    const u = 2 * r * TWO_M32 - 1;
    r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)), 9) >>> 0;
    t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t;
    d = (d << 11) | (d >>> 21);
    const v = 2 * r * TWO_M32 - 1;
    const q = u * u + v * v;
    if (q >= 1 || q === 0) continue;
    const m = Math.sqrt((-2 * Math.log(q)) / q);
    out[i++] = u * m;
    if (i < n) out[i++] = v * m;
  }
  return out;
}
