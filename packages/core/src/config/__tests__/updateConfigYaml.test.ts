import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configHash, configToYaml, defaultConfig, parseConfigText, setConfigValue, updateConfigYaml, validateConfig } from '../index.ts';
import type { ExperimentConfig } from '../index.ts';

const shipped = readFileSync(fileURLToPath(new URL('../../../../../config/training.yml', import.meta.url)), 'utf8');

function edited(path: string, value: unknown): ExperimentConfig {
  const r = validateConfig(setConfigValue(defaultConfig(), path, value));
  if (!r.ok) throw new Error(r.issues[0].text);
  return r.config;
}

describe('updateConfigYaml(previousText, config)', () => {
  it('changes only the edited value and keeps every comment of config/training.yml', () => {
    const next = edited('risk.kelly_fraction_cap', 0.2);
    const text = updateConfigYaml(shipped, next);
    const r = parseConfigText(text);
    expect(r.ok && r.hash).toBe(configHash(next));
    const comments = (t: string) => t.split('\n').filter((l) => l.includes('#')).map((l) => l.slice(l.indexOf('#')));
    expect(comments(text)).toEqual(comments(shipped));
    const diff = shipped.split('\n').filter((l, i) => l !== text.split('\n')[i]);
    expect(diff).toEqual(['  kelly_fraction_cap: 0.25']);
  });

  it('writes lists in flow style and replaces a pluggable piece whose kind changed', () => {
    const base = defaultConfig();
    const r0 = validateConfig({ ...base, evaluation: { ...base.evaluation, horizon: 10 }, labels: { ...base.labels, max_holding_periods: [10, 30], volatility: { kind: 'std', window: 50 } } });
    if (!r0.ok) throw new Error(r0.issues[0].text);
    const next = r0.config;
    const text = updateConfigYaml(shipped, next);
    expect(text).toContain('max_holding_periods: [10, 30]');
    expect(text).toContain('volatility: {kind: std, window: 50}');
    expect(text).toContain('horizon: 10                              # one of labels.max_holding_periods');
    const r = parseConfigText(text);
    expect(r.ok && r.hash).toBe(configHash(next));
  });

  it('keeps keys the user left out (defaults stay implicit) and adds only what changed', () => {
    const text = updateConfigYaml('# my experiment\nname: mine\n', { ...defaultConfig(), name: 'mine', seed: 7 });
    expect(text).toBe('# my experiment\nname: mine\nseed: 7\n');
  });

  it('falls back to the schema-ordered YAML when the previous text is not a valid config', () => {
    const next = edited('seed', 3);
    expect(updateConfigYaml('labels: [oops', next)).toBe(configToYaml(next));
    expect(updateConfigYaml(null, next)).toBe(configToYaml(next));
  });
});
