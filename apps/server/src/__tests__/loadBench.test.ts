/**
 * The load benchmark's figures (apps/server/src/bench/load.ts): nearest-rank quantiles and the process-tree
 * RSS it samples. The benchmark itself runs with `npm run bench:load`, never as a test.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { latencyStats, quantile, treeRssKb } from '../bench/load.ts';

describe('quantile / latencyStats (nearest rank)', () => {
  it('p50 and p95 of 1..20 are the 10th and 19th values; max is the largest', () => {
    const xs = Array.from({ length: 20 }, (_, i) => 20 - i);
    const sorted = [...xs].sort((a, b) => a - b);
    expect(quantile(sorted, 0.5)).toBe(10);
    expect(quantile(sorted, 0.95)).toBe(19);
    expect(quantile(sorted, 1)).toBe(20);
    expect(quantile([7], 0.95)).toBe(7);
    expect(latencyStats(xs, 2)).toEqual({ n: 20, p50_ms: 10, p95_ms: 19, max_ms: 20, errors: 2 });
  });

  it('p95 of 100 samples is the 95th: one slow tail of 5 is visible, 6 dominate', () => {
    const fast = Array.from({ length: 95 }, () => 1);
    expect(latencyStats([...fast, 50, 50, 50, 50, 50]).p95_ms).toBe(1);
    expect(latencyStats([...fast.slice(1), 50, 50, 50, 50, 50, 50]).p95_ms).toBe(50);
  });
});

describe.runIf(process.platform === 'linux')('treeRssKb', () => {
  it('is this process VmRSS alone, and grows by a child process', async () => {
    const own = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const mine = treeRssKb(process.pid)!;
    // the same figure read twice a moment apart: within 10%
    expect(Math.abs(mine - own) / own).toBeLessThan(0.1);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const childRss = Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]);
      expect(childRss).toBeGreaterThan(1000);
      const withChild = treeRssKb(process.pid)!;
      expect(withChild - treeRssKb(child.pid!)!).toBeGreaterThan(own * 0.9);
      expect(withChild).toBeGreaterThan(mine + childRss * 0.5);
    } finally { child.kill(); }
    expect(treeRssKb(2 ** 22 + 12345)).toBeNull();
  });
});
