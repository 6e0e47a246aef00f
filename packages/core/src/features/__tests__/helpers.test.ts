import { describe, expect, it } from 'vitest';
import { snapshotsAsOf } from '../snapshotsAsOf.ts';
import { featureMatrixToCsv } from '../featureMatrixToCsv.ts';
import { longestFeatureWindow, validateFeatureInput } from '../validateFeatureInput.ts';
import { featureSetConfig } from '../featureSet.ts';

describe('snapshotsAsOf(barCloseTs, snapshots)', () => {
  it('takes the last book row at or before each close, NaN before the first', () => {
    const snap = { symbol: 'X', depth: 1, ts: Float64Array.from([100, 200]), bidPx: Float64Array.from([1, 2]), bidQty: Float64Array.from([10, 20]), askPx: Float64Array.from([3, 4]), askQty: Float64Array.from([30, 40]) };
    const s = snapshotsAsOf(Float64Array.from([50, 100, 150, 250]), snap);
    expect(s.bidPx[0]).toBeNaN();
    expect([...s.bidPx.subarray(1)]).toEqual([1, 1, 2]);
    expect([...s.askQty.subarray(1)]).toEqual([30, 30, 40]);
    expect([...s.ts]).toEqual([50, 100, 150, 250]);
  });
});

describe('featureMatrixToCsv(matrix)', () => {
  it('writes ts then the names, NaN as an empty cell', () => {
    const csv = featureMatrixToCsv({ ts: Float64Array.from([1, 2]), names: ['a', 'b'], columns: [Float64Array.from([NaN, 0.5]), Float64Array.from([1e-7, -2])] });
    expect(csv).toBe('ts,a,b\n1,,1e-7\n2,0.5,-2\n');
  });
});

describe('validateFeatureInput(bars, config, source)', () => {
  const c = Float64Array.from({ length: 30 }, (_, i) => 100 + i);
  const bars = { symbol: 'T', intervalMs: 1, ts: c, open: c, high: c, low: c, close: c, volume: c };
  it('needs more bars than the longest window', () => {
    expect(longestFeatureWindow(featureSetConfig('price'))).toBe(20);
    expect(() => validateFeatureInput(bars, featureSetConfig('price'), 'f')).not.toThrow();
    expect(() => validateFeatureInput(bars, featureSetConfig('zscore_30'), 'f')).toThrow(/f: expected more bars than the longest feature window \(30\), got 30/);
  });
  it('rejects non-positive or non-finite prices', () => {
    const low = c.slice();
    low[3] = -1;
    expect(() => validateFeatureInput({ ...bars, low }, featureSetConfig('price'), 'f')).toThrow(/f: bar 4 \(ts 103\): low: expected a positive finite price, got -1/);
  });
});
