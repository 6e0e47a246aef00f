/** ablate:features and bench:run on a short synthetic market (3 days of 1m bars). */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '@skippy/core';
import { openDatabase } from '@skippy/io/db';
import { ablateFeaturesCommand, comparePair, oosReturns, parseSets, recommend } from '../ablate.ts';
import { benchRunCommand, benchWindow, noiseStatement } from '../benchRun.ts';
import { runInProcess } from './cliHarness.ts';

let dir: string, cfg: string;
const YAML = `# a short market for tests
name: plan-test
data:
  synthetic: { days: 3 }   # keep it small
evaluation:
  cscv_partitions: 8
`;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'skippy-plan-strategy-'));
  cfg = join(dir, 'training.yml');
  writeFileSync(cfg, YAML);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ablate:features pieces', () => {
  it('parseSets splits sets on "," and needs two distinct ones', () => {
    expect(parseSets('price,price+microstructure', [])).toEqual(['price', 'price+microstructure']);
    expect(() => parseSets('price', [])).toThrow(/at least two feature sets/);
  });

  it('oosReturns starts at the first out-of-sample bar', () => {
    const r = oosReturns(Float64Array.of(0, 1, 2, 3), Float64Array.of(100, 100, 110, 99), 2);
    expect(r).toHaveLength(2);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(-0.1, 12);
  });

  it('comparePair calls lift only with PSR ≥ 0.95, a CI above 0 and a profitable richer set; recommend applies the plan', () => {
    const n = 400, a = new Float64Array(n), b = new Float64Array(n);
    for (let t = 0; t < n; t++) { a[t] = Math.sin(t) * 1e-3; b[t] = a[t] + 5e-4 + Math.cos(3 * t) * 1e-4; }
    const lift = comparePair({ set: 'price', returns: a }, { set: 'price+microstructure', returns: b }, { periodsPerYear: 365, seed: 1, resamples: 300 });
    expect(lift.showsLift).toBe(true);
    expect(lift.ci.lower).toBeGreaterThan(0);
    const none = comparePair({ set: 'price', returns: b }, { set: 'price+derivatives', returns: a }, { periodsPerYear: 365, seed: 1, resamples: 300 });
    expect(none.showsLift).toBe(false);
    expect(none.statement).toMatch(/no (significant )?lift/);
    const rec = recommend(['price', 'price+microstructure', 'price+microstructure+derivatives'], [lift, { ...none, from: 'price+microstructure', added: ['derivatives'] }], defaultConfig());
    expect(rec.tiers).toEqual({ price: true, microstructure: true, derivatives: false });
    expect(rec.statements.join(' ')).toContain('derivatives (tier 3): no significant lift over price+microstructure → recommended OFF');
  });
});

describe('ablate:features --sets price,price+microstructure', () => {
  it('runs each set through the protocol, compares pairs, PBO, and --apply writes the tiers keeping comments', async () => {
    const r = await runInProcess(ablateFeaturesCommand, '--sets', 'price,price+microstructure', '--config', cfg, '--resamples', '200', '--apply', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.sets.map((s: { set: string; features: string[] }) => [s.set, s.features.length])).toEqual([['price', 7], ['price+microstructure', 15]]);
    expect(j.pairs).toHaveLength(1);
    expect(j.pairs[0]).toMatchObject({ from: 'price', to: 'price+microstructure', added: ['microstructure'] });
    expect(j.pairs[0].ci.method).toBe('stationary');
    expect(j.pbo.partitions).toBe(8);
    expect(j.recommendation.rule).toContain('tier 3 (derivatives) stays off unless it shows lift');
    expect(j.recommendation.tiers.microstructure).toBe(j.pairs[0].shows_lift);
    const yaml = readFileSync(cfg, 'utf8');
    expect(yaml).toContain('# a short market for tests');
    if (!j.pairs[0].shows_lift) {
      expect(j.applied.changes).toEqual(['features.microstructure.enabled: true → false']);
      expect(yaml).toMatch(/microstructure:\s*\n?\s*enabled: false/);
    }
    writeFileSync(cfg, YAML);
  }, 120_000);

  it('one set, an unknown tier or --apply without a file is one line, exit 2', async () => {
    for (const args of [['--sets', 'price', '--config', cfg], ['--sets', 'price,price+bogus', '--config', cfg]]) {
      const r = await runInProcess(ablateFeaturesCommand, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('bench:run --days N --version V', () => {
  it('benchWindow puts ⌊T·train_pct⌋ on the first bar of the last N days', () => {
    const ts = Float64Array.from({ length: 3 * 1440 }, (_, i) => i * 60_000);
    const w = benchWindow(ts, 60_000, 1);
    expect(w.firstBar).toBe(2 * 1440);
    expect(Math.floor(ts.length * w.trainPct)).toBe(2 * 1440);
    expect(() => benchWindow(ts, 60_000, 3)).toThrow(/fewer days than the data's span/);
  });

  it('noiseStatement compares |Δ| with 2·√(σ₁² + σ₂²)', () => {
    expect(noiseStatement(1, 0.3, 0.4, '1.0', true)).toMatchObject({ noise_band: 1, exceeds_noise: false });
    expect(noiseStatement(1.2, 0.3, 0.4, '1.0', true).statement).toContain('LARGER than the noise');
    expect(noiseStatement(1, null, null, '1.0', true).exceeds_noise).toBeNull();
  });

  it('stores a strategy version with hashes and seed noise, reproduces it exactly, and compares versions', async () => {
    const home = join(dir, 'home');
    const run = async (version: string) => {
      const r = await runInProcess(benchRunCommand, '--days', '1', '--version', version, '--seeds', '2', '--config', cfg, '--home', home, '--json');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).record;
    };
    const a = await run('1.0');
    expect(a.data.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.window.oos_bars).toBe(1440);
    expect(a.seeds).toHaveLength(2);
    expect(a.noise.seeds).toBe(2);
    expect(a.reproduced).toBeNull();
    const again = await run('1.0');
    // same data, config and commit → reproduced exactly (another commit in between → a replacement, null)
    expect(again.reproduced).toBe(again.code.commit !== null && again.code.commit === a.code.commit ? true : null);
    expect(again.seeds).toEqual(a.seeds);
    const b = await run('1.1');
    expect(b.comparison.against).toBe('1.0');
    expect(b.comparison.sharpe_delta).toBe(0);
    expect(b.comparison.statement).toMatch(/within the noise|not comparable|not measured/);
    const db = openDatabase(join(home, 'skippy.db'));
    try {
      expect(db.listBenchVersions({ kind: 'strategy' }).map((v) => v.version)).toEqual(['1.1', '1.0']);
      expect(db.listBenchVersions()).toEqual([]);
    } finally { db.close(); }
    const bad = await runInProcess(benchRunCommand, '--days', '5', '--version', '1.2', '--config', cfg, '--home', home);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("fewer days than the data's span");
  }, 180_000);
});
