import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfigText, defaultConfig, configHash, configToYaml, validateConfig } from '../index.ts';

const shipped = readFileSync(fileURLToPath(new URL('../../../../../config/training.yml', import.meta.url)), 'utf8');

describe('config', () => {
  it('config/training.yml equals the schema defaults', () => {
    const r = parseConfigText(shipped);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.config).toEqual(defaultConfig());
  });

  it('defaults carry the plan values', () => {
    const c = defaultConfig();
    expect(c.labels.max_holding_periods).toEqual([10, 20, 50]);
    expect(c.labels.volatility_target_multiplier).toBe(2);
    expect(c.execution.latency_ms).toEqual([2, 8]);
    expect(c.execution.slippage_curve.large_size).toBe(0.0035);
    expect(c.risk.kelly_fraction_cap).toBe(0.25);
    expect(c.evaluation).toMatchObject({ method: 'purged_embargo_cv', n_splits: 5, embargo_pct: 0.02, purge_pct: 0.05, cscv_enabled: true });
    expect(c.features.derivatives.enabled).toBe(false);
  });

  it('parseConfigText names the key path, the expectation and the value', () => {
    const r = parseConfigText('labels:\n  max_holding_periods: [10, -5, 50]\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].text).toBe('labels.max_holding_periods[1]: expected a positive integer, got -5');
  });

  it('parseConfigText rejects unknown keys and lists the allowed ones', () => {
    const r = parseConfigText('risk:\n  kelly_fraction_cpa: 0.2\n');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues[0].path).toBe('risk.kelly_fraction_cpa');
      expect(r.issues[0].text).toMatch(/unknown key \(expected one of: .*kelly_fraction_cap/);
    }
  });

  it('parseConfigText reports YAML syntax errors with a line', () => {
    const r = parseConfigText('labels:\n  pt: [1,\n', 'training.yml');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].text).toMatch(/^training\.yml:\d+: not valid YAML/);
  });

  it('cross-field rule: evaluation.horizon must be a label horizon', () => {
    const r = validateConfig({ evaluation: { horizon: 7 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].text).toBe('evaluation.horizon: expected one of labels.max_holding_periods (10, 20, 50), got 7');
  });

  it('configHash is stable under key order and changes with values', () => {
    const a = validateConfig({ risk: { max_position_pct: 0.05, kelly_fraction_cap: 0.25 } });
    const b = validateConfig({ risk: { kelly_fraction_cap: 0.25, max_position_pct: 0.05 } });
    const c = validateConfig({ risk: { kelly_fraction_cap: 0.2 } });
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.hash).toBe(b.hash);
      expect(a.hash).not.toBe(c.hash);
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('configToYaml round-trips', () => {
    const c = defaultConfig();
    const r = parseConfigText(configToYaml(c));
    expect(r.ok && configHash(r.config)).toBe(configHash(c));
  });
});
