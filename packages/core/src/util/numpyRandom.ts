/**
 * A bit-exact port of the parts of numpy's legacy `numpy.random.RandomState` that Optuna's samplers call:
 * MT19937 seeded by an integer (`init_genrand`, numpy's `_legacy_seeding` for 0 ≤ seed < 2^32),
 * `random_sample` / `rand` (53-bit doubles from two 32-bit outputs), `uniform(low, high)` (low + (high − low)·U,
 * element by element) and `choice(n, p, size)` with replacement (cdf = cumsum(p) / cdf[−1], searchsorted right).
 * With the same seed it returns the same numbers as numpy, so a sampler built on it can reproduce an Optuna
 * study draw by draw (checked against numpy 2.4 in util/__tests__/numpyRandom.test.ts).
 *
 * `draws` counts the 32-bit outputs consumed; `skip(n)` advances by n outputs, so a stream can be stored as
 * (seed, draws) and restored without keeping the 624-word state.
 */

const N = 624, M = 397;
const MATRIX_A = 0x9908b0df, UPPER = 0x80000000, LOWER = 0x7fffffff;

export interface NumpyRandomState {
  /** The seed the stream started from. */
  readonly seed: number;
  /** 32-bit outputs consumed so far (a double takes two). */
  readonly draws: number;
  /** Next 32-bit output (`mt19937_next32`). */
  nextUint32(): number;
  /** `random_sample()`: a double in [0, 1) from two outputs, (a >> 5 · 2^26 + b >> 6) / 2^53. */
  randomSample(): number;
  /** `rand(n)` / `random_sample(n)`: n doubles. */
  rand(n: number): Float64Array;
  /** `uniform(low, high)` for scalars: low + (high − low)·U. */
  uniform(low: number, high: number): number;
  /** `uniform(low, high)` for equal-length arrays (element order = numpy's C order). */
  uniformArray(low: ArrayLike<number>, high: ArrayLike<number>): Float64Array;
  /** `choice(n, p=p, size=size)` with replacement: indices in [0, n). */
  choice(n: number, p: ArrayLike<number>, size: number): Int32Array;
  /** Advances the stream by n 32-bit outputs. */
  skip(n: number): void;
}

/** createNumpyRandomState(seed) – `numpy.random.RandomState(seed)` for an integer 0 ≤ seed < 2^32. */
export function createNumpyRandomState(seed: number): NumpyRandomState {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`seed must be an integer in [0, 2^32 − 1] (numpy's legacy seeding); was ${seed}`);
  const key = new Uint32Array(N);
  let s = seed >>> 0;
  for (let i = 0; i < N; i++) {
    key[i] = s;
    s = (Math.imul(1812433253, (s ^ (s >>> 30)) >>> 0) + i + 1) >>> 0;
  }
  let pos = N, draws = 0;
  const twist = () => {
    let y: number, i = 0;
    for (; i < N - M; i++) { y = (key[i] & UPPER) | (key[i + 1] & LOWER); key[i] = key[i + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0); }
    for (; i < N - 1; i++) { y = (key[i] & UPPER) | (key[i + 1] & LOWER); key[i] = key[i + M - N] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0); }
    y = (key[N - 1] & UPPER) | (key[0] & LOWER);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    pos = 0;
  };
  const nextUint32 = (): number => {
    if (pos === N) twist();
    let y = key[pos++];
    draws++;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  };
  const randomSample = (): number => {
    const a = nextUint32() >>> 5, b = nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  };
  return {
    seed,
    get draws() { return draws; },
    nextUint32,
    randomSample,
    rand(n) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = randomSample();
      return out;
    },
    uniform: (low, high) => low + (high - low) * randomSample(),
    uniformArray(low, high) {
      if (low.length !== high.length) throw new Error(`low and high must have the same length; were ${low.length} and ${high.length}`);
      const out = new Float64Array(low.length);
      for (let i = 0; i < low.length; i++) out[i] = low[i] + (high[i] - low[i]) * randomSample();
      return out;
    },
    choice(n, p, size) {
      if (p.length !== n) throw new Error(`p must have one probability per choice (${n}); was ${p.length}`);
      const cdf = new Float64Array(n);
      let c = 0;
      for (let i = 0; i < n; i++) {
        if (!(p[i] >= 0)) throw new Error(`probabilities must be non-negative; p[${i}] was ${p[i]}`);
        cdf[i] = c += p[i];
      }
      const last = cdf[n - 1];
      for (let i = 0; i < n; i++) cdf[i] /= last;
      const out = new Int32Array(size);
      for (let k = 0; k < size; k++) {
        const u = randomSample();
        // searchsorted(cdf, u, side='right'): the number of cdf entries ≤ u
        let lo = 0, hi = n;
        while (lo < hi) { const mid = (lo + hi) >>> 1; if (cdf[mid] <= u) lo = mid + 1; else hi = mid; }
        out[k] = lo;
      }
      return out;
    },
    skip(n) {
      if (!Number.isInteger(n) || n < 0) throw new Error(`skip count must be an integer ≥ 0; was ${n}`);
      let left = n;
      while (left > 0) {
        if (pos === N) twist();
        const k = Math.min(left, N - pos);
        pos += k; draws += k; left -= k;
      }
    },
  };
}
