import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/load.ts';
import { usesHostModels } from '../primaryModel.ts';

function config(input: Record<string, unknown>) {
  const r = validateConfig(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues[0]));
  return r.config;
}

describe('usesHostModels (whether a host must load @skippy/ml for a run)', () => {
  it('is false for the built-in kinds and true for mlp / tcn as the primary model', () => {
    expect(usesHostModels(config({}))).toBe(false);
    expect(usesHostModels(config({ models: { primary: { kind: 'gbdt' } } }))).toBe(false);
    expect(usesHostModels(config({ models: { primary: { kind: 'mlp' } } }))).toBe(true);
    expect(usesHostModels(config({ models: { primary: { kind: 'tcn' } } }))).toBe(true);
  });

  it('counts an in-run search over models.primary.kind only when it is switched on and names a non-built-in kind', () => {
    // the schema refuses such a search today (a kind switch leaves the other kind's keys behind); the
    // answer stays conservative for configs built in code
    const base = config({});
    const withSpace = (enabled: boolean, kinds: string[]) => ({ ...base, hpo: { ...base.hpo, enabled, space: { 'models.primary.kind': kinds } } });
    expect(usesHostModels(withSpace(true, ['logistic', 'gbdt']))).toBe(false);
    expect(usesHostModels(withSpace(true, ['logistic', 'tcn']))).toBe(true);
    expect(usesHostModels(withSpace(false, ['logistic', 'tcn']))).toBe(false);
  });
});
