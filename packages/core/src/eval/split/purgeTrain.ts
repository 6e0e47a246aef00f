import type { CvSplit } from './types.ts';
import { issueSplit } from './types.ts';

/**
 * The one purging kernel every splitter uses. Test = union of `blocks` ([start, end) positions).
 * Training candidates are positions in [candLo, candHi) outside the test blocks. For each block
 * b with window [T0_b, T1_b] (earliest t0, latest t1 in the block), candidate i is removed when
 * t1ᵢ ≥ T0_b and t0ᵢ ≤ T1_b (closed intervals touch ⇒ overlap) → `purged`; else when
 * end_b ≤ i < end_b + embargoN → `embargoed`; else when start_b − marginN ≤ i < start_b → `purgedMargin`.
 * One pass over the candidates per split, O(n·blocks).
 */
export function purgeTrain(
  index: number,
  t0: ArrayLike<number>,
  t1: ArrayLike<number>,
  blocks: readonly (readonly [number, number])[],
  candLo: number,
  candHi: number,
  embargoN: number,
  marginN: number,
): CvSplit {
  const nb = blocks.length;
  const lo = new Float64Array(nb), hi = new Float64Array(nb);
  const starts = new Int32Array(nb), ends = new Int32Array(nb);
  let testCount = 0, wLo = Infinity, wHi = -Infinity;
  for (let b = 0; b < nb; b++) {
    const [s, e] = blocks[b];
    let a = Infinity, z = -Infinity;
    for (let i = s; i < e; i++) {
      if (t0[i] < a) a = t0[i];
      if (t1[i] > z) z = t1[i];
    }
    lo[b] = a; hi[b] = z; starts[b] = s; ends[b] = e; testCount += e - s;
    if (a < wLo) wLo = a;
    if (z > wHi) wHi = z;
  }
  const test = new Int32Array(testCount);
  let k = 0;
  for (let b = 0; b < nb; b++) for (let i = blocks[b][0]; i < blocks[b][1]; i++) test[k++] = i;
  const trainBuf = new Int32Array(Math.max(0, candHi - candLo));
  let nt = 0, purged = 0, embargoed = 0, purgedMargin = 0;
  let b = 0; // index of the first block whose end is > i (blocks are sorted and disjoint)
  for (let i = candLo; i < candHi; i++) {
    while (b < nb && ends[b] <= i) b++;
    if (b < nb && i >= starts[b]) continue; // a test position
    const a = t0[i], z = t1[i];
    let overlap = false;
    for (let j = 0; j < nb; j++) if (z >= lo[j] && a <= hi[j]) { overlap = true; break; }
    if (overlap) { purged++; continue; }
    // embargo: the previous block ended at most embargoN positions before i
    if (b > 0 && i < ends[b - 1] + embargoN) { embargoed++; continue; }
    // margin: the next block starts at most marginN positions after i
    if (b < nb && i >= starts[b] - marginN) { purgedMargin++; continue; }
    trainBuf[nt++] = i;
  }
  return issueSplit({
    index,
    test,
    train: trainBuf.slice(0, nt),
    purged,
    embargoed,
    purgedMargin,
    window: [wLo, wHi],
    blocks: blocks.map((x) => [x[0], x[1]] as const),
  });
}
