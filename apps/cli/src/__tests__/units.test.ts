import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { humanBytes, minTrlText } from '../units.ts';
import { runInProcess } from '../commands/__tests__/cliHarness.ts';
import { featuresCommand } from '../commands/features.ts';
import { statsCommand } from '../commands/stats.ts';

describe('humanBytes(n)', () => {
  it('prints decimal units with three significant digits', () => {
    expect(humanBytes(0)).toBe('0 B');
    expect(humanBytes(999)).toBe('999 B');
    expect(humanBytes(1000)).toBe('1.00 kB');
    expect(humanBytes(1234)).toBe('1.23 kB');
    expect(humanBytes(27_757_550)).toBe('27.8 MB');
    expect(humanBytes(417_600_000_000)).toBe('418 GB');
    expect(humanBytes(999_600)).toBe('1.00 MB');
    expect(humanBytes(6.96e9)).toBe('6.96 GB');
  });
});

describe('minTrlText(periods)', () => {
  it('says when the minimum track record is not reachable instead of "Infinity periods"', () => {
    expect(minTrlText(Number.POSITIVE_INFINITY)).toBe('not reachable (Sharpe ≤ target)');
    expect(minTrlText(1234.56)).toBe('1,234.6 periods');
    expect(minTrlText(Number.NaN)).toBe('not computable');
  });
});

describe('CLI text output in human units', () => {
  it('features --dry-run prints bytes in units (the L2 capture of 2 symbols × 30 days is 417.6 GB)', async () => {
    const r = await runInProcess(featuresCommand, '--set', 'price,microstructure', '--dry-run', '--symbols', 'BTC,ETH', '--days', '30', '--bar', '1m');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/\d{7,}/);
    expect(r.stdout).toContain('418 GB for 2 symbol(s) × 30 day(s)');
  });

  it('stats prints "not reachable (Sharpe ≤ target)" when the Sharpe is below the benchmark', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skippy-units-'));
    const file = join(dir, 'returns.csv');
    writeFileSync(file, 'r\n0.001\n-0.002\n0.0005\n-0.001\n0.0002\n-0.003\n0.001\n-0.0005\n');
    const r = await runInProcess(statsCommand, '--input', file, '--periods-per-year', '252', '--bootstrap', '0');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MinTRL not reachable (Sharpe ≤ target)');
    expect(r.stdout).not.toContain('Infinity');
    // JSON cannot hold ∞ (it prints null): the flag says which null it is
    const j = await runInProcess(statsCommand, '--input', file, '--periods-per-year', '252', '--bootstrap', '0', '--json');
    const o = JSON.parse(j.stdout) as { min_track_record_length: number | null; min_track_record_reachable: boolean };
    expect(o.min_track_record_length).toBeNull();
    expect(o.min_track_record_reachable).toBe(false);
  });
});
