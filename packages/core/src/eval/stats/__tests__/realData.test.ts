import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sharedDataPath } from '@skippy/io';
import { returnStatistics } from '../index.ts';

const csv = sharedDataPath('mlfinlab-es-test-data/stock_prices.csv');

describe.runIf(csv)('returnStatistics on SPY daily returns 2008–2016 (needs ../shared/data)', () => {
  it('matches numpy/scipy computed independently', () => {
    const lines = readFileSync(csv!, 'utf8').trim().split('\n');
    const spy = lines[0].split(',').indexOf('SPY');
    const px = lines.slice(1).map((l) => Number(l.split(',')[spy]));
    const r = Float64Array.from({ length: px.length - 1 }, (_, i) => px[i + 1] / px[i] - 1);
    const s = returnStatistics(r, { periodsPerYear: 252 });
    // numpy: r.mean()/r.std(ddof=1); scipy.stats.skew; kurtosis(fisher=False); max of 1 − e/cummax(e) with e from 1;
    // norm.cdf(sr·√(T−1)/√v); 1 + v·(norm.ppf(0.95)/sr)²
    expect(s.n).toBe(2140);
    expect(s.sharpe).toBeCloseTo(0.019449186711333458, 12);
    expect(s.skewness).toBeCloseTo(0.23554626794538966, 10);
    expect(s.kurtosis).toBeCloseTo(16.50901500351005, 9);
    expect(s.maxDrawdown).toBeCloseTo(0.5300489612062675, 12);
    expect(s.psr).toBeCloseTo(0.8161834559613879, 10);
    expect(s.minTrackRecord / 7131.120802672931).toBeCloseTo(1, 10);
  });
});
